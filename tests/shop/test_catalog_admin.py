import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains

from shop.models import Product, ProductImage, ProductVariant
from tests.accounts.factories import StaffFactory, UserFactory
from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

PRODUCT_CHANGELIST = reverse("admin:shop_product_changelist")


@pytest.fixture
def merchant(client):
    client.force_login(StaffFactory())
    return client


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def product_form(product: Product, *, variants=(), images=()) -> dict:
    """The change form of ``product`` as the admin would post it, with the given inline rows."""
    data = {
        "title": product.title,
        "slug": product.slug,
        "description": product.description,
        "brand": product.brand,
        "category": product.category_id,
        "is_active": "on" if product.is_active else "",
        "variants-TOTAL_FORMS": len(variants),
        "variants-INITIAL_FORMS": sum(1 for v in variants if v.get("id")),
        "variants-MIN_NUM_FORMS": 0,
        "variants-MAX_NUM_FORMS": 1000,
        "images-TOTAL_FORMS": len(images),
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(variants):
        data.update({f"variants-{index}-{key}": value for key, value in row.items()})
        data[f"variants-{index}-product"] = product.pk
    for index, row in enumerate(images):
        data.update({f"images-{index}-{key}": value for key, value in row.items()})
        data[f"images-{index}-product"] = product.pk
    return {key: value for key, value in data.items() if value != ""}


def variant_row(variant: ProductVariant, **changes) -> dict:
    row = {
        "id": variant.pk,
        "sku": variant.sku,
        "size": "M",
        "price": str(variant.price),
        "weight": str(variant.weight),
        "stock": variant.stock,
        "is_active": "on" if variant.is_active else "",
    }
    row.update(changes)
    return row


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:shop_product_changelist",
        "admin:shop_product_add",
        "admin:shop_category_changelist",
        "admin:shop_category_add",
        "admin:shop_productvariant_changelist",
    ],
)
def test_admin_pages_render_for_staff(merchant, url_name):
    # given
    product = ProductFactory()
    ProductVariantFactory(product=product)
    ProductImageFactory(product=product)

    # when
    response = merchant.get(reverse(url_name))

    # then
    assert response.status_code == 200


def test_product_change_page_renders_with_inlines(merchant):
    # given
    product = ProductFactory()
    variant = ProductVariantFactory(product=product)
    ProductImageFactory(product=product)

    # when
    response = merchant.get(reverse("admin:shop_product_change", args=[product.pk]))

    # then
    assertContains(response, variant.sku)
    assertContains(response, 'name="variants-0-stock"')
    assertContains(response, 'name="images-0-image"')


def test_admin_is_closed_to_shoppers(client):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(PRODUCT_CHANGELIST)

    # then
    assert response.status_code == 302


@pytest.mark.parametrize("rows", [3, 30])
def test_product_changelist_shows_counts_without_n_plus_one(merchant, django_assert_max_num_queries, rows):
    # given
    for _ in range(rows):
        product = ProductFactory()
        ProductVariantFactory(product=product, stock=4)
        ProductVariantFactory(product=product, stock=3)

    # when
    with django_assert_max_num_queries(14):
        response = merchant.get(PRODUCT_CHANGELIST)

    # then
    assert response.status_code == 200
    html = response.content.decode()
    # the cells of the two counted columns (the admin theme adds its own classes to each cell)
    assert len(re.findall(r'<td[^>]*class="[^"]*\bfield-total_stock\b[^>]*>\s*7\s*</td>', html)) == rows
    assert len(re.findall(r'<td[^>]*class="[^"]*\bfield-variant_count\b[^>]*>\s*2\s*</td>', html)) == rows


def test_product_changelist_searches_by_sku(merchant):
    # given
    ProductVariantFactory(sku="FIND-ME", product=ProductFactory(title="Wanted"))
    ProductVariantFactory(product=ProductFactory(title="Other"))

    # when
    response = merchant.get(PRODUCT_CHANGELIST, {"q": "FIND-ME"})

    # then
    assert list(response.context["cl"].result_list) == [Product.objects.get(title="Wanted")]


@pytest.mark.parametrize(("action", "start", "end"), [("activate", False, True), ("deactivate", True, False)])
def test_bulk_activate_and_deactivate(merchant, action, start, end):
    # given
    chosen = ProductFactory.create_batch(2, is_active=start)
    untouched = ProductFactory(is_active=start)

    # when
    response = merchant.post(
        PRODUCT_CHANGELIST,
        {"action": action, "_selected_action": [p.pk for p in chosen]},
        follow=True,
    )

    # then
    assert response.status_code == 200
    assertContains(response, f"2 product(s) {action}d.")
    assert {p.is_active for p in Product.objects.filter(pk__in=[p.pk for p in chosen])} == {end}
    untouched.refresh_from_db()
    assert untouched.is_active is start


def test_stock_can_be_edited_inline(merchant):
    # given
    product = ProductFactory()
    variant = ProductVariantFactory(product=product, stock=1)

    # when
    response = merchant.post(
        reverse("admin:shop_product_change", args=[product.pk]),
        product_form(product, variants=[variant_row(variant, stock=12)]),
    )

    # then
    assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.stock == 12


def test_negative_stock_is_refused_by_the_form(merchant):
    # given
    product = ProductFactory()
    variant = ProductVariantFactory(product=product, stock=1)

    # when
    response = merchant.post(
        reverse("admin:shop_product_change", args=[product.pk]),
        product_form(product, variants=[variant_row(variant, stock=-3)]),
    )

    # then
    assertContains(response, "Ensure this value is greater than or equal to 0.")
    variant.refresh_from_db()
    assert variant.stock == 1


def test_negative_stock_is_refused_by_the_database():
    # given
    variant = ProductVariantFactory(stock=1)

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductVariant.objects.filter(pk=variant.pk).update(stock=-1)
    variant.refresh_from_db()
    assert variant.stock == 1


def test_negative_stock_is_refused_in_the_variant_changelist(merchant):
    # given
    variant = ProductVariantFactory(stock=5, price=Decimal("9.00"))

    # when
    response = merchant.post(
        reverse("admin:shop_productvariant_changelist"),
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": variant.pk,
            "form-0-price": "9.00",
            "form-0-stock": -1,
            "form-0-is_active": "on",
            "_save": "Save",
        },
    )

    # then
    assertContains(response, "Ensure this value is greater than or equal to 0.")
    variant.refresh_from_db()
    assert variant.stock == 5


def test_image_upload_is_stored(merchant):
    # given
    product = ProductFactory()

    # when
    response = merchant.post(
        reverse("admin:shop_product_change", args=[product.pk]),
        product_form(product, images=[{"image": png_upload(), "alt_text": "Front", "position": 0}]),
    )

    # then
    assert response.status_code == 302
    assert ProductImage.objects.get(product=product).alt_text == "Front"


def test_non_image_upload_is_refused_with_a_clear_message(merchant):
    # given
    product = ProductFactory()
    fake = SimpleUploadedFile("photo.png", b"#!/bin/sh\necho not a picture\n", content_type="image/png")

    # when
    response = merchant.post(
        reverse("admin:shop_product_change", args=[product.pk]),
        product_form(product, images=[{"image": fake, "alt_text": "Fake", "position": 0}]),
    )

    # then
    assert response.status_code == 200
    assertContains(response, "Upload a valid image.")
    assert not ProductImage.objects.filter(product=product).exists()


def test_category_add_page_prepopulates_slug(merchant):
    # when
    response = merchant.get(reverse("admin:shop_category_add"))

    # then
    assertContains(response, "data-prepopulated-field")
    assertContains(response, 'name="parent"')


def test_category_can_be_created_under_a_parent(merchant):
    # given
    parent = CategoryFactory()

    # when
    response = merchant.post(
        reverse("admin:shop_category_add"), {"name": "Boots", "slug": "boots", "parent": parent.pk, "position": 0}
    )

    # then
    assert response.status_code == 302
    assert parent.children.get().slug == "boots"
