from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("product-list")


def detail_url(slug: str) -> str:
    return reverse("product-detail", kwargs={"slug": slug})


def listed(response) -> list[str]:
    return [product.slug for product in response.context["products"]]


def product_with_variant(*, price="10.00", stock=5, **kwargs):
    product = ProductFactory(**kwargs)
    ProductVariantFactory(product=product, price=Decimal(price), stock=stock)
    return product


def test_list_page_shows_active_products_with_category_tree(client):
    # given
    kitchen = CategoryFactory(name="Kitchen", slug="kitchen")
    CategoryFactory(name="Kettles", slug="kettles", parent=kitchen)
    product_with_variant(slug="kettle", title="Steel kettle", price="25.00", category=kitchen)
    product_with_variant(slug="hidden", title="Hidden thing", is_active=False)

    # when
    response = client.get(LIST_URL)

    # then
    assert response.status_code == 200
    assert listed(response) == ["kettle"]
    assertContains(response, "Steel kettle")
    assertContains(response, "25.00")
    assertContains(response, f'href="{detail_url("kettle")}"')
    assertContains(response, f'href="{LIST_URL}?category=kettles"')
    assertNotContains(response, "Hidden thing")


def test_list_page_search(client):
    # given
    product_with_variant(slug="kettle", title="Steel kettle")
    product_with_variant(slug="toaster", title="Toaster")

    # when
    response = client.get(LIST_URL, {"q": "kettle"})

    # then
    assert response.status_code == 200
    assert listed(response) == ["kettle"]
    assertContains(response, 'value="kettle"')


def test_list_page_category_filter_includes_sub_categories(client):
    # given
    clothes = CategoryFactory(slug="clothes")
    shoes = CategoryFactory(slug="shoes", parent=clothes)
    product_with_variant(slug="coat", category=clothes)
    product_with_variant(slug="boot", category=CategoryFactory(slug="boots", parent=shoes))
    product_with_variant(slug="novel", category=CategoryFactory(slug="books"))

    # when
    response = client.get(LIST_URL, {"category": "clothes"})

    # then
    assert sorted(listed(response)) == ["boot", "coat"]
    assertContains(response, 'aria-current="page" class="current">', count=1)


def test_list_page_price_stock_and_ordering(client):
    # given
    product_with_variant(slug="cheap", price="5.00")
    product_with_variant(slug="dear", price="50.00")
    product_with_variant(slug="sold-out", price="20.00", stock=0)

    # when
    response = client.get(LIST_URL, {"min_price": "1", "max_price": "60", "in_stock": "true", "ordering": "-price"})

    # then
    assert listed(response) == ["dear", "cheap"]
    assertContains(response, '<option value="-price" selected>')


def test_list_page_shows_invalid_filters_next_to_the_fields(client):
    # given
    product_with_variant()

    # when
    response = client.get(LIST_URL, {"min_price": "30", "max_price": "10", "category": "nope"})

    # then
    assert response.status_code == 400
    assert listed(response) == []
    assertContains(response, 'id="max_price-errors"', status_code=400)
    assertContains(response, "must not be below the minimum price", status_code=400)


def test_list_page_unknown_category_is_reported(client):
    # when
    response = client.get(LIST_URL, {"category": "nope"})

    # then
    assertContains(response, "Unknown category", status_code=400)


def test_list_page_paginates_and_keeps_the_filters(client):
    # given
    for _ in range(30):
        product_with_variant(brand="Acme")

    # when
    first = client.get(LIST_URL, {"brand": "Acme"})
    second = client.get(LIST_URL, {"brand": "Acme", "page": 2})

    # then
    assert len(first.context["products"]) == 24
    assertContains(first, 'href="?brand=Acme&amp;page=2"')
    assert len(second.context["products"]) == 6


@pytest.mark.parametrize("count", [3, 30])
def test_list_page_query_count_is_bounded(client, django_assert_max_num_queries, count):
    # given
    root = CategoryFactory(slug="root")
    for _ in range(count):
        product = product_with_variant(category=CategoryFactory(parent=root))
        ProductImageFactory(product=product)

    # when: count, products, images, category tree, category subtree, and the session/cart extras
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL, {"category": "root"})

    # then
    assert response.status_code == 200


def test_detail_page_shows_product_and_add_to_cart_form(client):
    # given
    clothes = CategoryFactory(name="Clothes", slug="clothes")
    shoes = CategoryFactory(name="Shoes", slug="shoes", parent=clothes)
    product = ProductFactory(slug="hiker", title="Hiker", brand="Trail", description="Sturdy boots.", category=shoes)
    sold_out = ProductVariantFactory(product=product, attributes={"size": "40"}, price=Decimal("80.00"), stock=0)
    in_stock = ProductVariantFactory(product=product, attributes={"size": "41"}, price=Decimal("85.00"), stock=2)
    retired = ProductVariantFactory(product=product, attributes={"size": "39"}, is_active=False)
    ProductImageFactory(product=product, alt_text="Side view")

    # when
    response = client.get(detail_url("hiker"))

    # then
    assert response.status_code == 200
    assertContains(response, "<h1>Hiker</h1>", html=True)
    assertContains(response, "Trail")
    assertContains(response, "Sturdy boots.")
    assertContains(response, 'alt="Side view"')
    assertContains(response, f'<a href="{LIST_URL}?category=clothes">Clothes</a>', html=True)
    form = f'<form class="add-to-cart" method="post" action="{reverse("cart-add")}" data-variant-picker'
    assertContains(response, form)
    assertContains(response, "csrfmiddlewaretoken")
    assertContains(response, f'value="{in_stock.id}" required checked')
    assertContains(response, f'value="{sold_out.id}" required disabled')
    assertNotContains(response, f'value="{retired.id}"')
    assertContains(response, 'name="quantity" value="1" min="1"')
    assertContains(response, "85.00")


def test_detail_page_form_adds_the_chosen_variant_to_the_cart(client):
    # given
    variant = ProductVariantFactory(product=ProductFactory(slug="mug", title="Mug"), stock=5)
    page = client.get(detail_url("mug"))
    form_action = reverse("cart-add")
    assertContains(page, f'action="{form_action}"')

    # when: the fields the product page sends
    response = client.post(form_action, {"variant": variant.id, "quantity": 2}, follow=True)

    # then
    assert response.status_code == 200
    assertContains(response, "Added Mug (quantity 2) to your cart.")


@pytest.mark.parametrize("slug", ["inactive", "missing"])
def test_detail_page_of_inactive_or_missing_product_is_404(client, slug):
    # given
    ProductFactory(slug="inactive", is_active=False)

    # when
    response = client.get(detail_url(slug))

    # then
    assert response.status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_detail_page_query_count_is_bounded(client, django_assert_max_num_queries, size):
    # given
    product = ProductFactory(slug="big")
    ProductVariantFactory.create_batch(size, product=product)
    ProductImageFactory.create_batch(size, product=product)
    # the categories, the sale boundaries and the running sales are cached per catalog version by a first read
    assert client.get(detail_url("big")).status_code == 200

    # when: the product with its aggregates, variants and images, and what the page shows besides (cart, session)
    with django_assert_max_num_queries(5):
        response = client.get(detail_url("big"))

    # then
    assert response.status_code == 200


def test_pages_need_no_account(client):
    # given
    product_with_variant(slug="open")

    # when
    pages = [client.get(LIST_URL), client.get(detail_url("open"))]

    # then
    assert [page.status_code for page in pages] == [200, 200]
