"""Emailing every account about a material policy version (G5), besides the gate at sign-in.

``policy_change_mailing_start`` runs in the publication's transaction and queues the task once committed;
``policy_change_mailing_batch`` emails the next ``batch_size()`` active accounts (by id) and records each,
so a retried or duplicated task emails nobody twice. Only ids travel through the broker.
"""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.i18n import language_of
from privacy.announcements import conf
from privacy.announcements.models import PolicyChangeEmail, PolicyChangeMailing
from privacy.pseudonyms import user_ref_for

logger = logging.getLogger(__name__)


def policy_change_mailing_start(*, version, site_url: str = "") -> PolicyChangeMailing | None:
    """Start the mailing of a just-published *material* version (nothing for a non-material one, which is
    only notified). Idempotent per version. Call inside the publishing transaction."""
    if not version.material:
        return None
    mailing, created = PolicyChangeMailing.objects.get_or_create(version=version)
    if created:

        def queue() -> None:
            from privacy.announcements.tasks import policy_change_mail

            policy_change_mail.delay(mailing.pk, site_url)

        transaction.on_commit(queue, robust=True)
    return mailing


def policy_change_mailing_batch(*, mailing_id: int, site_url: str = "", size: int | None = None) -> bool:
    """Email the next batch of accounts; returns True while more are left. Locks the mailing row."""
    size = size or conf.batch_size()
    with transaction.atomic():
        mailing = (
            PolicyChangeMailing.objects.select_for_update().select_related("version").filter(pk=mailing_id).first()
        )
        if mailing is None or mailing.finished_at is not None:
            return False
        users = list(
            get_user_model()
            .objects.filter(pk__gt=mailing.cursor, is_active=True)
            .exclude(email="")
            .order_by("pk")[:size]
        )
        done = set(PolicyChangeEmail.objects.filter(mailing=mailing, user__in=users).values_list("user_id", flat=True))
        todo = [user for user in users if user.pk not in done]
        version = mailing.version
        context = {
            "version": version,
            "policy_url": urljoin(site_url, reverse("privacy:policy-detail", args=[version.version])),
        }
        rendered: dict[str, tuple[str, str]] = {}
        for user in todo:
            language = language_of(user)
            if language not in rendered:
                with translation.override(language):
                    rendered[language] = (
                        render_to_string("privacy/announcements/policy_change_subject.txt", context).strip(),
                        render_to_string("privacy/announcements/policy_change.txt", context),
                    )
        if todo:
            with get_connection() as connection:
                connection.send_messages(
                    [
                        EmailMessage(*rendered[language_of(user)], settings.DEFAULT_FROM_EMAIL, [user.email])
                        for user in todo
                    ]
                )
            PolicyChangeEmail.objects.bulk_create(
                [PolicyChangeEmail(mailing=mailing, user=user, user_ref=user_ref_for(user.pk)) for user in todo]
            )
        more = len(users) == size
        mailing.cursor = users[-1].pk if users else mailing.cursor
        if not more:
            mailing.finished_at = timezone.now()
        mailing.save(update_fields=["cursor", "finished_at"])
    logger.info("Policy mailing %s: %s emailed in this batch", mailing_id, len(todo))
    return more
