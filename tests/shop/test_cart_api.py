import threading
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from shop.models import Cart, CartItem
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.shop.factories import (
    CartFactory,
    CartItemFactory,
    ProductFactory,
    ProductImageFactory,
    ProductVariantFactory,
)

pytestmark = pytest.mark.django_db

CART_URL = "/api/v1/cart/"
ITEMS_URL = "/api/v1/cart/items/"


def item_url(item_id: int) -> str:
    return f"/api/v1/cart/items/{item_id}/"


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user_client():
    user = UserFactory()
    client = APIClient()
    client.force_login(user)
    return user, client


def test_url_names_resolve_to_the_documented_paths():
    # then
    assert reverse("api:cart") == CART_URL
    assert reverse("api:cart-item-list") == ITEMS_URL
    assert reverse("api:cart-item-detail", kwargs={"item_id": 7}) == item_url(7)


def test_visitor_without_cart_reads_an_empty_cart_and_no_row_is_created(api_client):
    # when
    response = api_client.get(CART_URL)

    # then
    assert response.status_code == 200
    body = response.json()
    pricing = body.pop("pricing")
    assert body == {
        "id": None,
        "items": [],
        "total_quantity": 0,
        "subtotal": "0.00",
        "currency": "CNY",
        "notices": [],
        "visitor_token": None,
    }
    assert (pricing["total"], pricing["shipping_method"], pricing["tax_breakdown"]) == ("0.00", None, [])
    assert not Cart.objects.exists()


def test_visitor_adds_by_id_and_reads_the_whole_cart(api_client, settings):
    # given
    settings.SHOP_CURRENCY = "EUR"
    variant = ProductVariantFactory(price=Decimal("19.90"), stock=5, attributes={"size": "M", "colour": "blue"})
    ProductImageFactory(product=variant.product, position=0)

    # when
    response = api_client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 3})

    # then
    assert response.status_code == 201
    body = response.json()
    cart = Cart.objects.get()
    assert cart.user is None
    assert body["id"] == cart.pk
    [line] = body["items"]
    assert line["id"] == CartItem.objects.get().pk
    assert line["quantity"] == 3
    assert line["unit_price"] == "19.90"
    assert line["line_total"] == "59.70"
    assert line["available"] is True
    assert line["currency"] == "EUR"
    assert line["variant"]["id"] == variant.pk
    assert line["variant"]["sku"] == variant.sku
    assert line["variant"]["attributes"] == {"size": "M", "colour": "blue"}
    assert line["variant"]["attributes_label"] == "M, blue"
    assert line["variant"]["product"] == {"slug": variant.product.slug, "title": variant.product.title}
    assert line["variant"]["image"].startswith("http://testserver/media/products/")
    assert body["total_quantity"] == 3
    assert body["subtotal"] == "59.70"
    assert body["currency"] == "EUR"
    assert body["notices"] == []
    assert api_client.get(CART_URL).json()["items"][0]["id"] == line["id"]


def test_add_by_sku_string(api_client):
    # given
    variant = ProductVariantFactory(sku="TEE-RED-L")

    # when
    response = api_client.post(ITEMS_URL, {"variant": "TEE-RED-L", "quantity": 1})

    # then the cart holds one unit of that variant
    assert response.status_code == 201
    assert response.json()["items"][0]["variant"]["id"] == variant.pk
    assert list(CartItem.objects.values_list("variant_id", "quantity")) == [(variant.pk, 1)]


def test_money_is_exact_decimal_never_float(api_client):
    # given
    cheap = ProductVariantFactory(price=Decimal("0.10"), stock=10)
    other = ProductVariantFactory(price=Decimal("0.20"), stock=10)
    api_client.post(ITEMS_URL, {"variant": cheap.pk, "quantity": 3})

    # when
    response = api_client.post(ITEMS_URL, {"variant": other.pk, "quantity": 1})

    # then
    body = response.json()
    assert [line["line_total"] for line in body["items"]] == ["0.30", "0.20"]
    assert body["subtotal"] == "0.50"


def test_adding_the_same_variant_sums_quantities(api_client):
    # given
    variant = ProductVariantFactory(stock=5)
    api_client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 2})

    # when
    response = api_client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 3})

    # then
    assert response.status_code == 201
    assert [line["quantity"] for line in response.json()["items"]] == [5]
    assert CartItem.objects.get().quantity == 5


def test_adding_beyond_stock_is_refused_with_the_available_stock(api_client):
    # given
    variant = ProductVariantFactory(stock=5)
    api_client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 4})

    # when
    response = api_client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 2})

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "insufficient_stock"
    assert body["available"] == 5
    assert body["fields"]["quantity"]
    assert CartItem.objects.get().quantity == 4


@pytest.mark.parametrize("quantity", [0, -1, "abc", 1.5, None, True])
def test_non_positive_or_non_integer_quantity_is_invalid(api_client, quantity):
    # given
    variant = ProductVariantFactory()

    # when
    response = api_client.post(ITEMS_URL, {"variant": variant.pk, "quantity": quantity})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "quantity" in response.json()["fields"]
    assert not CartItem.objects.exists()


@pytest.mark.parametrize("reference", [999_999, "NO-SUCH-SKU", "", 10**30, None, ["x"], "SKU\x00"])
def test_unknown_variant_is_invalid_on_the_variant_field(api_client, reference):
    # given
    ProductVariantFactory()

    # when
    response = api_client.post(ITEMS_URL, {"variant": reference, "quantity": 1})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "variant" in response.json()["fields"]
    assert not Cart.objects.exists()


@pytest.mark.parametrize(
    "make_variant",
    [
        lambda: ProductVariantFactory(is_active=False),
        lambda: ProductVariantFactory(product=ProductFactory(is_active=False)),
    ],
    ids=["inactive variant", "inactive product"],
)
def test_inactive_variant_or_product_is_unavailable(api_client, make_variant):
    # given
    variant = make_variant()

    # when
    response = api_client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 1})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "product_unavailable"
    assert not CartItem.objects.exists()


def test_patch_changes_the_quantity(user_client):
    # given
    user, client = user_client
    item = CartItemFactory(cart=CartFactory(user=user), quantity=1, variant=ProductVariantFactory(stock=4))

    # when
    response = client.patch(item_url(item.pk), {"quantity": 4})

    # then
    assert response.status_code == 200
    assert response.json()["items"][0]["quantity"] == 4
    item.refresh_from_db()
    assert item.quantity == 4


def test_patch_beyond_stock_is_refused(user_client):
    # given
    user, client = user_client
    item = CartItemFactory(cart=CartFactory(user=user), quantity=1, variant=ProductVariantFactory(stock=4))

    # when
    response = client.patch(item_url(item.pk), {"quantity": 5})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "insufficient_stock"
    assert response.json()["available"] == 4
    assert "quantity" in response.json()["fields"]
    item.refresh_from_db()
    assert item.quantity == 1


def test_patch_zero_is_invalid(user_client):
    # given
    user, client = user_client
    item = CartItemFactory(cart=CartFactory(user=user), quantity=2)

    # when
    response = client.patch(item_url(item.pk), {"quantity": 0})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    item.refresh_from_db()
    assert item.quantity == 2


def test_delete_removes_the_line(user_client):
    # given
    user, client = user_client
    item = CartItemFactory(cart=CartFactory(user=user))

    # when
    response = client.delete(item_url(item.pk))

    # then
    assert response.status_code == 204
    assert not CartItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_another_users_line_is_not_found_and_untouched(user_client, method):
    # given
    user, client = user_client
    CartFactory(user=user)
    someone_elses = CartItemFactory(cart=CartFactory(user=UserFactory()), quantity=2)

    # when
    response = getattr(client, method)(item_url(someone_elses.pk), {"quantity": 1})

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    someone_elses.refresh_from_db()
    assert someone_elses.quantity == 2


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_another_visitors_line_is_not_found(api_client, method):
    # given
    api_client.post(ITEMS_URL, {"variant": ProductVariantFactory().pk, "quantity": 1})
    other_visitors = CartItemFactory(cart=CartFactory(user=None), quantity=2)

    # when
    response = getattr(api_client, method)(item_url(other_visitors.pk), {"quantity": 1})

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert CartItem.objects.get(pk=other_visitors.pk).quantity == 2


def test_visitor_without_cart_gets_not_found_on_a_line(api_client):
    # given
    item = CartItemFactory()

    # when
    response = api_client.delete(item_url(item.pk))

    # then
    assert response.status_code == 404
    assert CartItem.objects.filter(pk=item.pk).exists()


def test_signed_in_user_adds_to_their_one_cart(user_client):
    # given
    user, client = user_client
    variant = ProductVariantFactory()

    # when
    client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 1})
    response = client.post(ITEMS_URL, {"variant": ProductVariantFactory().pk, "quantity": 1})

    # then
    assert response.status_code == 201
    assert Cart.objects.get().user == user
    assert response.json()["id"] == user.cart.pk
    assert response.json()["total_quantity"] == 2


def test_session_caller_must_send_the_csrf_token():
    # given
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    variant = ProductVariantFactory()
    token = "a" * 32
    client.cookies["csrftoken"] = token

    # when
    refused = client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 1})
    accepted = client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 1}, HTTP_X_CSRFTOKEN=token)

    # then
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert accepted.status_code == 201


def test_app_client_uses_its_session_token():
    # given
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    login = APIClient().post(
        "/_allauth/app/v1/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    )
    token = login.json()["meta"]["session_token"]
    client = APIClient(HTTP_X_SESSION_TOKEN=token)
    variant = ProductVariantFactory()

    # when
    added = client.post(ITEMS_URL, {"variant": variant.sku, "quantity": 2})
    read = client.get(CART_URL)

    # then
    assert added.status_code == 201
    assert read.json()["id"] == Cart.objects.get(user=user).pk
    assert read.json()["total_quantity"] == 2


def _get_cart_queries(client: APIClient) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CART_URL)
    assert response.status_code == 200
    return len(queries)


def test_reading_the_cart_costs_the_same_queries_for_one_or_twenty_lines(django_assert_max_num_queries):
    # given
    small_user, big_user = UserFactory(), UserFactory()
    small, big = APIClient(), APIClient()
    small.force_login(small_user)
    big.force_login(big_user)
    CartItemFactory(cart=CartFactory(user=small_user))
    big_cart = CartFactory(user=big_user)
    for _ in range(20):
        variant = ProductVariantFactory()
        ProductImageFactory(product=variant.product)
        ProductImageFactory(product=variant.product)
        CartItemFactory(cart=big_cart, variant=variant)

    # the sale boundaries and the running sales are cached per catalog version by a first read
    assert small.get(CART_URL).status_code == 200

    # when
    one_line = _get_cart_queries(small)
    # Five for the session, the user and the lines; four for pricing with no shipping or sales set up
    # (default address region, zones, tax rates, running sales).
    with django_assert_max_num_queries(9):
        twenty_lines = big.get(CART_URL)

    # then
    assert len(twenty_lines.json()["items"]) == 20
    assert _get_cart_queries(big) == one_line


def test_schema_documents_the_cart_operations_and_error_codes(api_client):
    # when
    schema = api_client.get("/api/schema/?format=json").json()

    # then
    cart_paths = schema["paths"]
    assert set(cart_paths["/api/v1/cart/"]) >= {"get"}
    post = cart_paths["/api/v1/cart/items/"]["post"]
    assert {"201", "400"} <= set(post["responses"])
    assert "insufficient_stock" in post["responses"]["400"]["description"]
    assert "product_unavailable" in post["responses"]["400"]["description"]
    patch = cart_paths["/api/v1/cart/items/{item_id}/"]["patch"]
    assert {"200", "400", "404"} <= set(patch["responses"])
    assert "not_found" in patch["responses"]["404"]["description"]
    assert "204" in cart_paths["/api/v1/cart/items/{item_id}/"]["delete"]["responses"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_of_one_variant_lose_no_quantity():
    # given
    user = UserFactory()
    variant = ProductVariantFactory(stock=10)
    CartItemFactory(cart=CartFactory(user=user), variant=variant, quantity=1)
    barrier = threading.Barrier(4)
    statuses: list[int] = []

    def add_two() -> None:
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 2}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=add_two) for _ in range(4)]

    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert statuses == [201, 201, 201, 201]
    assert CartItem.objects.get(variant=variant).quantity == 9


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_never_exceed_the_stock():
    # given
    user = UserFactory()
    variant = ProductVariantFactory(stock=5)
    CartFactory(user=user)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def add_three() -> None:
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(ITEMS_URL, {"variant": variant.pk, "quantity": 3}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=add_three) for _ in range(2)]

    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert sorted(statuses) == [201, 400]
    assert CartItem.objects.get(variant=variant).quantity == 3


def test_an_app_clients_visitor_cart_joins_the_account_when_it_logs_in_through_the_headless_api():
    # given: an app browsing anonymously fills a cart, and the shopper already has one item in the account
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    kept = CartItemFactory(cart=CartFactory(user=user))
    visitor = APIClient()
    variant = ProductVariantFactory(stock=5)
    added = visitor.post(ITEMS_URL, {"variant": variant.sku, "quantity": 2})
    token = added.json()["visitor_token"]

    # when: the app logs in through the headless API (a new token session), naming its visitor cart
    login = APIClient().post(
        "/_allauth/app/v1/auth/login",
        {"email": user.email, "password": DEFAULT_PASSWORD},
        format="json",
        HTTP_X_CART_TOKEN=token,
    )
    app = APIClient(HTTP_X_SESSION_TOKEN=login.json()["meta"]["session_token"])
    cart = app.get(CART_URL).json()

    # then
    assert token
    assert {(item["variant"]["sku"], item["quantity"]) for item in cart["items"]} == {
        (kept.variant.sku, kept.quantity),
        (variant.sku, 2),
    }
    assert cart["visitor_token"] is None
    assert not Cart.objects.filter(user__isnull=True).exists()


def test_a_forged_cart_token_merges_nothing():
    # given: someone else's cart id, signed with the wrong key
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    other = CartItemFactory(cart=CartFactory())

    # when
    login = APIClient().post(
        "/_allauth/app/v1/auth/login",
        {"email": user.email, "password": DEFAULT_PASSWORD},
        format="json",
        HTTP_X_CART_TOKEN=f"{other.cart_id}:forged",
    )

    # then
    assert login.status_code == 200
    assert Cart.objects.get(pk=other.cart_id).user is None
    assert not Cart.objects.filter(user=user).exists()
