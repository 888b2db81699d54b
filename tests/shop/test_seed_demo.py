from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import Count

from accounts.models import User
from demo.catalog import LEAVES, SHOPPER_EMAIL, SHOPPER_PASSWORD, demo_product
from orders.models import Carrier
from privacy.models import PolicyVersion
from shop.models import Category, Product, ProductVariant

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, "--no-images", stdout=out)
    return out.getvalue()


def _depth(category: Category) -> int:
    depth = 1
    while category.parent_id is not None:
        category = category.parent
        depth += 1
    return depth


def test_seed_demo_creates_a_believable_catalog():
    # when
    output = _seed()

    # then
    assert Product.objects.count() == 240
    assert "created 41 categories, 240 products" in output
    products_per_depth = {_depth(category) for category in Category.objects.filter(products__isnull=False)}
    assert products_per_depth == {3}
    shirts = Category.objects.get(slug="clothing-men-shirts")
    assert (shirts.parent.name, shirts.parent.parent.name) == ("Men", "Clothing")
    variant_counts = Product.objects.annotate(n=Count("variants")).values_list("n", flat=True)
    assert min(variant_counts) >= 1
    assert max(variant_counts) <= 6
    skus = list(ProductVariant.objects.values_list("sku", flat=True))
    assert len(skus) == len(set(skus))
    assert ProductVariant.objects.filter(stock=0).exists()
    assert ProductVariant.objects.filter(stock__gt=0).exists()
    assert Product.objects.exclude(brand="").count() == 240
    assert Product.objects.filter(description__icontains="wireless").exists()


def test_seed_demo_twice_creates_nothing_the_second_time():
    # given
    _seed()
    before = (
        Category.objects.count(),
        list(Product.objects.order_by("slug").values_list("slug", "title", "updated_at")),
        list(ProductVariant.objects.order_by("sku").values_list("sku", "price", "stock")),
        User.objects.count(),
        EmailAddress.objects.count(),
    )

    # when
    output = _seed()

    # then
    after = (
        Category.objects.count(),
        list(Product.objects.order_by("slug").values_list("slug", "title", "updated_at")),
        list(ProductVariant.objects.order_by("sku").values_list("sku", "price", "stock")),
        User.objects.count(),
        EmailAddress.objects.count(),
    )
    assert after == before
    assert "created 0 categories, 0 products, 0 variants, 0 accounts, 0 email addresses" in output


def test_seed_demo_with_fewer_products_then_more_keeps_the_first_ones():
    # given
    _seed("--products", "50")
    first = list(Product.objects.order_by("slug").values_list("slug", "updated_at"))

    # when
    _seed("--products", "60")

    # then
    assert len(first) == 50
    assert Product.objects.count() == 60
    assert (
        list(
            Product.objects.filter(slug__in=[slug for slug, _ in first])
            .order_by("slug")
            .values_list("slug", "updated_at")
        )
        == first
    )


def test_demo_products_are_deterministic_and_their_variant_codes_distinct():
    # when
    products = [demo_product(number) for number in range(len(LEAVES) * 3)]

    # then
    assert products == [demo_product(number) for number in range(len(LEAVES) * 3)]
    skus = [variant.sku for product in products for variant in product.variants]
    assert len(skus) == len(set(skus))
    assert {product.leaf for product in products} == set(LEAVES)


def test_seed_demo_accounts_have_verified_emails_and_keep_a_changed_password():
    # given
    _seed("--products", "0")
    shopper = User.objects.get(email=SHOPPER_EMAIL)
    shopper.set_password("changed-by-the-shopper-2026")
    shopper.save(update_fields=["password"])

    # when
    _seed("--products", "0")

    # then
    merchant = User.objects.get(email="merchant@privashop.test")
    assert merchant.is_staff
    assert merchant.is_superuser
    assert merchant.check_password("demo-merchant-2026")
    shopper.refresh_from_db()
    assert shopper.nickname
    assert not shopper.is_staff
    assert shopper.check_password("changed-by-the-shopper-2026")
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 2


def test_demo_shopper_can_log_in_through_the_website(client):
    # given
    _seed("--products", "0")

    # when
    response = client.post("/accounts/login/", {"login": SHOPPER_EMAIL, "password": SHOPPER_PASSWORD})

    # then
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email=SHOPPER_EMAIL).pk)


def test_demo_shopper_with_a_wrong_password_is_refused(client):
    # given
    _seed("--products", "0")

    # when
    response = client.post("/accounts/login/", {"login": SHOPPER_EMAIL, "password": "not-the-password"})

    # then
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.postgres
def test_seeded_products_are_found_by_full_text_search():
    # given
    _seed("--products", "50")

    # when
    found = Product.objects.filter(search_vector="wireless")

    # then
    assert found.exists()
    assert all("wireless" in f"{p.title} {p.description}".lower() for p in found)


def test_seed_demo_publishes_a_policy_the_demo_accounts_accepted_and_a_default_carrier(client):
    # given / when
    _seed("--products", "5")

    # then the demo shopper is not stopped by the policy gate
    client.post("/accounts/login/", {"login": SHOPPER_EMAIL, "password": SHOPPER_PASSWORD})
    assert client.get("/api/v1/cart/").status_code == 200
    assert PolicyVersion.objects.filter(published_at__isnull=False, material=True).count() == 1
    # and orders can be handed off locally
    assert Carrier.objects.get(is_default=True).slug == "demo"
