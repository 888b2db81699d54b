"""The merchant's order admin: masked recipients, filters, search, read-only inlines and the actions."""

import pytest
from django.urls import reverse

from orders.models import ActorKind, OrderEvent, OrderStatus, Payment, PaymentStatus
from tests.accounts.factories import StaffFactory
from tests.orders.demo_payments import captured_payment
from tests.orders.factories import AddressFactory, OrderFactory, OrderLineFactory, PaymentFactory, order_with_line

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orders_order_changelist")


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _act(staff_client, action: str, *orders, confirmed: bool = False):
    data = {"action": action, "_selected_action": [order.pk for order in orders]}
    if confirmed:
        # What the confirmation page of a refund or a cancellation posts back.
        data["confirmed"] = "yes"
    return staff_client.post(CHANGELIST, data, follow=True)


def test_the_list_masks_the_recipients_name_and_phone(staff_client):
    # given
    order = OrderFactory(recipient_name="Wang Xiaoming", phone="13812345678")

    # when
    response = staff_client.get(CHANGELIST)

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert order.number in page
    assert "138****5678" in page
    assert "W*" in page
    assert "13812345678" not in page
    assert "Wang Xiaoming" not in page


def test_the_list_searches_by_order_number_and_filters_by_status(staff_client):
    # given
    wanted = OrderFactory(status=OrderStatus.PAID)
    other = OrderFactory(status=OrderStatus.PAID)
    unpaid = OrderFactory()

    # when
    searched = staff_client.get(CHANGELIST, {"q": wanted.number}).content.decode()
    filtered = staff_client.get(CHANGELIST, {"status__exact": "paid"}).content.decode()

    # then
    assert wanted.number in searched
    assert other.number not in searched
    assert wanted.number in filtered and other.number in filtered
    assert unpaid.number not in filtered


def test_the_change_page_shows_lines_events_and_payments_with_personal_data_masked(staff_client):
    # given
    order = OrderFactory(street="8 Secret Lane", phone="13812345678", status=OrderStatus.PAID)
    line = OrderLineFactory(order=order)
    OrderEvent.objects.create(order=order, kind="placed", actor_kind=ActorKind.SHOPPER)
    payment = PaymentFactory(order=order, reference="demo_pay_abcdef123")

    # when
    response = staff_client.get(reverse("admin:orders_order_change", args=[order.pk]))

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert line.sku in page
    assert "placed" in page
    assert payment.reference not in page
    assert "8 Secret Lane" not in page
    assert "13812345678" not in page
    assert "138****5678" in page


def test_staff_cannot_add_or_delete_orders(staff_client):
    # given
    order = OrderFactory()

    # when
    add = staff_client.get(reverse("admin:orders_order_add"))
    delete = staff_client.get(reverse("admin:orders_order_delete", args=[order.pk]))

    # then
    assert add.status_code == 403
    assert delete.status_code == 403


def test_mark_shipped_and_delivered_go_through_the_state_machine_with_the_staff_actor(staff_client, staff):
    # given
    order = OrderFactory(status=OrderStatus.AWAITING_PICKUP)

    # when
    _act(staff_client, "mark_shipped", order)
    _act(staff_client, "mark_delivered", order)

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    events = OrderEvent.objects.filter(order=order, kind="status_changed").order_by("id")
    assert [(event.to_status, event.actor, event.actor_kind) for event in events] == [
        (OrderStatus.SHIPPED, staff, ActorKind.STAFF),
        (OrderStatus.DELIVERED, staff, ActorKind.STAFF),
    ]


def test_an_action_refused_for_one_order_is_reported_and_the_others_proceed(staff_client):
    # given
    ready = OrderFactory(status=OrderStatus.AWAITING_PICKUP)
    unpaid = OrderFactory()

    # when
    response = _act(staff_client, "mark_shipped", ready, unpaid)

    # then
    ready.refresh_from_db()
    unpaid.refresh_from_db()
    assert (ready.status, unpaid.status) == (OrderStatus.SHIPPED, OrderStatus.PENDING_PAYMENT)
    text = response.content.decode()
    assert f"Marked shipped: {ready.number}" in text
    assert unpaid.number in text


def test_cancel_restocks_and_refunds_a_paid_order(staff_client, demo_payments_api):
    # given
    order = order_with_line(stock_left=3, quantity=2, status=OrderStatus.PAID)
    captured_payment(order)

    # when
    _act(staff_client, "cancel_orders", order, confirmed=True)

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.lines.get().variant.stock == 5
    assert Payment.objects.filter(order=order, status=PaymentStatus.REFUNDED).exists()


def test_refund_moves_a_delivered_order_to_refunded(staff_client, demo_payments_api):
    # given
    order = OrderFactory(status=OrderStatus.DELIVERED)
    captured_payment(order)

    # when
    _act(staff_client, "refund_orders", order, confirmed=True)

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert Payment.objects.filter(order=order, status=PaymentStatus.REFUNDED).count() == 1


@pytest.mark.parametrize("action", ["cancel_orders", "refund_orders"])
def test_cancel_and_refund_from_the_list_first_show_what_they_would_do(staff_client, action):
    # given
    order = order_with_line(stock_left=3, quantity=2, status=OrderStatus.PAID)
    captured_payment(order)

    # when
    response = _act(staff_client, action, order)

    # then: a summary naming the order, the amount and the restock; nothing changed
    html = response.content.decode()
    assert "Please confirm" in html
    assert order.number in html and str(order.total) in html
    assert "goods return to stock" in html
    assert 'name="confirmed" value="yes"' in html
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert not Payment.objects.filter(order=order, status=PaymentStatus.REFUNDED).exists()


def test_hand_off_starts_the_logistics_handoff_for_a_paid_order_only(staff_client):
    # given
    paid = OrderFactory(status=OrderStatus.PAID)
    unpaid = OrderFactory()

    # when
    _act(staff_client, "hand_off_to_carrier", paid, unpaid)

    # then
    assert OrderEvent.objects.filter(order=paid, kind__startswith="handoff").exists()
    assert not OrderEvent.objects.filter(order=unpaid, kind__startswith="handoff").exists()


def test_the_address_admin_masks_phone_name_and_street(staff_client):
    # given
    address = AddressFactory(recipient_name="Li Lei", phone="13900001111", street="42 Hidden Road")

    # when
    listing = staff_client.get(reverse("admin:orders_address_changelist")).content.decode()
    page = staff_client.get(reverse("admin:orders_address_change", args=[address.pk])).content.decode()

    # then
    for content in (listing, page):
        assert "13900001111" not in content
        assert "Li Lei" not in content
        assert "139****1111" in content
    assert "42 Hidden Road" not in page


def test_a_shopper_cannot_open_the_order_admin(client):
    # given
    client.force_login(OrderFactory().user)

    # when
    response = client.get(CHANGELIST)

    # then
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
