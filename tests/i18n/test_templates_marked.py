"""Every text a shopper reads in a site template is marked for translation.

Marked strings are checked against the Chinese catalog by ``test_catalog.py``; this test finds the strings
nobody marked. Staff screens (the admin's own templates and the staff reminder email) and the demo payment
provider's page (a stand-in for a third party, development only) are left out on purpose.
"""

from pathlib import Path

from django.conf import settings

from tests.i18n.unmarked_text import unmarked_text

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STAFF_OR_DEMO = (
    "admin/",
    "orders/admin/",
    "privacy/admin/",
    "privacy/retention/admin/",
    "privacy/incidents/admin_confirm.html",
    "privacy/requests/reminder.txt",
    "privacy/requests/reminder_subject.txt",
    "demo_payments/",
)


def _shopper_templates() -> list[Path]:
    paths = []
    for path in sorted(TEMPLATES.rglob("*")):
        name = path.relative_to(TEMPLATES).as_posix()
        if path.suffix in {".html", ".txt"} and not name.startswith(STAFF_OR_DEMO):
            paths.append(path)
    return paths


def test_every_shopper_template_marks_its_text_for_translation():
    unmarked = {}
    for path in _shopper_templates():
        found = unmarked_text(path.read_text(encoding="utf-8"))
        if found:
            unmarked[path.relative_to(TEMPLATES).as_posix()] = found

    assert unmarked == {}, "wrap these in {% translate %} or {% blocktranslate %}: " + repr(unmarked)
    assert len(_shopper_templates()) > 80


def test_the_finder_sees_unmarked_text_and_ignores_marked_text():
    assert unmarked_text('<p>Hello {{ name }}</p><img alt="A photo">') == ["A photo", "Hello"]
    assert unmarked_text('{% load i18n %}<p>{% translate "Hello" %} {{ name }}</p>') == []
    assert unmarked_text("<p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %} · PrivaShop</p>") == []
    assert unmarked_text("{% block main_class %}layout-narrow{% endblock main_class %}") == []
