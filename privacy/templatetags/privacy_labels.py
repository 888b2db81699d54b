"""``{{ disclosure.fields|field_labels }}``: disclosed field names as a person reads them, joined by commas."""

from django import template

from privacy.disclosure_labels import field_labels as labels_of

register = template.Library()


@register.filter
def field_labels(names) -> str:
    return ", ".join(labels_of(names))
