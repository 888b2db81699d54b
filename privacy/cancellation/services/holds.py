"""Legal holds (E2): staff place one on a user or an object, with a reason, and release it with a reason.

A hold is never deleted. While one is active on a user, anonymisation skips that user and retention
skips their rows (``privacy.selectors.holds``); releasing it lets the postponed work run on its next pass.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import Conflict, DomainError, NotFound
from privacy.models import LegalHold

logger = logging.getLogger(__name__)


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, code="invalid", fields={field: ["This field is required."]})
    return value


def legal_hold_place(
    *,
    reason: str,
    staff_id: int | None,
    user_id: int | None = None,
    content_type: ContentType | None = None,
    object_id: str = "",
) -> LegalHold:
    """Place a hold on user ``user_id`` or on one object (``content_type`` + ``object_id``), not both.

    Raises ``DomainError`` ``invalid`` without a reason, or unless exactly one target is named.
    """
    reason = _required(reason, "reason", "Say on what legal ground the data must be kept.")
    names_object = content_type is not None and bool(str(object_id).strip())
    if (user_id is None) == (not names_object):
        raise DomainError(
            gettext("A hold names either a user or one object (its type and id), not both and not neither."),
            code="invalid",
            fields={"user": ["Choose a user, or an object type and id."]},
        )
    hold = LegalHold.objects.create(
        user_id=user_id,
        content_type=content_type if names_object else None,
        object_id=str(object_id).strip() if names_object else "",
        reason=reason,
        placed_by_id=staff_id,
        placed_at=timezone.now(),
    )
    logger.info("Legal hold %s placed by staff %s", hold.pk, staff_id)
    return hold


def legal_hold_release(*, hold_id: int, reason: str, staff_id: int | None) -> LegalHold:
    """Release active hold ``hold_id`` with ``reason``. Raises ``NotFound``, ``DomainError`` ``invalid``
    (no reason) and ``Conflict`` ``legal_hold_released`` (released already). Locks the hold."""
    reason = _required(reason, "release_reason", "Say why the hold is no longer needed.")
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().filter(pk=hold_id).first()
        if hold is None:
            raise NotFound(gettext("This legal hold does not exist."))
        if hold.released_at is not None:
            raise Conflict(gettext("This hold was released already."), code="legal_hold_released")
        hold.released_at = timezone.now()
        hold.released_by_id = staff_id
        hold.release_reason = reason
        hold.save(update_fields=["released_at", "released_by", "release_reason"])
    logger.info("Legal hold %s released by staff %s", hold_id, staff_id)
    return hold
