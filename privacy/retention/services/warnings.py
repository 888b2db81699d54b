"""The email that warns a row's owner before a retention purge (a policy with ``warn_before``).

The address is read from the database when sending; nothing but ids goes through the broker or into logs.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from core.i18n import language_of
from privacy.registry import RetentionPolicy

logger = logging.getLogger(__name__)

# Erased accounts carry a placeholder address under the reserved .invalid top-level domain.
_UNDELIVERABLE_SUFFIX = ".invalid"


def retention_warning_send(*, policy: RetentionPolicy, user_id: int, due_at: datetime) -> bool:
    """Email user ``user_id`` that rows of ``policy`` will be purged at ``due_at``.

    Returns False (nothing sent) for an unknown user or one without a deliverable address. Raises
    ``OSError`` (``SMTPException`` included) when the mail server refuses, so the caller can roll the
    warning's record back and try again on the next run. Not idempotent on its own: the caller records the
    warning (``RetentionNotice``) in the same transaction so it is sent once.
    """
    user_model = get_user_model()
    user = user_model._base_manager.filter(pk=user_id).first()
    address = getattr(user, user_model.get_email_field_name(), "") if user is not None else ""
    if not address or address.lower().endswith(_UNDELIVERABLE_SUFFIX):
        return False
    context = {"due_at": due_at, "policy_label": policy.label, "category": policy.category}
    with translation.override(language_of(user)):
        subject = render_to_string(f"{policy.warning_template}_subject.txt", context).strip()
        body = render_to_string(f"{policy.warning_template}_message.txt", context)
    send_mail(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )
    logger.info("Retention warning (%s) sent to user %s", policy.category, user_id)
    return True
