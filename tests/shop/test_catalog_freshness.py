"""The shared cache and entity tags of the catalog API never answer from before a change (issue 18).

Each test reads once (the answer is cached and tagged), changes the catalog the way the shop does, and reads
again: the very next read shows the change, carries a new ``ETag``, and the old tag no longer answers 304.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.serializers import ModelSerializer
from rest_framework.test import APIClient

from orders.services.status import variants_restock
from shop.api.catalog_serializers import ProductListSerializer
from shop.promotions.sales import running_sales, sales_mark_products
from shop.reviews.services.reviews import review_create
from shop.selectors.catalog import products_active
from tests.accounts.factories import StaffFactory, UserFactory
from tests.pricing.factories import SaleFactory
from tests.reviews.factories import bought_line
from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory, ProductVariantFactory
from tests.shop.test_catalog_admin import product_form, variant_row

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api:product-list")


def detail_url(slug: str) -> str:
    return reverse("api:product-detail", kwargs={"slug": slug})


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def product():
    product = ProductFactory(slug="kettle", category=CategoryFactory(slug="kitchen"))
    ProductVariantFactory(product=product, price=Decimal("10.00"), stock=0)
    return product


def read(api, url):
    response = api.get(url)
    assert response.status_code == 200
    return response


def assert_fresh(api, url, before, expected) -> None:
    """The next read shows ``expected`` (a predicate on the JSON), with a new tag; the old tag gets no 304."""
    after = read(api, url)
    assert expected(after.json())
    assert after["ETag"] != before["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
    assert api.get(url, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_a_repeat_read_with_the_tag_is_not_modified_and_costs_no_query(api, product, django_assert_num_queries):
    first = read(api, detail_url("kettle"))

    with django_assert_num_queries(0):
        again = api.get(detail_url("kettle"), HTTP_IF_NONE_MATCH=first["ETag"])
        cached = api.get(detail_url("kettle"))

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert cached.content == first.content
    assert cached["ETag"] == first["ETag"]


def test_signed_in_reads_are_neither_tagged_nor_cached(api, product):
    api.force_login(UserFactory())

    response = read(api, detail_url("kettle"))

    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]


def test_price_edited_in_the_admin_is_visible_on_the_next_read(api, client, product):
    before = read(api, detail_url("kettle"))
    client.force_login(StaffFactory())
    variant = product.variants.get()

    response = client.post(
        reverse("admin:shop_product_change", args=[product.pk]),
        product_form(product, variants=[variant_row(variant, price="12.50")]),
    )

    assert response.status_code == 302
    assert_fresh(api, detail_url("kettle"), before, lambda body: body["price_min"] == "12.50")


def test_product_edited_in_the_admin_is_visible_in_the_list(api, client, product):
    before = read(api, LIST_URL)
    client.force_login(StaffFactory())
    product.title = "Copper kettle"

    response = client.post(
        reverse("admin:shop_product_change", args=[product.pk]),
        product_form(product, variants=[variant_row(product.variants.get())]),
    )

    assert response.status_code == 302
    assert_fresh(api, LIST_URL, before, lambda body: body["results"][0]["title"] == "Copper kettle")


def test_stock_put_back_by_a_service_is_visible(api, product):
    before = read(api, LIST_URL)

    variants_restock({product.variants.get().pk: 3})

    assert_fresh(api, LIST_URL, before, lambda body: body["results"][0]["in_stock"] is True)


def test_a_new_rating_is_visible(api, product):
    before = read(api, detail_url("kettle"))
    buyer = UserFactory()
    line = bought_line(user=buyer, variant=product.variants.get())

    review_create(user=buyer, order_line_id=line.pk, rating=4, text="Boils water quickly and quietly.")

    assert_fresh(api, detail_url("kettle"), before, lambda body: body["rating"]["count"] == 1)


def test_a_sale_starting_at_its_time_is_visible_without_any_write(api, product):
    starts = timezone.now() + timedelta(hours=1)
    SaleFactory(products=[product], starts_at=starts, ends_at=starts + timedelta(days=1))
    before = read(api, LIST_URL)
    assert before.json()["results"][0]["sale"] is None

    with time_machine.travel(starts + timedelta(seconds=1), tick=False):
        assert_fresh(api, LIST_URL, before, lambda body: body["results"][0]["sale"]["price_min"] == "8.00")


def test_the_direct_list_item_equals_drf_generic_serialisation(product):
    ProductImageFactory(product=product)
    SaleFactory(products=[product])

    item = products_active(for_list=True).get(pk=product.pk)
    sales_mark_products([item], sales=running_sales())
    serializer = ProductListSerializer(item)

    assert serializer.to_representation(item) == ModelSerializer.to_representation(serializer, item)
