"""Minors and their guardians' consent (promise A8).

An account whose declared date of birth makes its holder younger than ``settings.PRIVACY_MINOR_AGE``
(18 by default) is *restricted* until a guardian's consent is confirmed (by the guardian through an
email link, or by staff with evidence): it cannot place orders or post reviews. Orders and reviews
ask ``user_is_restricted_minor`` before they act. An account without a date of birth (staff created
on the command line, for instance) is not treated as a minor: sign-up always asks for one.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone

from privacy.conf import privacy_settings
from privacy.hashing import keyed_hash
from privacy.masking import mask_email
from privacy.models import GuardianConsent, GuardianConsentMethod, GuardianConsentStatus
from privacy.profile import date_of_birth, date_of_birth_field


def minor_age() -> int:
    return privacy_settings.PRIVACY_MINOR_AGE


def guardian_link_ttl() -> timedelta:
    """How long a guardian's confirmation link stays valid (``PRIVACY_GUARDIAN_LINK_TTL_DAYS``)."""
    return timedelta(days=privacy_settings.PRIVACY_GUARDIAN_LINK_TTL_DAYS)


def age_on(*, date_of_birth: date, today: date) -> int:
    """Completed years on ``today``. Someone born on 29 February has a birthday on 1 March in other years."""
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


def user_is_minor(*, date_of_birth: date | None, today: date | None = None) -> bool:
    """Whether someone born on ``date_of_birth`` is under ``PRIVACY_MINOR_AGE`` on ``today`` (default: the
    current local date). On their birthday they have reached the age. No date of birth: not a minor."""
    if date_of_birth is None:
        return False
    return age_on(date_of_birth=date_of_birth, today=today or timezone.localdate()) < minor_age()


def _confirmed_consent(user_id) -> Exists:
    return Exists(GuardianConsent.objects.filter(user_id=user_id, status=GuardianConsentStatus.CONFIRMED))


def guardian_consent_is_confirmed(*, user_id: int) -> bool:
    """Whether a guardian's consent is on record for ``user_id``. One query."""
    return GuardianConsent.objects.filter(user_id=user_id, status=GuardianConsentStatus.CONFIRMED).exists()


def user_is_restricted_minor(*, user_id: int, today: date | None = None) -> bool:
    """Whether ``user_id`` is a minor without a confirmed guardian's consent, so must not order or review.

    One query. An unknown user is not restricted (there is nothing to restrict).
    """
    row = (
        get_user_model()
        .objects.filter(pk=user_id)
        .annotate(guardian_confirmed=_confirmed_consent(OuterRef("pk")))
        .values_list(date_of_birth_field(), "guardian_confirmed")
        .first()
    )
    if row is None:
        return False
    date_of_birth, guardian_confirmed = row
    return user_is_minor(date_of_birth=date_of_birth, today=today) and not guardian_confirmed


def user_is_restricted(*, user, today: date | None = None) -> bool:
    """``user_is_restricted_minor`` for a user object already loaded: no query unless they are a minor."""
    if not user_is_minor(date_of_birth=date_of_birth(user), today=today):
        return False
    return not guardian_consent_is_confirmed(user_id=user.pk)


def guardian_consent_latest(*, user_id: int) -> GuardianConsent | None:
    """The user's most relevant guardian consent: the confirmed one if any, else the latest request."""
    consents = GuardianConsent.objects.filter(user_id=user_id)
    return (
        consents.filter(status=GuardianConsentStatus.CONFIRMED).order_by("-confirmed_at", "-id").first()
        or consents.order_by("-requested_at", "-id").first()
    )


def guardian_request_expires_at(consent: GuardianConsent):
    return consent.requested_at + guardian_link_ttl()


def guardian_consent_for_token(*, token: str) -> GuardianConsent | None:
    """The request a guardian's link points to, with its minor, or None for an unknown or used link.

    Expiry is not checked here: ``guardian_request_is_expired`` tells, so the page can say why.
    """
    if not token:
        return None
    return (
        GuardianConsent.objects.select_related("user")
        .filter(
            token_hash=keyed_hash(token),
            status=GuardianConsentStatus.REQUESTED,
            method=GuardianConsentMethod.EMAIL,
            user__is_active=True,
        )
        .first()
    )


def guardian_request_is_expired(consent: GuardianConsent, *, now=None) -> bool:
    return (now or timezone.now()) >= guardian_request_expires_at(consent)


class GuardianStatus(StrEnum):
    NOT_NEEDED = "not_needed"  # not a minor
    MISSING = "missing"  # a minor, nobody asked yet
    REQUESTED = "requested"  # a link is on its way to the guardian
    EXPIRED = "expired"  # the link expired unanswered
    CONFIRMED = "confirmed"  # the guardian agreed: no restriction


@dataclass(frozen=True)
class GuardianConsentState:
    """Where a user stands with the guardian's consent, as the privacy centre shows it."""

    status: GuardianStatus
    restricted: bool
    guardian_email: str | None  # masked
    method: str | None
    requested_at: datetime | None
    expires_at: datetime | None
    confirmed_at: datetime | None


def guardian_consent_state(*, user) -> GuardianConsentState:
    """The state of ``user`` (already loaded). No query for an adult; one or two for a minor."""
    if not user_is_minor(date_of_birth=date_of_birth(user)):
        return GuardianConsentState(GuardianStatus.NOT_NEEDED, False, None, None, None, None, None)
    consent = guardian_consent_latest(user_id=user.pk)
    if consent is None:
        return GuardianConsentState(GuardianStatus.MISSING, True, None, None, None, None, None)
    if consent.status == GuardianConsentStatus.CONFIRMED:
        status = GuardianStatus.CONFIRMED
    else:
        status = GuardianStatus.EXPIRED if guardian_request_is_expired(consent) else GuardianStatus.REQUESTED
    return GuardianConsentState(
        status=status,
        restricted=status is not GuardianStatus.CONFIRMED,
        guardian_email=mask_email(consent.guardian_email) or None,
        method=consent.method,
        requested_at=consent.requested_at,
        expires_at=None if status is GuardianStatus.CONFIRMED else guardian_request_expires_at(consent),
        confirmed_at=consent.confirmed_at,
    )


def guardian_approved_purposes(*, user_id: int) -> set[str]:
    """The optional purposes the guardian of minor ``user_id`` approved in their confirmed consent."""
    consent = (
        GuardianConsent.objects.filter(user_id=user_id, status=GuardianConsentStatus.CONFIRMED)
        .order_by("-confirmed_at", "-id")
        .values_list("approved_purposes", flat=True)
        .first()
    )
    return set(consent or [])
