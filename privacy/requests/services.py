"""Writes of privacy requests (G1): submit, verify, answer, remind.

A signed-in shopper's request counts at once (their account's address is verified). A signed-out
person's counts once they open the link emailed to the address they gave: only a keyed hash of the
link's token is stored. Staff answer in the admin; the answer is recorded and emailed. A daily beat job
reminds staff of requests due soon. Logs carry ids only.
"""

import logging
import secrets
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from core.errors import Conflict, DomainError, NotFound
from core.i18n import language_of
from privacy.codes import ErrorCode
from privacy.hashing import keyed_hash, normalise_email
from privacy.requests import conf
from privacy.requests.models import PrivacyRequest, RequestKind, RequestStatus

logger = logging.getLogger(__name__)


class RequestLinkInvalid(DomainError):
    code = ErrorCode.REQUEST_LINK_INVALID
    default_detail = gettext_lazy("This verification link is invalid or has expired. Send your request again.")


def _mail(template: str, context: dict, to: list[str], user=None) -> None:
    with translation.override(language_of(user)):
        subject = render_to_string(f"privacy/requests/{template}_subject.txt", context).strip()
        body = render_to_string(f"privacy/requests/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def _open(request: PrivacyRequest, now) -> None:
    request.status = RequestStatus.OPEN
    request.received_at = now
    request.due_at = now + conf.answer_within()


def privacy_request_submit(*, user, kind: str, details: str, email: str = "", site_url: str = "") -> PrivacyRequest:
    """Record a request. Signed in (``user``): it counts now, answered at the account's address.
    Signed out: ``email`` is required and gets a verification link; the request counts once it is opened.

    Raises ``DomainError`` ``invalid`` (unknown kind, empty details, no email when signed out).
    """
    details = details.strip()
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = ["Choose what you are asking for."]
    if not details:
        errors["details"] = ["Tell us what you are asking."]
    signed_in = user is not None and user.is_authenticated
    if not signed_in and not email:
        errors["email"] = ["Give the email address we should answer."]
    if errors:
        raise DomainError(gettext("The request is incomplete."), code="invalid", fields=errors)
    now = timezone.now()
    request = PrivacyRequest(kind=kind, details=details, created_at=now)
    token = ""
    if signed_in:
        request.user = user
        request.email = user.email
        _open(request, now)
    else:
        request.email = normalise_email(email)
        token = secrets.token_urlsafe(32)
        request.token_hash = keyed_hash(token)
    with transaction.atomic():
        request.save()
        if token:
            link = urljoin(site_url, reverse("privacy:request-verify", kwargs={"token": token}))
            _mail("verify", {"verify_url": link, "request": request}, [request.email])
    logger.info("Privacy request %s submitted (%s)", request.pk, request.status)
    return request


def privacy_request_verify(*, token: str) -> PrivacyRequest:
    """The link's owner confirms the address: the request counts from now. Idempotent for a verified one.

    Raises ``RequestLinkInvalid`` (unknown or expired link).
    """
    with transaction.atomic():
        request = (
            PrivacyRequest.objects.select_for_update().filter(token_hash=keyed_hash(token)).first() if token else None
        )
        if request is None:
            raise RequestLinkInvalid()
        if request.status != RequestStatus.UNVERIFIED:
            return request
        now = timezone.now()
        if now - request.created_at > conf.verification_link_ttl():
            raise RequestLinkInvalid()
        _open(request, now)
        request.save(update_fields=["status", "received_at", "due_at"])
    return request


def privacy_request_answer(*, request_id: int, staff, answer: str) -> PrivacyRequest:
    """Record staff's answer to an open request and email it to the requester, in one transaction.

    Raises ``NotFound``, ``Conflict`` ``request_not_open`` and ``DomainError`` ``invalid`` (empty answer).
    """
    answer = answer.strip()
    if not answer:
        raise DomainError(gettext("Write the answer."), code="invalid", fields={"answer": ["This field is required."]})
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None:
            raise NotFound(gettext("This request does not exist."))
        if request.status != RequestStatus.OPEN:
            raise Conflict(gettext("Only a verified, unanswered request can be answered."), code="request_not_open")
        request.answer = answer
        request.answered_at = timezone.now()
        request.answered_by = staff
        request.status = RequestStatus.ANSWERED
        request.save(update_fields=["answer", "answered_at", "answered_by", "status"])
        _mail("answer", {"request": request}, [request.email], user=request.user)
    logger.info("Privacy request %s answered", request.pk)
    return request


def privacy_requests_remind(*, now=None) -> int:
    """Email staff once about each open request due within ``remind_before()`` (or already overdue).
    Idempotent: a reminded request is not reminded again. Returns how many were in the reminder."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            PrivacyRequest.objects.open()
            .select_for_update(skip_locked=True)
            .filter(reminded_at__isnull=True, due_at__lte=now + conf.remind_before())
            .order_by("due_at")
        )
        recipients = conf.staff_emails()
        if not due or not recipients:
            return 0
        _mail("reminder", {"requests": due}, recipients)
        PrivacyRequest.objects.filter(pk__in=[r.pk for r in due]).update(reminded_at=now)
    return len(due)
