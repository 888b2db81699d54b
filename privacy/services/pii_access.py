"""Revealing unmasked personal data to staff, and the audit trail of every such look (promise F3).

Personal fields are shown masked to staff by default (``privacy.admin.masking``). Seeing a value in the
clear needs the permission ``privacy.view_unmasked_pii`` and leaves a ``PiiAccessLog`` entry: who looked,
at which record, at which fields (names only, never values), why, and when. Superusers are no exception:
they hold every permission, so they may reveal, and every reveal they make is logged like anyone else's.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext

from core.errors import DomainError, PermissionDenied
from privacy.masking import Mask
from privacy.models import PiiAccessLog
from privacy.registry import PersonalField, for_model

PII_REVEAL_PERMISSION = "privacy.view_unmasked_pii"
REASON_MAX_LENGTH = PiiAccessLog._meta.get_field("reason").max_length


@dataclass(frozen=True)
class RevealedField:
    """One personal field in the clear: its model field name, its label and its stored value."""

    name: str
    label: str
    value: Any


@dataclass(frozen=True)
class PiiReveal:
    """What a reveal showed, and the access log entry that records it."""

    log: PiiAccessLog
    fields: tuple[RevealedField, ...]


def masked_fields(model: type[models.Model] | models.Model) -> tuple[PersonalField, ...]:
    """The declared personal fields of ``model`` that are shown masked (every mask but ``Mask.NONE``)."""
    declaration = for_model(model)
    if declaration is None:
        return ()
    return tuple(personal for personal in declaration.fields if personal.mask is not Mask.NONE)


def revealable_fields(model: type[models.Model] | models.Model) -> tuple[PersonalField, ...]:
    """The masked fields of ``model`` that a reveal shows. Secrets kept from the person's own export
    (``export=False``: a password hash, an access token) are never revealed to staff either."""
    return tuple(personal for personal in masked_fields(model) if personal.export)


def may_reveal_pii(staff, *, permission: str = PII_REVEAL_PERMISSION) -> bool:
    """Whether ``staff`` may see personal data unmasked: an active staff member with the permission (by default
    ``privacy.view_unmasked_pii``; a narrower one where a task needs only some data, such as packing slips)."""
    return bool(staff.is_active and staff.is_staff and staff.has_perm(permission))


def _check_may_reveal(staff, permission: str = PII_REVEAL_PERMISSION) -> None:
    if not may_reveal_pii(staff, permission=permission):
        raise PermissionDenied(
            gettext("Revealing personal data needs the permission to view unmasked personal data."),
            code="pii_reveal_not_allowed",
        )


def _clean_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:
        message = f"Keep the reason under {REASON_MAX_LENGTH} characters."
        raise DomainError(message, code="pii_access_reason_too_long", fields={"reason": [message]})
    return reason


def pii_access_record(
    *,
    staff,
    obj: models.Model,
    field_names: Iterable[str],
    reason: str = "",
    permission: str = PII_REVEAL_PERMISSION,
) -> PiiAccessLog:
    """Record that ``staff`` saw the fields ``field_names`` of ``obj`` unmasked, and return the entry.

    Call it *before* the values are shown, so no value is ever shown without its entry. Not idempotent:
    every call is one access. Only the field names are stored, sorted and deduplicated, never a value.
    Raises ``core.errors.PermissionDenied`` (``pii_reveal_not_allowed``) unless ``staff`` may reveal
    (``may_reveal_pii`` with ``permission``), ``DomainError`` (``pii_access_reason_too_long``) for an over-long
    reason, and ``ValueError`` when no field is named (an access that shows nothing is not an access).
    """
    _check_may_reveal(staff, permission)
    names = sorted(set(field_names))
    if not names:
        raise ValueError("An access log entry must name the fields that were shown.")
    return PiiAccessLog.objects.create(
        staff=staff,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        fields=names,
        reason=_clean_reason(reason),
    )


def _stored_value(obj: models.Model, name: str) -> Any:
    model_field = obj._meta.get_field(name)
    if model_field.many_to_many:
        return list(getattr(obj, name).all())
    return getattr(obj, name)


def pii_reveal(*, staff, obj: models.Model, reason: str) -> PiiReveal:
    """Show ``staff`` every revealable personal field of ``obj`` in the clear (``revealable_fields``).

    A reveal needs a reason (the support ticket, the courier's call), recorded in the access log; an empty
    one raises ``DomainError`` (``pii_access_reason_required``) before anything is read or written.
    The access log entry is written first, in its own statement; the values are read afterwards, so a
    reveal that fails to be recorded shows nothing. Raises as ``pii_access_record`` does, and
    ``ValueError`` when the model declares no field that can be revealed.
    """
    if not reason.strip():
        message = "Say why you need to see this data."
        raise DomainError(message, code="pii_access_reason_required", fields={"reason": [message]})
    declared = revealable_fields(obj)
    log = pii_access_record(staff=staff, obj=obj, field_names=[personal.name for personal in declared], reason=reason)
    revealed = tuple(
        RevealedField(name=personal.name, label=personal.label, value=_stored_value(obj, personal.name))
        for personal in declared
    )
    return PiiReveal(log=log, fields=revealed)
