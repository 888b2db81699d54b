"""Locking a compromised account at once (promise G6).

``account_compromise_report`` is the one entry point, for a signed-in user (website or app) and for a
signed-out one who followed the link ``compromise_link_send`` emailed them. In one transaction holding
the user's row: the password becomes unusable (nobody can sign in with the old one), every website
session and app token ends, a report is recorded for staff, and the user is emailed a link to choose a
new password. Choosing it closes the report (``compromise_reports_close``). Nothing is logged but ids.
"""

import logging
from urllib.parse import urljoin

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from core.errors import DomainError
from core.i18n import language_of
from privacy.codes import ErrorCode
from privacy.compromise import conf
from privacy.compromise.models import CompromiseReport
from privacy.services.sessions import user_sessions_end

logger = logging.getLogger(__name__)
_SALT = "privacy.compromise.link"


class CompromiseLinkInvalid(DomainError):
    code = ErrorCode.COMPROMISE_LINK_INVALID
    status_code = 400
    default_detail = gettext_lazy("This link is invalid or has expired. Ask for a new one.")


def _send(*, template: str, user, context: dict) -> bool:
    try:
        with translation.override(language_of(user)):
            subject = render_to_string(f"privacy/compromise/{template}_subject.txt", context).strip()
            body = render_to_string(f"privacy/compromise/{template}.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError as exc:
        logger.warning("Compromise email %s not sent: %s", template, type(exc).__name__)
        return False
    return True


def account_compromise_report(*, user_id: int, channel: str, site_url: str) -> CompromiseReport:
    """Lock account ``user_id``, end every session and app token, record the report, email a reset link.

    Idempotent enough to press twice: each press ends whatever sessions exist and sends a fresh link.
    Raises ``DomainError`` ``not_found`` for an unknown or erased account.
    """
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is None:
            raise DomainError(gettext("There is no such account."), code="not_found", status_code=404)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        ended = user_sessions_end(user_id=user.pk)
        report = CompromiseReport.objects.create(user=user, channel=channel, sessions_ended=ended)
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
        sent = _send(template="reset", user=user, context={"reset_url": urljoin(site_url, path)})
        if sent:
            CompromiseReport.objects.filter(pk=report.pk).update(reset_email_sent=True)
            report.reset_email_sent = True
    logger.info("Account %s reported compromised: locked, %s sessions ended", user_id, ended)
    return report


def compromise_link_send(*, email: str, site_url: str) -> None:
    """Email a signed-out user a link that reports their account compromised. Says nothing about whether
    an account has that address (the caller answers the same either way)."""
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    token = signing.dumps({"u": user.pk}, salt=_SALT)
    path = reverse("privacy:compromised-confirm", kwargs={"token": token})
    _send(template="link", user=user, context={"confirm_url": urljoin(site_url, path)})


def compromise_link_user_id(*, token: str) -> int:
    """The account a link names. Raises ``CompromiseLinkInvalid`` (tampered or expired)."""
    try:
        return int(signing.loads(token, salt=_SALT, max_age=conf.link_max_age())["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise CompromiseLinkInvalid() from None


def compromise_reports_close(*, user_id: int) -> int:
    """The user chose a new password: their open reports are resolved. Returns how many."""
    return CompromiseReport.objects.filter(user_id=user_id, resolved_at__isnull=True).update(resolved_at=timezone.now())
