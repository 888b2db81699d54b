"""``manage.py demo_carrier_advance <tracking number> [--status S]``: the demo courier's next step."""

import requests
from django.core.management.base import BaseCommand, CommandError

from demo.carrier.parcels import (
    DEMO_CARRIER_SLUG,
    DEMO_JOURNEY,
    DemoParcelError,
    demo_next_status,
    demo_parcel_report,
)
from orders.selectors.logistics import carrier_get_by_slug, shipment_latest_tracking_status


class Command(BaseCommand):
    help = (
        "Post the demo parcel's next signed tracking event (picked_up, in_transit, out_for_delivery, "
        "delivered) to the shop's carrier webhook, as the demo carrier's courier would. The shop must be "
        "running (make run)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("tracking_number")
        parser.add_argument("--status", choices=list(DEMO_JOURNEY), help="Report this step instead of the next one.")
        parser.add_argument("--carrier", default=DEMO_CARRIER_SLUG, help="Slug of the carrier (default: demo).")
        parser.add_argument(
            "--shop-url", default=None, help="Where the shop runs (default: the host of the carrier's API base URL)."
        )

    def handle(self, *args, tracking_number: str, status: str | None, carrier: str, shop_url: str | None, **options):
        carrier_row = carrier_get_by_slug(slug=carrier)
        if carrier_row is None:
            raise CommandError(f"No carrier {carrier!r}: run `manage.py seed_demo` first.")
        try:
            status = status or demo_next_status(shipment_latest_tracking_status(tracking_number=tracking_number))
            response = demo_parcel_report(
                carrier=carrier_row, tracking_number=tracking_number, status=status, shop_url=shop_url
            )
        except DemoParcelError as exc:
            raise CommandError(str(exc)) from None
        except requests.RequestException:
            raise CommandError("The shop did not answer: is it running (make run), and is --shop-url right?") from None
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code != 200:
            raise CommandError(f"The shop refused the event: HTTP {response.status_code} {answer.get('code', '')}.")
        replay = " (already reported before)" if answer.get("duplicate") else ""
        self.stdout.write(f"{tracking_number}: reported {status}{replay}.")
