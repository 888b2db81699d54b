"""The checkout benchmark's rows in the bench database: buyers, their addresses, one product with a known stock.

Run by ``bench/checkout.py`` as ``python -m bench.checkout_fixture --buyers 20 --units 200`` with the bench
server's environment (so passwords, encrypted phones and keyed hashes match what gunicorn reads). It prints
one JSON object: the buyers' emails and address ids, the shared password, the variant and its stock.

Idempotent and resetting: accounts, addresses and the product are created once and reused; every run
deletes the orders the bench buyers placed before, empties their carts and sets the variant's stock back to
``--units``, so each run starts from the same state and its oversell check counts this run's orders only.
Bench accounts and the product are recognised by their email domain and SKU; nothing else is touched.

Checkout is measured as a shopper meets it: the fixture also sets up (once) a shipping zone for the bench
address's region with one method, the standard tax class with a rate, and a voucher whose use count it
resets each run; it prints the method id, the voucher code and the total each order must come to, worked
out by the shop's own pricing calculation.
"""

import argparse
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUYER_EMAIL = "bench-buyer-{number:03d}@bench.privashop.test"
BUYER_EMAIL_DOMAIN = "@bench.privashop.test"
# A bench-only credential: the bench database holds demo data only and listens on loopback.
BUYER_PASSWORD = "bench-buyer-password-2026"
PRODUCT_SLUG = "bench-checkout-item"
SHIPPING_ZONE = "Bench zone"
SHIPPING_METHOD = "Bench parcel"
VOUCHER_CODE = "BENCH5"
VARIANT_SKU = "BENCH-CHECKOUT-0001"
# One product per buyer for the uncontended run ("buyers buy different products"): BENCH-CHECKOUT-B001, ...
OWN_SKU = "BENCH-CHECKOUT-B{number:03d}"
ADDRESS = {
    "recipient_name": "Bench Buyer",
    "phone": "13800001111",
    "region": "Zhejiang",
    "city": "Hangzhou",
    "district": "Xihu",
    "street": "1 Benchmark Road",
    "postcode": "310000",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, required=True)
    parser.add_argument("--units", type=int, required=True)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()

    from allauth.account.models import EmailAddress
    from django.db import transaction

    from accounts.models import User
    from orders.models import Address, Order
    from orders.services.addresses import address_create
    from privacy.models import Channel
    from privacy.selectors.policy import policy_version_current
    from privacy.services.policy import policy_accept, policy_version_publish_initial
    from shop.models import CartItem, Category, Product, ProductVariant
    from shop.pricing.context import pricing_context_load, quote_for_variants
    from shop.promotions.models import Voucher
    from shop.promotions.vouchers import voucher_get
    from shop.shipping.models import ShippingBand, ShippingMethod, ShippingZone
    from shop.tax.models import TaxClass, TaxRate

    if policy_version_current() is None:
        policy_version_publish_initial()
    policy = policy_version_current()
    if policy is None:
        raise SystemExit("no privacy policy is in effect in the bench database")

    buyers = []
    for number in range(1, args.buyers + 1):
        email = BUYER_EMAIL.format(number=number)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=BUYER_PASSWORD, nickname=f"bench_buyer_{number}")
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        policy_accept(user=user, version=policy.version, ip_address=None, user_agent="bench", channel=Channel.SIGNUP)
        address = Address.objects.filter(user=user).first() or address_create(user=user, **ADDRESS)
        buyers.append({"email": email, "user_id": user.pk, "address_id": address.pk})

    with transaction.atomic():
        product = Product.objects.filter(slug=PRODUCT_SLUG).first()
        if product is None:
            category = Category.objects.order_by("id").first() or Category.objects.create(name="Bench", slug="bench")
            product = Product.objects.create(
                title="Bench checkout item", slug=PRODUCT_SLUG, category=category, brand="Bench", is_active=True
            )
        variant, _ = ProductVariant.objects.get_or_create(
            sku=VARIANT_SKU, defaults={"product": product, "price": Decimal("10.00"), "stock": 0}
        )
        # Each buyer's own variant (same product, so the same price, tax class and order total), with the whole
        # stock each: buyers who never meet on a row lock.
        own = []
        for number in range(1, args.buyers + 1):
            mine, _ = ProductVariant.objects.get_or_create(
                sku=OWN_SKU.format(number=number),
                defaults={"product": product, "price": Decimal("10.00"), "stock": 0, "attributes": {"n": number}},
            )
            own.append(mine.pk)
        ProductVariant.objects.filter(pk__in=own).update(stock=args.units, is_active=True)
        for buyer, variant_id in zip(buyers, own, strict=True):
            buyer["own_variant_id"] = variant_id
        bench_users = User.objects.filter(email__endswith=BUYER_EMAIL_DOMAIN)
        deleted, _ = Order.objects.filter(user__in=bench_users).delete()
        CartItem.objects.filter(cart__user__in=bench_users).delete()
        # Locked like checkout does, so a leftover request of an interrupted run cannot interleave.
        ProductVariant.objects.select_for_update().filter(pk=variant.pk).update(stock=args.units, is_active=True)
        Product.objects.filter(pk=product.pk).update(is_active=True)

        zone, _ = ShippingZone.objects.get_or_create(name=SHIPPING_ZONE, defaults={"regions": [ADDRESS["region"]]})
        method, created = ShippingMethod.objects.get_or_create(zone=zone, name=SHIPPING_METHOD)
        if created:
            ShippingBand.objects.create(method=method, upper_limit=None, price=Decimal("8.00"))
        standard = TaxClass.objects.filter(is_default=True).first() or TaxClass.objects.create(
            name="Standard", slug="standard", is_default=True
        )
        TaxRate.objects.get_or_create(tax_class=standard, zone=None, defaults={"rate": Decimal("13.00")})
        Voucher.objects.update_or_create(
            code=VOUCHER_CODE, defaults={"kind": "percentage", "value": Decimal("5"), "max_uses": 1_000_000}
        )
        Voucher.objects.filter(code=VOUCHER_CODE).update(used_count=0)
        variant.refresh_from_db()
        quote = quote_for_variants(
            context=pricing_context_load(region=ADDRESS["region"]),
            lines=[(ProductVariant.objects.select_related("product__category").get(pk=variant.pk), 1)],
            voucher=voucher_get(code=VOUCHER_CODE),
            method_id=method.pk,
            strict=True,
        )

    json.dump(
        {
            "buyers": buyers,
            "password": BUYER_PASSWORD,
            "variant_id": variant.pk,
            "sku": VARIANT_SKU,
            "units": args.units,
            "deleted_rows": deleted,
            "shipping_method_id": method.pk,
            "voucher_code": VOUCHER_CODE,
            "order_total": str(quote.total),
            "order_tax": str(quote.tax_total),
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
