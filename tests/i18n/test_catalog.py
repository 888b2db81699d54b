"""The committed Simplified Chinese catalog covers every string the site marks for translation.

The strings are extracted from the code and templates exactly as ``manage.py translations_update`` does (GNU
xgettext, installed by ``make install``), into a temporary folder, and compared with the committed
``locale/zh_Hans/LC_MESSAGES/django.po``: a new or changed string without a translation fails here. The
compiled ``.mo`` the site loads must say the same as the ``.po``.
"""

import gettext
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from core.management.commands.translations_update import extract_messages

COMMITTED_PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
COMMITTED_MO = COMMITTED_PO.with_suffix(".mo")
SKIPPED_WHEN_COPYING = ("locale", ".venv", ".git", "tests", "var", "media", "staticfiles", "node_modules", "*.pyc")


def _catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_Hans")


def _key(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}\x04{msgid}" if message.context else msgid


def _translations(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The strings the code and templates mark today, extracted into an empty temporary locale folder."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: run `make install` (it installs Debian's gettext package).")
    # makemessages writes into any "locale" folder of the directory it runs in, so it runs on a copy of the
    # sources without the catalogs: the committed files are never touched.
    sources = tmp_path_factory.mktemp("sources") / "project"
    shutil.copytree(
        settings.BASE_DIR,
        sources,
        ignore=shutil.ignore_patterns(*SKIPPED_WHEN_COPYING),
    )
    target = tmp_path_factory.mktemp("locale")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(sources)
        patch.setattr(settings, "LOCALE_PATHS", [target])
        extract_messages()
    return _catalog(target / "zh_Hans" / "LC_MESSAGES" / "django.po")


def test_every_marked_string_has_a_chinese_translation(extracted):
    # given the committed catalog
    committed = {_key(message): message for message in _catalog(COMMITTED_PO) if message.id}

    # when every string extracted from the code and templates is looked up in it
    missing = sorted(_key(m) for m in extracted if m.id and _key(m) not in committed)
    untranslated = sorted(
        key
        for key in (_key(m) for m in extracted if m.id)
        if key in committed and not all(text.strip() for text in _translations(committed[key]))
    )
    fuzzy = sorted(key for key, message in committed.items() if message.fuzzy)

    # then each has a translation, none of them fuzzy
    assert missing == [], f"{len(missing)} strings are not in the catalog: run manage.py translations_update"
    assert untranslated == [], f"{len(untranslated)} strings have an empty translation"
    assert fuzzy == [], f"{len(fuzzy)} translations are marked fuzzy: check and unmark them"
    assert len(committed) > 700


def test_the_compiled_catalog_says_what_the_po_file_says():
    # given the .mo file the site loads, and the .po file it was compiled from
    with COMMITTED_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    # then every entry of the .po translates the same through the .mo
    stale = []
    for message in _catalog(COMMITTED_PO):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            got = (
                compiled.npgettext(message.context, *message.id, 1)
                if message.context
                else compiled.ngettext(*message.id, 1)
            )
        else:
            got = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
        if got != _translations(message)[0]:
            stale.append(_key(message))
    assert stale == [], f"{len(stale)} entries differ: run manage.py compilemessages and commit the .mo"
