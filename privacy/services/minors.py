"""Guardians' consent for minors' accounts, and erasing what was collected without it (promise A8).

Two ways to a confirmed consent:

* By email: the minor names a guardian (``guardian_consent_request``); the guardian gets a one-time
  link, valid ``PRIVACY_GUARDIAN_LINK_TTL_DAYS``, to a page that says what they agree to, and confirms
  it there (``guardian_consent_confirm``). Only a keyed hash of the link's token is stored, so the
  database alone cannot confirm anything. A newer request replaces the pending one (its link stops
  working) and requests are at least ``REQUEST_INTERVAL`` apart, so the form cannot be used to spam.
* By staff, in the admin, with the evidence they saw (``guardian_consent_record_by_staff``).

Erasing a restricted minor's account is account cancellation's work
(``privacy.cancellation.services.minors.minor_erase_unconsented_data``).
"""

import logging
import secrets
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.errors import DomainError
from core.i18n import language_of
from privacy.errors import (
    GuardianConfirmedByAccountHolder,
    GuardianConsentAlreadyConfirmed,
    GuardianConsentNotNeeded,
    GuardianConsentRequestedRecently,
    GuardianEmailNotSent,
    GuardianLinkExpired,
    GuardianLinkInvalid,
)
from privacy.hashing import keyed_hash, normalise_email
from privacy.masking import mask_email
from privacy.models import GuardianConsent, GuardianConsentMethod, GuardianConsentStatus
from privacy.profile import date_of_birth
from privacy.purposes import GUARDIAN_APPROVED_PURPOSES
from privacy.selectors.minors import (
    guardian_consent_for_token,
    guardian_consent_is_confirmed,
    guardian_request_expires_at,
    guardian_request_is_expired,
    minor_age,
    user_is_minor,
)

logger = logging.getLogger(__name__)

REQUEST_INTERVAL = timedelta(minutes=5)
TOKEN_BYTES = 32


def _lock_user(user_id: int):
    """The user row, locked: two requests (or a request and a confirmation) for one minor run one by one."""
    return get_user_model().objects.select_for_update().filter(pk=user_id).first()


def _pending_email_requests(user_id: int):
    return GuardianConsent.objects.filter(
        user_id=user_id, status=GuardianConsentStatus.REQUESTED, method=GuardianConsentMethod.EMAIL
    )


def _send_request_email(*, consent: GuardianConsent, user, token: str, site_url: str) -> None:
    path = reverse("privacy:guardian-confirm", kwargs={"token": token})
    context = {
        "guardian_name": consent.guardian_name,
        "account": user.nickname or mask_email(user.email),
        "confirm_url": urljoin(site_url, path),
        "expires_at": guardian_request_expires_at(consent),
        "minor_age": minor_age(),
    }
    try:
        # In the minor's language: the guardian is most likely to read the one the family uses on the shop.
        with translation.override(language_of(user)):
            subject = render_to_string("privacy/email/guardian_consent_subject.txt", context).strip()
            body = render_to_string("privacy/email/guardian_consent_request.txt", context)
        send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [consent.guardian_email],
        )
    except OSError as exc:
        logger.warning("Guardian consent email for request %s not sent: %s", consent.pk, type(exc).__name__)
        raise GuardianEmailNotSent() from None


def guardian_consent_request(*, user, guardian_email: str, guardian_name: str, site_url: str) -> GuardianConsent:
    """Ask ``guardian_email`` to consent for the minor ``user``; emails them a one-time link.

    ``site_url`` is the scheme and host the link starts with (``request.build_absolute_uri("/")``).
    Replaces the user's pending email request, if any. The row is written and the email sent in one
    transaction: if the email cannot be sent, nothing is recorded (``GuardianEmailNotSent``).

    Raises ``GuardianConsentNotNeeded`` (not a minor), ``GuardianConsentAlreadyConfirmed``,
    ``GuardianConsentRequestedRecently`` (with ``retry_after`` seconds), and ``DomainError`` ``invalid``
    when the guardian's email is the account's own.
    """
    email = normalise_email(guardian_email)
    with transaction.atomic():
        locked = _lock_user(user.pk)
        if locked is None or not user_is_minor(date_of_birth=date_of_birth(locked)):
            raise GuardianConsentNotNeeded()
        if email == normalise_email(locked.email):
            raise DomainError(
                gettext("A guardian must confirm with their own email address, not the account's."),
                code="invalid",
                fields={"guardian_email": ["Enter your parent's or guardian's email address, not your own."]},
            )
        if guardian_consent_is_confirmed(user_id=user.pk):
            raise GuardianConsentAlreadyConfirmed()
        now = timezone.now()
        pending = _pending_email_requests(user.pk)
        latest = pending.order_by("-requested_at", "-id").values_list("requested_at", flat=True).first()
        if latest is not None and now - latest < REQUEST_INTERVAL:
            wait = REQUEST_INTERVAL - (now - latest)
            raise GuardianConsentRequestedRecently(retry_after=max(1, int(wait.total_seconds())))
        # An unanswered request proves nothing: the newer one replaces it, with the guardian's address.
        pending.delete()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        consent = GuardianConsent.objects.create(
            user_id=user.pk,
            guardian_name=guardian_name.strip(),
            guardian_email=email,
            token_hash=keyed_hash(token),
            status=GuardianConsentStatus.REQUESTED,
            method=GuardianConsentMethod.EMAIL,
            requested_at=now,
        )
        _send_request_email(consent=consent, user=locked, token=token, site_url=site_url)
    return consent


def _link_check(consent: GuardianConsent | None, *, confirmer_id: int | None) -> GuardianConsent:
    if consent is None:
        raise GuardianLinkInvalid()
    if confirmer_id is not None and confirmer_id == consent.user_id:
        raise GuardianConfirmedByAccountHolder()
    if guardian_request_is_expired(consent):
        raise GuardianLinkExpired()
    return consent


def guardian_link_validate(*, token: str, confirmer_id: int | None = None) -> GuardianConsent:
    """The pending request a guardian's link opens, if they may confirm it now; changes nothing.

    The check ``guardian_consent_confirm`` makes again under its lock (validate, then act, as allauth's
    ``validate_disconnect`` before ``disconnect``): the page asks it before showing the declaration. Raises
    ``GuardianLinkInvalid``, ``GuardianLinkExpired`` and ``GuardianConfirmedByAccountHolder``.
    """
    return _link_check(guardian_consent_for_token(token=token), confirmer_id=confirmer_id)


def guardian_consent_confirm(
    *,
    token: str,
    confirmer_id: int | None = None,
    declaration: str = "",
    approved_purposes: tuple[str, ...] | list[str] = (),
) -> GuardianConsent:
    """The guardian confirms through their link: the request becomes CONFIRMED, and the link is spent.

    ``confirmer_id`` is the signed-in user clicking, if any: the minor cannot confirm for themselves.
    ``declaration`` is what the guardian declared, recorded word for word; ``approved_purposes`` the
    optional purposes (``GUARDIAN_APPROVED_PURPOSES``) the minor may switch on.
    Raises ``GuardianLinkInvalid`` (unknown, used or replaced link; an erased account),
    ``GuardianLinkExpired`` and ``GuardianConfirmedByAccountHolder``. A second click fails as invalid.
    """
    with transaction.atomic():
        consent = (
            GuardianConsent.objects.select_for_update(of=("self",))
            .filter(
                token_hash=keyed_hash(token),
                status=GuardianConsentStatus.REQUESTED,
                method=GuardianConsentMethod.EMAIL,
                user__is_active=True,
            )
            .first()
            if token
            else None
        )
        consent = _link_check(consent, confirmer_id=confirmer_id)
        consent.status = GuardianConsentStatus.CONFIRMED
        consent.confirmed_at = timezone.now()
        consent.token_hash = ""
        consent.declaration = declaration
        consent.approved_purposes = sorted(set(approved_purposes) & set(GUARDIAN_APPROVED_PURPOSES))
        consent.save(update_fields=["status", "confirmed_at", "token_hash", "declaration", "approved_purposes"])
    return consent


def guardian_consent_record_by_staff(
    *,
    user_id: int,
    guardian_name: str,
    guardian_email: str,
    evidence: str,
    staff,
    approved_purposes: tuple[str, ...] | list[str] = (),
) -> GuardianConsent:
    """Staff record a guardian's consent they verified otherwise (a signed form, a call), with evidence and
    the optional uses the guardian approved (``GUARDIAN_APPROVED_PURPOSES``; others are ignored).

    Pending email requests of the user are withdrawn (their links stop working). Raises ``DomainError``
    ``invalid`` without evidence, ``GuardianConsentNotNeeded`` for an account that is not a minor's and
    ``GuardianConsentAlreadyConfirmed``.
    """
    evidence = evidence.strip()
    if not evidence:
        raise DomainError(
            gettext("Say what shows the guardian's consent."),
            code="invalid",
            fields={"evidence": ["This field is required."]},
        )
    with transaction.atomic():
        locked = _lock_user(user_id)
        if locked is None or not user_is_minor(date_of_birth=date_of_birth(locked)):
            raise GuardianConsentNotNeeded()
        if guardian_consent_is_confirmed(user_id=user_id):
            raise GuardianConsentAlreadyConfirmed()
        _pending_email_requests(user_id).delete()
        now = timezone.now()
        return GuardianConsent.objects.create(
            user_id=user_id,
            guardian_name=guardian_name.strip(),
            guardian_email=normalise_email(guardian_email) if guardian_email else "",
            status=GuardianConsentStatus.CONFIRMED,
            method=GuardianConsentMethod.STAFF,
            evidence=evidence,
            recorded_by=staff,
            requested_at=now,
            confirmed_at=now,
            approved_purposes=sorted(set(approved_purposes) & set(GUARDIAN_APPROVED_PURPOSES)),
        )
