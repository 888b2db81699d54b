"""Configuring the demo carrier: what ``seed_demo`` calls so that ``make run`` ships orders locally."""

import secrets

from django.conf import settings
from django.db import transaction

from demo.carrier.parcels import DEMO_CARRIER_SLUG
from orders.models import Carrier
from orders.services.logistics import carrier_save


def demo_carrier_configure(*, api_base_url: str | None = None) -> tuple[Carrier, bool]:
    """The demo carrier's row, created when missing; returns ``(carrier, created)``.

    Idempotent: an existing row is left as it is (its secret and API key too). A new row gets a random
    webhook secret, the API key ``DEMO_CARRIER_API_KEY`` (none when empty), the privacy waybill,
    ``api_base_url`` (default ``DEMO_CARRIER_API_BASE_URL``) and becomes the default carrier unless another
    one already is.
    """
    with transaction.atomic():
        existing = Carrier.objects.select_for_update().filter(slug=DEMO_CARRIER_SLUG).first()
        if existing is not None:
            return existing, False
        carrier = Carrier(
            name="Demo Express",
            slug=DEMO_CARRIER_SLUG,
            api_base_url=api_base_url or settings.DEMO_CARRIER_API_BASE_URL,
            privacy_waybill=True,
            is_abroad=False,
            is_active=True,
            is_default=not Carrier.objects.filter(is_default=True, is_active=True).exists(),
        )
        return (
            carrier_save(
                carrier=carrier, webhook_secret=secrets.token_urlsafe(32), api_key=settings.DEMO_CARRIER_API_KEY
            ),
            True,
        )
