"""Sending marketing only to users whose consent holds when the message goes out (A3, G2).

``campaign_queue`` only queues: it reads no consent. The task ``marketing.campaign_send`` walks the
active accounts by id, ``send_batch_size()`` at a time, and for each batch reads the consent of the
campaign's channel right then, so a withdrawal made after queueing (or while the campaign is being sent)
counts. Every email carries RFC 8058 one-click unsubscribe headers; ``marketing_unsubscribe`` records
the withdrawal as an ordinary consent record.
"""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.errors import Conflict, DomainError, NotFound
from privacy.codes import ErrorCode
from privacy.marketing import conf
from privacy.marketing.channels import channel_purpose
from privacy.marketing.models import Campaign, CampaignDelivery, CampaignStatus
from privacy.models import Channel
from privacy.pseudonyms import user_ref_for
from privacy.selectors.consent import consent_granted_user_ids
from privacy.services.consent import consent_set

logger = logging.getLogger(__name__)
_UNSUBSCRIBE_SALT = "privacy.marketing.unsubscribe"


class ChannelNotAvailable(Conflict):
    code = ErrorCode.MARKETING_CHANNEL_UNAVAILABLE
    default_detail = gettext_lazy("No consent can be asked for this channel yet: nothing can be sent through it.")


class UnsubscribeLinkInvalid(DomainError):
    code = ErrorCode.UNSUBSCRIBE_LINK_INVALID
    default_detail = gettext_lazy("This unsubscribe link is not valid.")


def unsubscribe_token(*, user_id: int, channel: str) -> str:
    """A signed token naming the account and channel; it does not expire (old emails must still work)."""
    return signing.dumps({"u": user_id, "c": channel}, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user_id: int, channel: str, site_url: str) -> str:
    path = reverse("privacy:unsubscribe", kwargs={"token": unsubscribe_token(user_id=user_id, channel=channel)})
    return urljoin(site_url, path)


def unsubscribe_token_read(*, token: str) -> tuple[int, str]:
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
        return int(data["u"]), str(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise UnsubscribeLinkInvalid() from None


def campaign_queue(*, campaign_id: int, site_url: str) -> Campaign:
    """Queue draft ``campaign_id`` for sending. Reads no consent: that happens at send time.

    Raises ``NotFound``, ``Conflict`` ``campaign_not_draft`` and ``ChannelNotAvailable``.
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None:
            raise NotFound(gettext("This campaign does not exist."))
        if campaign.status != CampaignStatus.DRAFT:
            raise Conflict(gettext("This campaign was already sent."), code="campaign_not_draft")
        if channel_purpose(campaign.channel) is None:
            raise ChannelNotAvailable()
        campaign.status = CampaignStatus.SENDING
        campaign.queued_at = timezone.now()
        campaign.save(update_fields=["status", "queued_at"])

        def queue() -> None:
            from privacy.marketing.tasks import campaign_send

            campaign_send.delay(campaign.pk, site_url)

        transaction.on_commit(queue, robust=True)
    return campaign


def _message(campaign: Campaign, user, site_url: str) -> EmailMessage:
    link = unsubscribe_url(user_id=user.pk, channel=campaign.channel, site_url=site_url)
    body = f"{campaign.body}\n\n--\nYou receive this because you agreed to marketing emails. Unsubscribe: {link}\n"
    return EmailMessage(
        subject=campaign.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def campaign_send_batch(*, campaign_id: int, site_url: str, batch_size: int | None = None) -> bool:
    """Send ``campaign_id`` to the next batch of accounts whose consent holds now; True while more are left.

    Locks the campaign row for the batch, so two runs never send the same batch; the cursor and the
    deliveries commit with it, and the unique delivery per account makes a replayed batch harmless.
    """
    size = batch_size or conf.send_batch_size()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None or campaign.status != CampaignStatus.SENDING:
            return False
        purpose = channel_purpose(campaign.channel)
        batch = list(
            get_user_model()
            .objects.filter(pk__gt=campaign.cursor, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        consenting = consent_granted_user_ids(user_ids=batch, purpose=purpose) if purpose else set()
        already = set(
            CampaignDelivery.objects.filter(campaign=campaign, user_id__in=consenting).values_list("user_id", flat=True)
        )
        recipients = list(get_user_model().objects.filter(pk__in=consenting - already).order_by("pk"))
        if recipients:
            with get_connection() as connection:
                connection.send_messages([_message(campaign, user, site_url) for user in recipients])
            CampaignDelivery.objects.bulk_create(
                [CampaignDelivery(campaign=campaign, user=user, user_ref=user_ref_for(user.pk)) for user in recipients]
            )
        more = len(batch) == size
        campaign.cursor = batch[-1] if batch else campaign.cursor
        fields = ["cursor"]
        if not more:
            campaign.status = CampaignStatus.SENT
            campaign.finished_at = timezone.now()
            fields += ["status", "finished_at"]
        campaign.save(update_fields=fields)
    logger.info("Campaign %s: %s sent in this batch", campaign_id, len(recipients))
    return more


def marketing_unsubscribe(*, token: str, ip_address: str | None, user_agent: str) -> None:
    """Withdraw the marketing consent the link names, as a consent record from the email link. Idempotent.

    Raises ``UnsubscribeLinkInvalid`` for a tampered token or an account that no longer exists.
    """
    user_id, channel = unsubscribe_token_read(token=token)
    purpose = channel_purpose(channel)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or purpose is None:
        raise UnsubscribeLinkInvalid()
    consent_set(
        user=user, changes={purpose: False}, ip_address=ip_address, user_agent=user_agent, channel=Channel.EMAIL_LINK
    )
