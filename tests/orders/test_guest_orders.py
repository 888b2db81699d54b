"""Guest orders, driven as an app client (documented endpoints only) and on the website: an email is
all a guest gives besides the delivery (A2), the signed link opens and pays the order, a verified
account claims it, and a guest erases their orders through a link sent to their email."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from orders.models import Order, OrderStatus
from orders.services.guest import guest_order_get, guest_order_token
from tests.accounts.factories import UserFactory
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shop.factories import ProductVariantFactory

pytestmark = pytest.mark.django_db
GUEST_EMAIL = "guest.buyer@example.com"
ADDRESS = {
    "recipient_name": "Li Lei",
    "phone": "13912345678",
    "region": "Zhejiang",
    "city": "Hangzhou",
    "district": "Xihu",
    "street": "12 Gudun Road, Flat 5",
    "postcode": "310012",
}


def _guest_order_through_the_api(django_capture_on_commit_callbacks, *, email=GUEST_EMAIL):
    visitor = APIClient()
    variant = ProductVariantFactory(stock=4)
    token = visitor.post("/api/v1/cart/items/", {"variant": variant.sku, "quantity": 2}).json()["visitor_token"]
    app = APIClient()  # a fresh client without the cookie: the cart travels in X-Cart-Token
    with django_capture_on_commit_callbacks(execute=True):
        placed = app.post(
            "/api/v1/guest-orders/",
            {"email": email, "shipping_address": ADDRESS},
            format="json",
            HTTP_X_CART_TOKEN=token,
            HTTP_IDEMPOTENCY_KEY="guest-key-1",
        )
    return app, variant, placed


@pytest.mark.promise("A2")
def test_an_app_client_orders_as_a_guest_with_an_email_only_and_opens_it_by_its_link(
    django_capture_on_commit_callbacks,
):
    # when
    app, variant, placed = _guest_order_through_the_api(django_capture_on_commit_callbacks)
    body = placed.json()
    read = app.get(f"/api/v1/guest-orders/{body['access_token']}/")
    forged = app.get(f"/api/v1/guest-orders/{body['access_token'][:-2]}xx/")

    # then
    assert placed.status_code == 201
    assert (body["status"], body["total"]) == ("pending_payment", str(variant.price * 2))
    order = Order.objects.get(number=body["number"])
    assert (order.user, order.guest_email) == (None, GUEST_EMAIL)
    variant.refresh_from_db()
    assert variant.stock == 2
    assert read.status_code == 200 and read.json()["number"] == order.number
    assert (forged.status_code, forged.json()["code"]) == (404, "not_found")
    [confirmation] = mail.outbox
    assert confirmation.to == [GUEST_EMAIL]
    link = re.search(r"http://127\.0\.0\.1:8000/orders/guest/([^/\s]+)/", confirmation.body).group(1)
    assert guest_order_get(token=link) == order
    assert ADDRESS["street"] not in confirmation.body and ADDRESS["phone"] not in confirmation.body


def test_retrying_a_guest_order_with_the_same_key_answers_the_same_order(django_capture_on_commit_callbacks):
    # given
    app, _, placed = _guest_order_through_the_api(django_capture_on_commit_callbacks)

    # when: the cart is empty now, but the key names the order already placed
    again = app.post(
        "/api/v1/guest-orders/",
        {"email": GUEST_EMAIL, "shipping_address": ADDRESS},
        format="json",
        HTTP_IDEMPOTENCY_KEY="guest-key-1",
    )

    # then
    assert (again.status_code, again.json()["number"]) == (200, placed.json()["number"])
    assert Order.objects.count() == 1


def test_a_guest_without_a_cart_or_an_email_is_refused():
    # when
    no_cart = APIClient().post(
        "/api/v1/guest-orders/", {"email": GUEST_EMAIL, "shipping_address": ADDRESS}, format="json"
    )
    no_email = APIClient().post("/api/v1/guest-orders/", {"shipping_address": ADDRESS}, format="json")

    # then
    assert (no_cart.status_code, no_cart.json()["code"]) == (400, "cart_empty")
    assert (no_email.status_code, no_email.json()["code"]) == (400, "invalid")
    assert "email" in no_email.json()["fields"]


@pytest.mark.django_db(transaction=True)
def test_a_guest_pays_through_the_hosted_page(demo_payments):
    # given
    order = OrderFactory(user=None, guest_email=GUEST_EMAIL)
    OrderLineFactory(order=order)
    token = guest_order_token(order)

    # when
    opened = APIClient().post(f"/api/v1/guest-orders/{token}/pay/").json()
    from orders.models import Payment

    back = demo_payments.confirm(Payment.objects.get(order=order))
    read = APIClient().get(f"/api/v1/guest-orders/{token}/").json()

    # then
    assert opened["payments"][0]["redirect_url"].startswith(f"{demo_payments.shop_url}/demo-payments/pay/")
    assert back.headers["Location"] == f"{demo_payments.shop_url}/orders/guest/{token}/"
    assert read["status"] == "paid"


def test_a_verified_account_with_the_same_email_claims_the_guest_orders(django_capture_on_commit_callbacks):
    # given
    _, _, placed = _guest_order_through_the_api(django_capture_on_commit_callbacks)
    token = placed.json()["access_token"]
    unverified = UserFactory(email="other@example.com")
    EmailAddress.objects.create(user=unverified, email=GUEST_EMAIL.upper(), verified=False, primary=False)
    owner = UserFactory(email=GUEST_EMAIL)
    EmailAddress.objects.create(user=owner, email=GUEST_EMAIL, verified=True, primary=True)

    # when
    nothing = _client(unverified).post("/api/v1/orders/claim-guest-orders/")
    claimed = _client(owner).post("/api/v1/orders/claim-guest-orders/")
    listed = _client(owner).get("/api/v1/orders/").json()

    # then
    assert nothing.json() == {"claimed": []}
    assert claimed.json() == {"claimed": [placed.json()["number"]]}
    assert [order["number"] for order in listed["results"]] == [placed.json()["number"]]
    assert APIClient().get(f"/api/v1/guest-orders/{token}/").status_code == 404


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.promise("D4")
def test_a_guest_erases_their_orders_through_the_link_sent_to_their_email(client, django_capture_on_commit_callbacks):
    # given: one delivered guest order, one still on its way, and someone else's
    done = OrderFactory(user=None, guest_email=GUEST_EMAIL, status=OrderStatus.DELIVERED)
    on_its_way = OrderFactory(user=None, guest_email=GUEST_EMAIL, status=OrderStatus.SHIPPED)
    other = OrderFactory(user=None, guest_email="someone@example.com", status=OrderStatus.DELIVERED)

    # when: the guest asks (and a stranger asks for an email with no orders)
    with django_capture_on_commit_callbacks(execute=True):
        asked = APIClient().post("/api/v1/guest-orders/erasure/", {"email": GUEST_EMAIL}, format="json")
        stranger = APIClient().post("/api/v1/guest-orders/erasure/", {"email": "nobody@example.com"}, format="json")
    [email] = mail.outbox
    link = re.search(r"http://127\.0\.0\.1:8000(/orders/guest/erasure/[^/\s]+/)", email.body).group(1)
    page = client.get(link)
    confirmed = client.post(link, follow=True)

    # then
    assert (asked.status_code, stranger.status_code) == (202, 202)
    assert asked.json() == stranger.json()
    assert email.to == [GUEST_EMAIL]
    assert page.status_code == 200
    assert "Erased 1 guest order." in confirmed.content.decode()
    done.refresh_from_db()
    assert (done.guest_email, done.recipient_name, done.phone, done.street) == ("", "", "", "")
    assert (done.city, done.total) == ("Hangzhou", OrderFactory._meta.model.objects.get(pk=done.pk).total)
    on_its_way.refresh_from_db()
    other.refresh_from_db()
    assert on_its_way.street and on_its_way.guest_email == GUEST_EMAIL
    assert other.guest_email == "someone@example.com"
    assert client.get("/orders/guest/erasure/not-a-token/").status_code == 404


def test_the_website_takes_a_guest_order_and_shows_it_by_its_link(client):
    # given
    variant = ProductVariantFactory(stock=3)
    client.post("/api/v1/cart/items/", {"variant": variant.sku, "quantity": 1})

    # when
    form = client.get(reverse("orders:guest-checkout"))
    placed = client.post(
        reverse("orders:guest-checkout"), {"email": GUEST_EMAIL, "idempotency_key": "web-1", **ADDRESS}, follow=True
    )

    # then
    assert form.status_code == 200
    order = Order.objects.get()
    assert order.guest_email == GUEST_EMAIL
    token = placed.redirect_chain[-1][0].removeprefix("/orders/guest/").rstrip("/")
    assert guest_order_get(token=token) == order
    assert f"Order {order.number}" in placed.content.decode()
