"""Reads about consents. The state of a purpose is its latest record; no record means off (A3)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery

from privacy.errors import UnknownPurpose
from privacy.models import ConsentRecord
from privacy.purposes import PURPOSES, PURPOSES_BY_CODE


@dataclass(frozen=True)
class ConsentStatus:
    purpose: str
    title: str
    description: str
    granted: bool
    updated_at: datetime | None


def _latest_records(*, user_id: int) -> dict[str, tuple[bool, datetime]]:
    # A user's history is a handful of rows per purpose, so reading it whole and keeping the newest per
    # purpose is one small query on every database.
    latest: dict[str, tuple[bool, datetime]] = {}
    history = (
        ConsentRecord.objects.filter(user_id=user_id)
        .order_by("-created_at", "-id")
        .values_list("purpose", "granted", "created_at")
    )
    for purpose, granted, created_at in history:
        latest.setdefault(purpose, (granted, created_at))
    return latest


def consent_details(*, user) -> list[ConsentStatus]:
    """Every declared purpose with its current state and when it last changed, in declaration order."""
    latest = _latest_records(user_id=user.pk)
    return [
        ConsentStatus(
            purpose=purpose.code,
            title=purpose.title,
            description=purpose.description,
            granted=latest.get(purpose.code, (False, None))[0],
            updated_at=latest.get(purpose.code, (False, None))[1],
        )
        for purpose in PURPOSES
    ]


def consent_state(*, user) -> dict[str, bool]:
    """``{purpose: granted}`` for every declared purpose; off unless the latest record grants it. One query."""
    latest = _latest_records(user_id=user.pk)
    return {purpose.code: latest.get(purpose.code, (False, None))[0] for purpose in PURPOSES}


def consent_latest_choice(*, user_id: int, purpose: str) -> bool | None:
    """The user's latest choice for ``purpose``, or None when they never chose. One query."""
    if purpose not in PURPOSES_BY_CODE:
        raise UnknownPurpose(fields={"purpose": [f"Unknown purpose {purpose!r}."]})
    return (
        ConsentRecord.objects.filter(user_id=user_id, purpose=purpose)
        .order_by("-created_at", "-id")
        .values_list("granted", flat=True)
        .first()
    )


def consent_is_granted(*, user_id: int, purpose: str) -> bool:
    """True only while the user's latest record for ``purpose`` grants it. One query.

    Call it right before processing data for an optional purpose: a withdrawal counts from that moment.
    Raises ``UnknownPurpose`` for a purpose not declared in ``privacy.purposes`` (a typo must not read as
    "not granted" forever).
    """
    return bool(consent_latest_choice(user_id=user_id, purpose=purpose))


def consent_granted_user_ids(*, user_ids: list[int], purpose: str) -> set[int]:
    """Which of ``user_ids`` have ``purpose`` granted right now (their latest record grants it). One query."""
    if purpose not in PURPOSES_BY_CODE:
        raise UnknownPurpose(fields={"purpose": [f"Unknown purpose {purpose!r}."]})
    latest = (
        ConsentRecord.objects.filter(user_id=OuterRef("user_id"), purpose=purpose)
        .order_by("-created_at", "-id")
        .values("granted")[:1]
    )
    return set(
        ConsentRecord.objects.filter(user_id__in=user_ids, purpose=purpose)
        .annotate(latest_granted=Subquery(latest))
        .filter(latest_granted=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
