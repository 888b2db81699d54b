"""Writes of incident notices (promise F4): preview, confirm, deliver in batches, acknowledge.

Staff write a draft in the admin, see how many accounts it concerns and a masked preview
(``incident_audience_preview``), then confirm (``incident_notice_confirm``): the notice is frozen, one
``IncidentDelivery`` per affected account is written and the Celery task ``incidents.deliver`` sends it,
``delivery_batch_size()`` accounts per run. Each delivery records when it was sent; the user sees the
notice in the privacy centre and on the API until they acknowledge it (``incident_acknowledge``).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from core.errors import Conflict, NotFound
from core.i18n import language_of
from privacy.codes import ErrorCode
from privacy.incidents import conf
from privacy.incidents.audiences import audience_params_clean, audience_user_ids
from privacy.incidents.models import IncidentDelivery, IncidentNotice, IncidentStatus
from privacy.masking import mask_email
from privacy.pseudonyms import user_ref_for

logger = logging.getLogger(__name__)


class IncidentAlreadyConfirmed(Conflict):
    code = ErrorCode.INCIDENT_ALREADY_CONFIRMED
    default_detail = gettext_lazy("This notice was already confirmed and sent; it can no longer change.")


@dataclass(frozen=True)
class AudiencePreview:
    count: int
    sample: list[tuple[int, str]]  # (account id, masked email)


def incident_audience_preview(*, audience: str, params: dict) -> AudiencePreview:
    """How many live accounts ``audience`` selects, and the first few (ids and masked emails)."""
    cleaned = audience_params_clean(audience=audience, params=params)
    ids = audience_user_ids(audience=audience, params=cleaned)
    sample = get_user_model().objects.filter(pk__in=ids).order_by("pk").values_list("pk", "email")
    return AudiencePreview(
        count=ids.count(),
        sample=[(pk, mask_email(email)) for pk, email in sample[: conf.preview_size()]],
    )


def _queue_delivery(notice_id: int, site_url: str) -> None:
    from privacy.incidents.tasks import incident_deliver

    incident_deliver.delay(notice_id, site_url)


def incident_notice_confirm(*, notice_id: int, staff, site_url: str = "") -> IncidentNotice:
    """Freeze draft ``notice_id`` and write one delivery per account its audience selects now; the
    delivery task is queued after commit. Locks the notice.

    Raises ``NotFound``, ``IncidentAlreadyConfirmed`` and ``DomainError`` ``invalid_audience``.
    """
    with transaction.atomic():
        notice = IncidentNotice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None:
            raise NotFound(gettext("This incident notice does not exist."))
        if notice.status != IncidentStatus.DRAFT:
            raise IncidentAlreadyConfirmed()
        params = audience_params_clean(audience=notice.audience, params=notice.audience_params)
        ids = list(audience_user_ids(audience=notice.audience, params=params))
        now = timezone.now()
        IncidentDelivery.objects.bulk_create(
            [IncidentDelivery(notice=notice, user_id=pk, user_ref=user_ref_for(pk), created_at=now) for pk in ids],
            batch_size=1000,
            ignore_conflicts=True,
        )
        notice.audience_params = params
        notice.audience_count = len(ids)
        notice.status = IncidentStatus.SENDING
        notice.confirmed_at = now
        notice.confirmed_by = staff
        notice.save(update_fields=["audience_params", "audience_count", "status", "confirmed_at", "confirmed_by"])
        transaction.on_commit(lambda: _queue_delivery(notice.pk, site_url), robust=True)
    return notice


def _email(notice: IncidentNotice, user, site_url: str) -> EmailMessage:
    context = {"notice": notice, "site_url": site_url.rstrip("/")}
    with translation.override(language_of(user)):
        subject = render_to_string("privacy/incidents/email_subject.txt", context).strip()
        body = render_to_string("privacy/incidents/email_body.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])


def incident_deliver_batch(*, notice_id: int, site_url: str = "", batch_size: int | None = None) -> int:
    """Send ``notice_id`` to the next batch of its unsent deliveries; returns how many are still unsent.

    Idempotent and safe to run twice at once: each batch claims its rows with ``SKIP LOCKED`` and marks
    them sent in the same transaction; a mail server error rolls the batch back for the retry. An account
    erased meanwhile (no user, inactive) is marked sent without an email. Marks the notice sent when
    nothing is left.
    """
    size = batch_size or conf.delivery_batch_size()
    notice = IncidentNotice.objects.filter(pk=notice_id).first()
    if notice is None or notice.status == IncidentStatus.DRAFT:
        return 0
    with transaction.atomic():
        batch = list(
            IncidentDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(notice_id=notice_id, sent_at__isnull=True)
            .select_related("user")
            .order_by("pk")[:size]
        )
        messages = []
        emailed = []
        for delivery in batch:
            user = delivery.user
            if user is not None and user.is_active and user.email:
                messages.append(_email(notice, user, site_url))
                emailed.append(delivery.pk)
        if messages:
            with get_connection() as connection:
                connection.send_messages(messages)
        now = timezone.now()
        IncidentDelivery.objects.filter(pk__in=[d.pk for d in batch]).update(sent_at=now)
        IncidentDelivery.objects.filter(pk__in=emailed).update(email_sent=True)
    remaining = IncidentDelivery.objects.filter(notice_id=notice_id, sent_at__isnull=True).count()
    if remaining == 0:
        IncidentNotice.objects.filter(pk=notice_id, status=IncidentStatus.SENDING).update(
            status=IncidentStatus.SENT, finished_at=timezone.now()
        )
    logger.info("Incident notice %s: batch of %s sent, %s left", notice_id, len(batch), remaining)
    return remaining


def incident_acknowledge(*, user, delivery_id: int) -> IncidentDelivery:
    """The user acknowledges having read a notice sent to them. Idempotent (the first time is kept).

    Raises ``NotFound`` for a delivery that is not the user's or not yet sent.
    """
    with transaction.atomic():
        delivery = (
            IncidentDelivery.objects.select_for_update()
            .filter(pk=delivery_id, user_id=user.pk, sent_at__isnull=False)
            .first()
        )
        if delivery is None:
            raise NotFound(gettext("No such incident notice was sent to you."))
        if delivery.acknowledged_at is None:
            delivery.acknowledged_at = timezone.now()
            delivery.save(update_fields=["acknowledged_at"])
    return delivery
