"""Returns, driven as an app client would (``GET /orders/{number}/``, ``POST /orders/{number}/returns/``)
and as staff do in the admin: the window, approve (a courier pickup booked with the demo carrier over
HTTP, minimal data on the disclosure log), reject with a reason, receipt that restocks and refunds, the
emails, and the website's form."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from demo.carrier.setup import demo_carrier_configure
from orders.models import OrderStatus
from orders.returns.models import ReturnRequest, ReturnStatus
from orders.returns.pickup import PICKUP_KEYS, pickup_request_build
from privacy.models import DisclosureRecord
from tests.accounts.factories import StaffFactory
from tests.orders.demo_payments import captured_payment
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shop.factories import ProductVariantFactory

pytestmark = pytest.mark.django_db
ADMIN_RETURNS = reverse("admin:order_returns_returnrequest_changelist")


def _delivered(*, days_ago: int = 1):
    order = OrderFactory(
        status=OrderStatus.DELIVERED,
        subtotal=Decimal("49.80"),
        total=Decimal("49.80"),
        delivered_at=timezone.now() - timedelta(days=days_ago),
    )
    shirt = OrderLineFactory(order=order, variant=ProductVariantFactory(stock=5), quantity=2)
    socks = OrderLineFactory(order=order, variant=ProductVariantFactory(stock=5, price=Decimal("10.00")), quantity=1)
    return order, shirt, socks


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _ask(api, order, lines, reason="Too small."):
    body = {"lines": [{"order_line": line.pk, "quantity": units} for line, units in lines], "reason": reason}
    return api.post(f"/api/v1/orders/{order.number}/returns/", body, format="json")


def _admin(client, action, return_request):
    client.force_login(StaffFactory())
    return client.post(ADMIN_RETURNS, {"action": action, "_selected_action": [return_request.pk]}, follow=True)


def test_a_return_asked_by_an_app_is_approved_collected_received_and_refunded(
    client, demo_payments_api, django_capture_on_commit_callbacks
):
    # given: a delivered order paid at the fake provider, the demo carrier on the same server
    order, shirt, _ = _delivered()
    captured_payment(order)
    demo_carrier_configure(api_base_url=f"{demo_payments_api.shop_url}/demo-carrier/api")
    api = _api(order.user)

    # when: the app reads the order, then asks to return one shirt
    before = api.get(f"/api/v1/orders/{order.number}/").json()
    asked = _ask(api, order, [(shirt, 1)])
    too_many = _ask(api, order, [(shirt, 2)])

    # then
    lines = {line["id"]: line for line in before["lines"]}
    assert (lines[shirt.pk]["can_return"], lines[shirt.pk]["returnable_quantity"]) == (True, 2)
    assert asked.status_code == 201
    assert (asked.json()["status"], asked.json()["lines"][0]["order_line"]) == ("requested", shirt.pk)
    assert (too_many.status_code, too_many.json()["code"]) == (400, "invalid_return_lines")
    return_request = ReturnRequest.objects.get()

    # when: staff approve it
    with django_capture_on_commit_callbacks(execute=True):
        _admin(client, "approve_returns", return_request)

    # then: the courier is booked with the minimum, on the disclosure log, and the shopper is told
    return_request.refresh_from_db()
    assert (return_request.status, return_request.pickup_status) == (ReturnStatus.APPROVED, "booked")
    assert return_request.pickup_reference.startswith("PU")
    record = DisclosureRecord.objects.get(user=order.user, purpose="Collecting your return")
    assert record.fields == ["city", "district", "phone", "postcode", "region", "street"]
    assert (record.recipient_ref, record.reference) == ("carrier:demo", order.number)
    approved = next(message for message in mail.outbox if "approved" in message.subject)
    assert approved.subject == f"PrivaShop: Your return for order {order.number} is approved"

    # when: the parcel arrives
    with django_capture_on_commit_callbacks(execute=True):
        _admin(client, "receive_returns", return_request)

    # then: restocked and refunded, and the app sees it
    return_request.refresh_from_db()
    shirt.variant.refresh_from_db()
    order.refresh_from_db()
    assert return_request.status == ReturnStatus.RECEIVED
    assert return_request.refund.amount == Decimal("19.90")
    assert shirt.variant.stock == 6
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    returns = api.get(f"/api/v1/orders/{order.number}/returns/").json()
    assert [(item["status"], item["pickup_booked"]) for item in returns] == [("received", True)]
    after = {line["id"]: line for line in api.get(f"/api/v1/orders/{order.number}/").json()["lines"]}
    assert (after[shirt.pk]["quantity_refunded"], after[shirt.pk]["returnable_quantity"]) == (1, 1)
    assert any("refunded" in message.subject for message in mail.outbox)


def test_a_rejected_return_tells_the_shopper_why_and_frees_the_lines(client, django_capture_on_commit_callbacks):
    # given
    order, shirt, _ = _delivered()
    api = _api(order.user)
    _ask(api, order, [(shirt, 2)])
    return_request = ReturnRequest.objects.get()

    # when: a reject without a note is refused, then staff write why
    refused = _admin(client, "reject_returns", return_request)
    ReturnRequest.objects.filter(pk=return_request.pk).update(decision_note="Worn items cannot be returned.")
    with django_capture_on_commit_callbacks(execute=True):
        _admin(client, "reject_returns", return_request)

    # then
    assert "Say why the return is rejected." in refused.content.decode()
    return_request.refresh_from_db()
    assert return_request.status == ReturnStatus.REJECTED
    rejected = next(message for message in mail.outbox if "not approved" in message.subject)
    assert "Worn items cannot be returned." in rejected.body
    assert order.street not in rejected.body and order.phone not in rejected.body
    lines = {line["id"]: line for line in api.get(f"/api/v1/orders/{order.number}/").json()["lines"]}
    assert lines[shirt.pk]["returnable_quantity"] == 2


def test_the_return_window_follows_the_setting(settings):
    # given: delivered 15 days ago
    order, shirt, _ = _delivered(days_ago=15)
    api = _api(order.user)

    # when
    closed_line = api.get(f"/api/v1/orders/{order.number}/").json()["lines"][0]
    closed = _ask(api, order, [(shirt, 1)])
    settings.ORDERS_RETURN_WINDOW_DAYS = 30
    opened = _ask(api, order, [(shirt, 1)])

    # then
    assert closed_line["can_return"] is False
    assert (closed.status_code, closed.json()["code"]) == (409, "return_not_allowed")
    assert opened.status_code == 201


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED])
def test_an_order_not_delivered_cannot_be_returned(status):
    # given
    order = OrderFactory(status=status)
    line = OrderLineFactory(order=order)

    # when
    response = _ask(_api(order.user), order, [(line, 1)])

    # then
    assert (response.status_code, response.json()["code"]) == (409, "return_not_allowed")


def test_another_shoppers_order_and_lines_are_not_yours_to_return():
    # given
    order, shirt, _ = _delivered()
    mine, _, _ = _delivered()
    stranger = _api(mine.user)

    # when
    listed = stranger.get(f"/api/v1/orders/{order.number}/returns/")
    asked = stranger.post(f"/api/v1/orders/{order.number}/returns/", {"lines": [], "reason": "x"}, format="json")
    foreign_line = _ask(stranger, mine, [(shirt, 1)])

    # then
    assert (listed.status_code, asked.status_code) == (404, 404)
    assert (foreign_line.status_code, foreign_line.json()["code"]) == (400, "invalid_return_lines")
    assert not ReturnRequest.objects.exists()


def test_the_pickup_request_carries_no_name_email_goods_or_prices():
    # given
    order, _, _ = _delivered()

    # when
    request = pickup_request_build(order=order, return_reference=f"{order.number}-R1")

    # then
    assert set(request.body) == PICKUP_KEYS
    assert order.recipient_name not in str(request.body)
    assert request.body["contact"] == {"phone": order.phone}
    assert "recipient_name" not in request.fields


def test_the_website_order_page_offers_the_return_form_and_takes_a_return(client):
    # given
    order, shirt, socks = _delivered()
    client.force_login(order.user)
    page_url = reverse("orders:order-detail", kwargs={"number": order.number})

    # when
    page = client.get(page_url)
    sent = client.post(
        reverse("orders:order-return", kwargs={"number": order.number}),
        {f"quantity_{shirt.pk}": "1", f"quantity_{socks.pk}": "0", "reason": "Colour differs from the photo."},
        follow=True,
    )

    # then
    assert f'name="quantity_{shirt.pk}"' in page.content.decode()
    assert "Your return request is sent" in sent.content.decode()
    return_request = ReturnRequest.objects.get()
    assert [(line.order_line_id, line.quantity) for line in return_request.lines.all()] == [(shirt.pk, 1)]
    assert "Requested" in sent.content.decode()
