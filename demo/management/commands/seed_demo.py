"""``manage.py seed_demo [--products N]``: the demo catalog, the demo merchant and shopper accounts, the
first privacy policy, the demo carrier, and demo shipping, tax, a voucher and a running sale.

It lives in the ``demo`` app, above every layer it seeds (catalog, accounts, privacy, logistics): dependencies
point one way, and production does not install it."""

from django.core.management.base import BaseCommand, CommandError

from demo.carrier.setup import demo_carrier_configure
from demo.catalog import (
    DEFAULT_PRODUCT_COUNT,
    MERCHANT_EMAIL,
    SHOPPER_EMAIL,
    SeedCounts,
    demo_accounts_seed,
    demo_catalog_seed,
    demo_policy_seed,
)
from demo.pricing import demo_pricing_seed
from demo.product_images import demo_images_seed


class Command(BaseCommand):
    help = (
        "Create the demo catalog (nested categories, products, variants) and the demo accounts "
        f"{MERCHANT_EMAIL} and {SHOPPER_EMAIL}. Idempotent: existing rows are left as they are."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--products",
            type=int,
            default=DEFAULT_PRODUCT_COUNT,
            help=f"How many demo products the catalog should hold (default {DEFAULT_PRODUCT_COUNT}).",
        )
        parser.add_argument(
            "--no-images",
            action="store_true",
            help="Do not draw the product pictures (they take a second or so per ten products).",
        )

    def handle(self, *args, products: int, no_images: bool = False, **options) -> None:
        if products < 0:
            raise CommandError("--products must be zero or more.")
        counts = demo_catalog_seed(product_count=products)
        counts.merge(demo_accounts_seed())
        counts.merge(demo_policy_seed())
        carrier, carrier_created = demo_carrier_configure()
        counts.add("carriers", created=int(carrier_created), found=int(not carrier_created))
        counts.merge(demo_pricing_seed(carrier=carrier))
        if not no_images:
            counts.merge(demo_images_seed(product_count=products))
        self.stdout.write(self._summary(counts))

    @staticmethod
    def _summary(counts: SeedCounts) -> str:
        kinds = (
            "categories",
            "products",
            "variants",
            "accounts",
            "email addresses",
            "policy versions",
            "policy acceptances",
            # The catalog's pictures come before logistics and pricing, which close the line (their tests
            # read "..., N sales;").
            "product images",
            "carriers",
            "shipping zones",
            "shipping methods",
            "tax classes",
            "vouchers",
            "sales",
        )
        created = ", ".join(f"{counts.created.get(kind, 0)} {kind}" for kind in kinds)
        found = ", ".join(f"{counts.found.get(kind, 0)} {kind}" for kind in kinds)
        return f"seed_demo: created {created}; found {found}."
