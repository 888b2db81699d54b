"""``manage.py translations_update``: refresh the site's message catalogs from the code, then compile them.

Runs Django's ``makemessages`` over the project's own code and templates (never the virtualenv, the tests or
generated files) for every language but the default one, then ``compilemessages``. Both need GNU gettext
(``xgettext``, ``msgmerge``, ``msgfmt``: Debian's ``gettext``, installed by ``make install``). New and changed
strings arrive with an empty or fuzzy translation: translate them in ``locale/<lang>/LC_MESSAGES/django.po``,
run this again, and commit both the ``.po`` and the ``.mo`` (README, "Languages").
"""

from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.utils.translation import to_locale

# What makemessages must not read: third-party code, tests, generated and collected files, and the catalogs
# themselves (a "locale" folder it walks into would become where it writes, whatever LOCALE_PATHS says).
IGNORED = ["locale", ".venv/*", "tests/*", "bench/*", "var/*", "staticfiles/*", "media/*", "node_modules/*", "docs/*"]


def catalog_locales() -> list[str]:
    """The gettext locale names of the site's languages other than the default one (``zh-hans`` -> ``zh_Hans``)."""
    return [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def extract_messages(*, verbosity: int = 0) -> None:
    """``makemessages`` for every catalog locale, into ``settings.LOCALE_PATHS[0]``."""
    call_command(
        "makemessages",
        locale=catalog_locales(),
        ignore_patterns=IGNORED,
        no_location=True,
        verbosity=verbosity,
    )


class Command(BaseCommand):
    help = "Extract the site's translatable strings into locale/*/django.po, then compile the .mo files."

    def handle(self, *args, **options) -> None:
        extract_messages(verbosity=options["verbosity"])
        compiled_ignored = [pattern for pattern in IGNORED if pattern != "locale"]
        call_command("compilemessages", locale=catalog_locales(), ignore_patterns=compiled_ignored, verbosity=0)
        self.stdout.write("Catalogs updated: translate empty and fuzzy entries, run this again, commit .po and .mo.")
