"""Each app's own settings are declared once, in its ``conf.py``, with a default and a line of documentation
(``core.conf.AppSetting``), and every setting the code reads is one of them."""

import re
from collections import Counter
from pathlib import Path

from django.conf import settings

from core.conf import declared_settings
from privacy.retention.conf import RetentionSettings

ROOT = Path(__file__).resolve().parents[2]
APP_PREFIXES = ("PRIVACY_", "ORDERS_", "LOGISTICS_", "REVIEWS_", "SHOP_", "DEMO_", "INVOICES_", "TAX_")
READ = re.compile(
    r"""settings\.([A-Z][A-Z0-9_]+)|settings,\s*["']([A-Z][A-Z0-9_]+)["']|setting\(["']([A-Z][A-Z0-9_]+)["']\)"""
)


def _code_files():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "tests", "config", "bench", "var", "node_modules"} or "migrations" in parts:
            continue
        yield path


def test_every_app_setting_has_a_default_and_a_doc():
    # given
    declared = declared_settings(settings.INSTALLED_APPS)

    # then
    assert len(declared) > 50
    undocumented = [s.name for s in declared if len(s.doc.strip()) < 10]
    assert undocumented == []
    assert [s.name for s in declared if s.default is None] == []


def test_no_app_setting_is_declared_twice():
    counts = Counter(s.name for s in declared_settings(settings.INSTALLED_APPS))
    assert [name for name, n in counts.items() if n > 1] == []


def test_every_app_setting_the_code_reads_is_declared_with_its_default():
    # given
    declared = {s.name for s in declared_settings(settings.INSTALLED_APPS)}

    # when
    read = {
        name
        for path in _code_files()
        for match in READ.finditer(path.read_text())
        for name in match.groups()
        if name and name.startswith(APP_PREFIXES)
    }

    # then
    assert read, "the scan found no setting at all"
    assert sorted(read - declared) == []


def test_every_declared_setting_reaches_djangos_settings():
    # given: config/settings puts every declared setting into Django's settings (environment, else default)
    missing = [s.name for s in declared_settings(settings.INSTALLED_APPS) if not hasattr(settings, s.name)]

    # then
    assert missing == []


def test_retention_periods_are_declared_once_with_their_category():
    # given: the settings do not repeat the declarations' periods; an override is opt-in
    assert RetentionSettings.PRIVACY_RETENTION_DEFAULTS.default == {}

    # then
    assert settings.PRIVACY_RETENTION_DEFAULTS == {}
    settings_source = "\n".join(p.read_text() for p in (ROOT / "config" / "settings").glob("*.py"))
    assert "PRIVACY_RETENTION_DEFAULTS" not in settings_source
