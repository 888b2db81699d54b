from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.shop.factories import (
    CategoryFactory,
    ProductFactory,
    ProductImageFactory,
    ProductVariantFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api:product-list")


def detail_url(slug: str) -> str:
    return reverse("api:product-detail", kwargs={"slug": slug})


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


def product_with_variant(*, price="10.00", stock=5, **kwargs):
    product = ProductFactory(**kwargs)
    ProductVariantFactory(product=product, price=Decimal(price), stock=stock)
    return product


# --- categories ---


def test_category_tree_is_nested_and_anonymous(api, django_assert_num_queries):
    # given
    clothes = CategoryFactory(name="Clothes", slug="clothes", position=1)
    shoes = CategoryFactory(name="Shoes", slug="shoes", parent=clothes)
    CategoryFactory(name="Boots", slug="boots", parent=shoes)
    CategoryFactory(name="Books", slug="books", position=0)

    # when
    with django_assert_num_queries(1):
        response = api.get(reverse("api:category-list"))

    # then
    assert response.status_code == 200
    assert response.json() == [
        {"id": response.json()[0]["id"], "name": "Books", "slug": "books", "parent": None, "children": []},
        {
            "id": clothes.id,
            "name": "Clothes",
            "slug": "clothes",
            "parent": None,
            "children": [
                {
                    "id": shoes.id,
                    "name": "Shoes",
                    "slug": "shoes",
                    "parent": clothes.id,
                    "children": [
                        {
                            "id": shoes.children.get().id,
                            "name": "Boots",
                            "slug": "boots",
                            "parent": shoes.id,
                            "children": [],
                        }
                    ],
                }
            ],
        },
    ]


# --- list ---


def test_list_shows_only_active_products_with_their_summary(api):
    # given
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    product = ProductFactory(title="Kettle", slug="kettle", brand="Brewo", category=category)
    ProductVariantFactory(product=product, price=Decimal("30.00"), stock=0)
    ProductVariantFactory(product=product, price=Decimal("25.50"), stock=3)
    ProductVariantFactory(product=product, price=Decimal("5.00"), stock=9, is_active=False)
    ProductImageFactory(product=product, position=1)
    first_image = ProductImageFactory(product=product, position=0)
    ProductFactory(slug="hidden", is_active=False)

    # when
    response = api.get(LIST_URL)

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": product.id,
            "slug": "kettle",
            "title": "Kettle",
            "brand": "Brewo",
            "category": {"id": category.id, "slug": "kitchen", "name": "Kitchen"},
            "price_min": "25.50",
            "price_max": "30.00",
            "sale": None,
            "currency": settings.SHOP_CURRENCY,
            "in_stock": True,
            "image": f"http://testserver{first_image.image.url}",
            "rating": {"average": None, "count": 0, "histogram": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}},
        }
    ]


def test_product_without_stock_or_image(api):
    # given
    product_with_variant(slug="empty", stock=0)

    # when
    result = api.get(LIST_URL).json()["results"][0]

    # then
    assert result["in_stock"] is False
    assert result["image"] is None


def test_list_defaults_to_newest_first(api):
    # given
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=2), tick=False):
        product_with_variant(slug="old")
    with time_machine.travel(now - timedelta(days=1), tick=False):
        product_with_variant(slug="new")

    # when
    response = api.get(LIST_URL)

    # then
    assert slugs(response) == ["new", "old"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("price", ["cheap", "mid", "dear"]),
        ("-price", ["dear", "mid", "cheap"]),
        ("title", ["cheap", "mid", "dear"]),
        ("-title", ["dear", "mid", "cheap"]),
        ("newest", ["mid", "dear", "cheap"]),
    ],
)
def test_list_ordering(api, ordering, expected):
    # given
    now = timezone.now()
    for days, slug, title, price in [(3, "cheap", "Apple", "1.00"), (2, "dear", "Cherry", "9.00")]:
        with time_machine.travel(now - timedelta(days=days), tick=False):
            product_with_variant(slug=slug, title=title, price=price)
    with time_machine.travel(now - timedelta(days=1), tick=False):
        product_with_variant(slug="mid", title="Banana", price="5.00")

    # when
    response = api.get(LIST_URL, {"ordering": ordering})

    # then
    assert response.status_code == 200
    assert slugs(response) == expected


def test_category_filter_includes_sub_categories_at_any_depth(api):
    # given
    clothes = CategoryFactory(slug="clothes")
    shoes = CategoryFactory(slug="shoes", parent=clothes)
    boots = CategoryFactory(slug="boots", parent=shoes)
    product_with_variant(slug="coat", category=clothes)
    product_with_variant(slug="sneaker", category=shoes)
    product_with_variant(slug="wellington", category=boots)
    product_with_variant(slug="novel", category=CategoryFactory(slug="books"))

    # when
    all_clothes = api.get(LIST_URL, {"category": "clothes"})
    only_shoes = api.get(LIST_URL, {"category": "shoes"})

    # then
    assert sorted(slugs(all_clothes)) == ["coat", "sneaker", "wellington"]
    assert sorted(slugs(only_shoes)) == ["sneaker", "wellington"]


def test_price_range_matches_any_active_variant(api):
    # given
    spread = product_with_variant(slug="spread", price="5.00")
    ProductVariantFactory(product=spread, price=Decimal("50.00"))
    product_with_variant(slug="mid", price="20.00")
    hidden_cheap = product_with_variant(slug="hidden-cheap", price="80.00")
    ProductVariantFactory(product=hidden_cheap, price=Decimal("1.00"), is_active=False)

    # when
    cheap = api.get(LIST_URL, {"max_price": "10"})
    middle = api.get(LIST_URL, {"min_price": "15", "max_price": "25"})
    dear = api.get(LIST_URL, {"min_price": "45"})

    # then
    assert slugs(cheap) == ["spread"]
    assert slugs(middle) == ["mid"]
    assert sorted(slugs(dear)) == ["hidden-cheap", "spread"]


def test_in_stock_filter(api):
    # given
    product_with_variant(slug="stocked", stock=2)
    product_with_variant(slug="sold-out", stock=0)
    only_inactive_stock = product_with_variant(slug="inactive-stock", stock=0)
    ProductVariantFactory(product=only_inactive_stock, stock=7, is_active=False)

    # when
    stocked = api.get(LIST_URL, {"in_stock": "true"})
    empty = api.get(LIST_URL, {"in_stock": "false"})

    # then
    assert slugs(stocked) == ["stocked"]
    assert sorted(slugs(empty)) == ["inactive-stock", "sold-out"]


def test_brand_filter_is_case_insensitive(api):
    # given
    product_with_variant(slug="acme-thing", brand="Acme")
    product_with_variant(slug="other-thing", brand="Other")

    # when
    response = api.get(LIST_URL, {"brand": "acme"})

    # then
    assert slugs(response) == ["acme-thing"]


@pytest.mark.promise("A1")
def test_search_matches_title_and_description(api):
    # given
    product_with_variant(slug="kettle", title="Electric kettle")
    product_with_variant(slug="teapot", title="Teapot", description="Pairs well with a kettle.")
    product_with_variant(slug="toaster", title="Toaster", description="Two slots.")

    # when
    response = api.get(LIST_URL, {"q": "kettle"})

    # then
    assert response.status_code == 200
    assert sorted(slugs(response)) == ["kettle", "teapot"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ordering": "cheapest"}, "ordering"),
        ({"ordering": "relevance"}, "ordering"),
        ({"min_price": "abc"}, "min_price"),
        ({"min_price": "-1"}, "min_price"),
        ({"min_price": "20", "max_price": "10"}, "max_price"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"category": "no-such-category"}, "category"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_invalid_filters_are_refused(api, params, field):
    # given
    product_with_variant()

    # when
    response = api.get(LIST_URL, params)

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [field]


def test_page_size_is_capped_and_page_past_end_is_not_found(api):
    # given
    for _ in range(3):
        product_with_variant()

    # when
    capped = api.get(LIST_URL, {"page_size": 1000})
    past_end = api.get(LIST_URL, {"page": 9})

    # then
    assert capped.status_code == 200
    assert len(capped.json()["results"]) == 3
    assert past_end.status_code == 404
    assert past_end.json()["code"] == "not_found"


def test_product_without_active_variants_has_no_price_and_is_out_of_stock(api):
    # given: its only variant is retired
    product = ProductFactory(slug="retired")
    ProductVariantFactory(product=product, price=Decimal("9.00"), stock=4, is_active=False)

    # when
    result = api.get(LIST_URL).json()["results"][0]

    # then
    assert (result["slug"], result["price_min"], result["price_max"], result["in_stock"]) == (
        "retired",
        None,
        None,
        False,
    )


@pytest.mark.parametrize("ordering", ["", "price", "-price", "title", "-title"])
def test_pages_of_every_ordering_follow_each_other_without_gaps_or_repeats(api, ordering):
    # given: equal prices, titles and creation times, so only the tie-breakers decide
    now = timezone.now()
    expected = []
    with time_machine.travel(now, tick=False):
        for index in range(7):
            product = product_with_variant(slug=f"p{index}", title=f"T{index % 2}", price=f"{10 + index % 3}.00")
            expected.append((product.variants.get().price, product.title, product.id))
    price_order = sorted(expected, key=lambda row: (row[0], -row[2]))
    orders = {
        "": sorted(expected, key=lambda row: -row[2]),
        "price": price_order,
        "-price": sorted(expected, key=lambda row: (-row[0], -row[2])),
        "title": sorted(expected, key=lambda row: (row[1], row[2])),
        "-title": sorted(expected, key=lambda row: (row[1], row[2]), reverse=True),
    }

    # when
    params = {"ordering": ordering} if ordering else {}
    pages = [api.get(LIST_URL, {**params, "page_size": 3, "page": page}) for page in (1, 2, 3)]

    # then
    assert [page.status_code for page in pages] == [200, 200, 200]
    listed = [item["id"] for page in pages for item in page.json()["results"]]
    assert listed == [row[2] for row in orders[ordering]]
    assert [item["price_min"] for item in pages[1].json()["results"]] == [
        f"{row[0]:.2f}" for row in orders[ordering][3:6]
    ]


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_does_not_grow_with_page_size(api, django_assert_num_queries, page_size):
    # given
    root = CategoryFactory(slug="root")
    for index in range(50):
        product = ProductFactory(category=CategoryFactory(parent=root))
        ProductVariantFactory(product=product, price=Decimal(index + 1))
        ProductVariantFactory(product=product, price=Decimal(index + 2), stock=0)
        ProductImageFactory(product=product)
        ProductImageFactory(product=product)

    # the categories, the sale boundaries and the running sales are cached per catalog version by a first read
    assert api.get(LIST_URL, {"page_size": 1, "category": "root"}).status_code == 200

    # when: the count, the page with its price range, stock and first image
    with django_assert_num_queries(2):
        response = api.get(LIST_URL, {"page_size": page_size, "category": "root", "ordering": "price"})
    # the same read again is answered from the shared cache
    with django_assert_num_queries(0):
        again = api.get(LIST_URL, {"page_size": page_size, "category": "root", "ordering": "price"})

    # then
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    assert again.content == response.content


def test_list_query_count_on_a_cold_cache(api, django_assert_num_queries):
    # given
    product = ProductFactory(category=CategoryFactory(slug="root"))
    ProductVariantFactory(product=product)

    # when: categories, count, page, sale boundaries, running sales
    with django_assert_num_queries(5):
        response = api.get(LIST_URL, {"category": "root"})

    # then
    assert response.status_code == 200


# --- detail ---


def test_detail_shows_variants_images_and_breadcrumbs(api):
    # given
    clothes = CategoryFactory(name="Clothes", slug="clothes")
    shoes = CategoryFactory(name="Shoes", slug="shoes", parent=clothes)
    boots = CategoryFactory(name="Boots", slug="boots", parent=shoes)
    product = ProductFactory(slug="hiker", title="Hiker", description="Sturdy.", category=boots)
    small = ProductVariantFactory(
        product=product, sku="HIKER-40", attributes={"size": "40", "colour": "brown"}, price=Decimal("80.00"), stock=0
    )
    ProductVariantFactory(product=product, sku="HIKER-41", price=Decimal("85.00"), stock=2)
    ProductVariantFactory(product=product, sku="HIKER-OLD", is_active=False)
    image = ProductImageFactory(product=product, alt_text="Side view")

    # when
    response = api.get(detail_url("hiker"))

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Hiker"
    assert body["description"] == "Sturdy."
    assert (body["price_min"], body["price_max"], body["in_stock"]) == ("80.00", "85.00", True)
    assert body["category"] == {
        "id": boots.id,
        "slug": "boots",
        "name": "Boots",
        "ancestors": [
            {"id": clothes.id, "slug": "clothes", "name": "Clothes"},
            {"id": shoes.id, "slug": "shoes", "name": "Shoes"},
        ],
    }
    assert [v["sku"] for v in body["variants"]] == ["HIKER-40", "HIKER-41"]
    assert body["variants"][0] == {
        "id": small.id,
        "sku": "HIKER-40",
        "attributes": {"size": "40", "colour": "brown"},
        "attributes_label": "40, brown",
        "price": "80.00",
        "sale_price": None,
        "currency": settings.SHOP_CURRENCY,
        "stock": 0,
        "in_stock": False,
    }
    assert body["images"] == [{"url": f"http://testserver{image.image.url}", "alt_text": "Side view"}]


@pytest.mark.parametrize("slug", ["inactive", "missing"])
def test_detail_of_inactive_or_missing_product_is_not_found(api, slug):
    # given
    ProductFactory(slug="inactive", is_active=False)

    # when
    response = api.get(detail_url(slug))

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("size", [1, 10])
def test_detail_query_count_does_not_grow_with_variants_or_images(api, django_assert_num_queries, size):
    # given
    product = ProductFactory(slug="big", category=CategoryFactory(parent=CategoryFactory()))
    ProductVariantFactory.create_batch(size, product=product)
    ProductImageFactory.create_batch(size, product=product)

    # the categories (breadcrumbs), the sale boundaries and the running sales are cached by a first read
    assert api.get(LIST_URL, {"category": product.category.slug}).status_code == 200

    # when: product with aggregates, variants, images
    with django_assert_num_queries(3):
        response = api.get(detail_url("big"))

    # then
    assert response.status_code == 200
    assert len(response.json()["variants"]) == size


# --- PostgreSQL full-text search ---


@pytest.mark.postgres
def test_search_ranks_title_match_above_description_match(api):
    # given: the description match is the newer product, so only the rank can put the title first
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=1), tick=False):
        product_with_variant(slug="boots", title="Hiking boots", description="Waterproof leather.")
    with time_machine.travel(now, tick=False):
        product_with_variant(slug="socks", title="Wool socks", description="Warm inside hiking boots.")

    # when
    ranked = api.get(LIST_URL, {"q": "boot"})
    by_newest = api.get(LIST_URL, {"q": "boot", "ordering": "newest"})

    # then: stemming matches "boots" for "boot"
    assert slugs(ranked) == ["boots", "socks"]
    assert slugs(by_newest) == ["socks", "boots"]


@pytest.mark.postgres
def test_search_trigger_follows_title_changes(api):
    # given
    product = product_with_variant(slug="renamed", title="Red kettle", description="")
    assert slugs(api.get(LIST_URL, {"q": "toaster"})) == []

    # when
    product.title = "Red toaster"
    product.save()

    # then
    assert slugs(api.get(LIST_URL, {"q": "toaster"})) == ["renamed"]
    assert slugs(api.get(LIST_URL, {"q": "kettle"})) == []


@pytest.mark.postgres
def test_search_understands_websearch_syntax(api):
    # given
    product_with_variant(slug="green-tea", title="Green tea")
    product_with_variant(slug="black-tea", title="Black tea")

    # when
    response = api.get(LIST_URL, {"q": "tea -green"})

    # then
    assert slugs(response) == ["black-tea"]


@pytest.mark.postgres
def test_search_pages_keep_the_rank_order(api):
    # given: the more often a word occurs, the higher the rank; the least relevant products are the newest
    now = timezone.now()
    for count in range(5, 0, -1):
        with time_machine.travel(now - timedelta(days=count), tick=False):
            product_with_variant(slug=f"lamp-{count}", title="Lamp", description=" ".join(["lamp"] * count))
    product_with_variant(slug="chair", title="Chair")

    # when
    pages = [api.get(LIST_URL, {"q": "lamp", "page_size": 2, "page": page}) for page in (1, 2, 3)]

    # then
    assert [slugs(page) for page in pages] == [["lamp-5", "lamp-4"], ["lamp-3", "lamp-2"], ["lamp-1"]]
    assert pages[0].json()["count"] == 5
