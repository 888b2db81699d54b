"""An object's text (its ``__str__``) as the admin may show or record it: without the personal data in it.

The admin prints ``str(obj)`` in titles, breadcrumbs, history and deletion pages, and writes it into its
change history (``LogEntry.object_repr`` and inline change messages). The project's models keep ``__str__``
free of personal data; third-party ones do not (allauth's ``EmailAddress`` is its email address). So every
admin using ``privacy.admin.masking.PiiMaskedAdminMixin`` goes through ``masked_object_text``: each declared
masked field's value found in the text is replaced by its masked form.
"""

from typing import Any

from django.db import models

from privacy.masking import FULL_MASK, Mask, mask_value
from privacy.services.pii_access import masked_fields

# Shorter values are left alone: replacing every "a" or "12" of a title would say nothing and hide everything.
MIN_REPLACED_LENGTH = 3


def masked_object_text(obj: models.Model, text: str | None = None) -> str:
    """``text`` (by default ``str(obj)``) with every declared masked value of ``obj`` replaced by its mask."""
    text = str(obj) if text is None else text
    for personal in masked_fields(obj):
        model_field = obj._meta.get_field(personal.name)
        if model_field.is_relation or model_field.many_to_many:
            continue
        value = getattr(obj, personal.name, None)
        if isinstance(value, models.Model) or value in (None, ""):
            continue
        raw = str(value)
        if len(raw) < MIN_REPLACED_LENGTH or raw not in text:
            continue
        masked = mask_value(personal.mask, raw) if personal.mask is not Mask.ADDRESS else FULL_MASK
        text = text.replace(raw, str(masked if isinstance(masked, str) else FULL_MASK))
    return text


class MaskedObject:
    """``obj`` as the admin's templates and log see it: every attribute its own, its text masked."""

    def __init__(self, obj: models.Model) -> None:
        self._pii_obj = obj
        self._pii_text = masked_object_text(obj)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pii_obj, name)

    def __str__(self) -> str:
        return self._pii_text

    def __eq__(self, other: object) -> bool:
        return self._pii_obj == (other._pii_obj if isinstance(other, MaskedObject) else other)

    def __hash__(self) -> int:
        return hash(self._pii_obj)
