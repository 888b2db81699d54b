"""The order page's status buttons (only the steps the state machine allows) and the confirmation page before
a refund or a cancellation: GET summarises, POST acts through the services, with the staff member as actor."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from orders.models import ActorKind, OrderEvent, OrderStatus, Payment, PaymentStatus
from tests.accounts.factories import StaffFactory
from tests.orders.demo_payments import captured_payment
from tests.orders.factories import OrderFactory, order_with_line

pytestmark = pytest.mark.django_db

S = OrderStatus


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _change(order) -> str:
    return reverse("admin:orders_order_change", args=[order.pk])


def _step(order, to_status: str) -> str:
    return reverse("admin:orders_order_transition", args=[order.pk, to_status])


def _buttons(html: str) -> list[str]:
    block = html.split('class="ps-actions"', 1)[1].split("</div>", 1)[0]
    return [label.strip() for label in re.findall(r"<(?:a|button)[^>]*>([^<]+)</(?:a|button)>", block)]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (S.PENDING_PAYMENT, ["Cancel order…"]),
        (S.PAID, ["Hand off to carrier", "Refund in full…", "Cancel order…"]),
        (S.AWAITING_PICKUP, ["Mark shipped", "Refund in full…"]),
        (S.SHIPPED, ["Mark delivered"]),
        (S.DELIVERED, ["Mark completed", "Refund in part…", "Refund in full…"]),
        (S.PARTIALLY_REFUNDED, ["Refund in part…", "Refund in full…"]),
        (S.REFUNDED, []),
        (S.CANCELLED, []),
    ],
)
def test_the_order_page_offers_only_the_allowed_steps(staff_client, status, expected):
    # given
    order = OrderFactory(status=status)

    # when
    response = staff_client.get(_change(order))

    # then
    assert response.status_code == 200
    assert _buttons(response.content.decode()) == expected


def test_staff_who_may_only_view_get_no_buttons_and_no_step(client):
    # given
    viewer = StaffFactory(is_superuser=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(viewer)
    order = OrderFactory(status=S.AWAITING_PICKUP)

    # when
    page = client.get(_change(order))
    posted = client.post(_step(order, S.SHIPPED))

    # then
    assert _buttons(page.content.decode()) == []
    assert posted.status_code == 403
    order.refresh_from_db()
    assert order.status == S.AWAITING_PICKUP


def test_a_plain_step_is_posted_from_the_page_and_recorded_with_the_staff_actor(staff_client, staff):
    # given
    order = OrderFactory(status=S.AWAITING_PICKUP)

    # when
    response = staff_client.post(_step(order, S.SHIPPED), follow=True)

    # then
    order.refresh_from_db()
    assert order.status == S.SHIPPED
    assert f"Order {order.number} is marked shipped." in response.content.decode()
    event = OrderEvent.objects.get(order=order, to_status=S.SHIPPED)
    assert (event.actor, event.actor_kind, event.from_status) == (staff, ActorKind.STAFF, S.AWAITING_PICKUP)


def test_the_refund_page_summarises_then_refunds_on_post(staff_client, staff, demo_payments_api):
    # given
    order = order_with_line(stock_left=3, quantity=2, status=S.PAID)
    captured_payment(order)

    # when: the page is opened
    summary = staff_client.get(_step(order, S.REFUNDED))

    # then: what would happen, and nothing happened
    html = summary.content.decode()
    assert summary.status_code == 200
    assert f"{order.total} {order.currency} goes back to the buyer" in html
    assert "2 units of" in html and "return to stock" in html
    assert "is final: it cannot be undone" in html
    assert 'name="csrfmiddlewaretoken"' in html
    order.refresh_from_db()
    assert order.status == S.PAID

    # when: confirmed
    staff_client.post(_step(order, S.REFUNDED))

    # then
    order.refresh_from_db()
    assert order.status == S.REFUNDED
    assert order.lines.get().variant.stock == 5
    assert Payment.objects.filter(order=order, status=PaymentStatus.REFUNDED).count() == 1
    assert OrderEvent.objects.get(order=order, to_status=S.REFUNDED).actor == staff


def test_the_cancel_page_of_an_unpaid_order_says_nothing_is_refunded(staff_client):
    # given
    order = order_with_line(status=S.PENDING_PAYMENT, voucher_code="WELCOME10")

    # when
    html = staff_client.get(_step(order, S.CANCELLED)).content.decode()

    # then
    assert "goes back to the buyer" not in html
    assert "The buyer may use the voucher WELCOME10 again." in html


def test_a_step_the_state_machine_refuses_changes_nothing_and_says_why(staff_client):
    # given: a stale page offered "Mark shipped", but the order was refunded meanwhile
    order = OrderFactory(status=S.REFUNDED)

    # when
    shown = staff_client.get(_step(order, S.SHIPPED), follow=True)
    posted = staff_client.post(_step(order, S.SHIPPED), follow=True)

    # then
    assert shown.status_code == posted.status_code == 200
    assert "cannot move to Shipped" in posted.content.decode()
    order.refresh_from_db()
    assert order.status == S.REFUNDED


@pytest.mark.parametrize("to_status", ["paid", "partially_refunded", "nonsense"])
def test_a_step_staff_never_take_by_hand_is_404(staff_client, to_status):
    # given
    order = OrderFactory(status=S.PENDING_PAYMENT)

    # when
    response = staff_client.post(_step(order, to_status))

    # then
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == S.PENDING_PAYMENT
