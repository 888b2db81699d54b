"""The emails of account cancellation: "we received your request" and "your account is gone".

Both render from ``templates/privacy/email/`` and carry dates and links only; the address they go to is
read from the database at the moment of sending, never passed through the broker.
"""

import logging
from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.i18n import language_of
from privacy.cancellation.models import CancellationRequest, CancellationStatus

logger = logging.getLogger(__name__)

PLACEHOLDER_DOMAIN = ".invalid"


def deliverable(address: str) -> bool:
    """False for an empty address or an erased account's placeholder (``...@invalid.invalid``)."""
    return bool(address) and not address.lower().endswith(PLACEHOLDER_DOMAIN)


def _send(*, template: str, context: dict, address: str, language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"privacy/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"privacy/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def cancellation_requested_email_send(*, request_id: int, site_url: str = "") -> bool:
    """Tell the user their cancellation request was received, when it takes effect and how to revoke it.

    Sends only while the request is pending (a revoked or completed one gets nothing). Returns whether
    an email was sent. Raises ``OSError`` (``SMTPException`` included) when the mail server refuses, for
    the task to retry.
    """
    user_model = get_user_model()
    request = (
        CancellationRequest.objects.filter(pk=request_id, status=CancellationStatus.PENDING)
        .values("user_id", "due_at")
        .first()
    )
    if request is None:
        return False
    user = user_model._base_manager.filter(pk=request["user_id"], is_active=True).first()
    address = getattr(user, user_model.get_email_field_name(), "") if user is not None else ""
    if not address or not deliverable(address):
        return False
    path = reverse("privacy:cancellation")
    context = {
        "due_at": request["due_at"],
        "cancellation_url": urljoin(site_url, path) if site_url else path,
    }
    _send(template="cancellation_requested", context=context, address=address, language=language_of(user))
    logger.info("Sent the cancellation request email of request %s", request_id)
    return True


def account_anonymised_email_send(
    *, address: str, trigger: str, completed_at: datetime | None = None, language: str = ""
) -> None:
    """The last email: the account is anonymised. Called inside the anonymisation's transaction, before the
    address is erased for good (the caller read ``address`` and ``language`` before erasing them). Raises
    ``OSError``."""
    _send(
        template="account_anonymised",
        context={"trigger": trigger, "completed_at": completed_at or timezone.now()},
        address=address,
        language=language or language_of(None),
    )
