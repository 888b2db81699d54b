"""Fulfilment staff read the delivery details of the orders they must ship, under their own permission, each look
written to the access log (F3); everything else stays masked for them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from orders.models import OrderStatus
from privacy.models import PiiAccessLog
from tests.accounts.factories import UserFactory
from tests.orders.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

SLIPS = reverse("admin:orders_order_packing_slips")
NAME = "Quentin Packwell"
STREET = "12 Loading Dock Lane, Unit 4"
NOTE = "Back door, ring the bell twice"


def _staff(*codenames: str):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return staff


def _slip(order) -> str:
    return reverse("admin:orders_order_packing_slip", args=[order.pk])


@pytest.fixture
def packer(client):
    staff = _staff("view_packing_slip")
    client.force_login(staff)
    return staff


@pytest.fixture
def orders():
    made = {
        status: OrderFactory(status=status, recipient_name=NAME, street=STREET, note=NOTE, paid_at=timezone.now())
        for status in (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.AWAITING_PICKUP, OrderStatus.SHIPPED)
    }
    for order in made.values():
        OrderLineFactory(order=order, quantity=3)
    return made


@pytest.mark.promise("F3")
def test_the_list_holds_the_orders_to_ship_and_no_delivery_details(client, packer, orders):
    # when
    response = client.get(SLIPS)

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert [order.number for order in response.context["orders"]] == [
        orders[OrderStatus.PAID].number,
        orders[OrderStatus.AWAITING_PICKUP].number,
    ]
    assert NAME not in html
    assert STREET not in html
    assert not PiiAccessLog.objects.exists()


@pytest.mark.promise("F3")
def test_a_slip_shows_recipient_address_phone_note_and_lines_and_is_logged(client, packer, orders):
    # given
    order = orders[OrderStatus.AWAITING_PICKUP]

    # when
    response = client.get(_slip(order))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    for value in (NAME, STREET, "13812345678", NOTE, order.lines.get().sku):
        assert value in html
    log = PiiAccessLog.objects.get()
    assert (log.staff, log.object_id, log.reason) == (packer, str(order.pk), "Packing slip of an order to ship")
    assert set(log.fields) == {"recipient_name", "phone", "region", "city", "district", "street", "postcode", "note"}
    assert f"entry #{log.pk}" in html


def test_every_look_is_one_entry(client, packer, orders):
    # when
    for _ in range(2):
        client.get(_slip(orders[OrderStatus.PAID]))

    # then
    assert PiiAccessLog.objects.filter(staff=packer).count() == 2


@pytest.mark.parametrize("status", [OrderStatus.PENDING_PAYMENT, OrderStatus.SHIPPED])
def test_an_order_not_to_ship_has_no_slip(client, packer, orders, status):
    # when
    response = client.get(_slip(orders[status]))

    # then
    assert response.status_code == 404
    assert NAME not in response.content.decode()
    assert not PiiAccessLog.objects.exists()


def test_staff_without_the_permission_are_refused_and_nothing_is_logged(client, orders):
    # given: staff who may look at orders (masked) but not at slips
    client.force_login(_staff("view_order"))

    # when
    listing = client.get(SLIPS)
    slip = client.get(_slip(orders[OrderStatus.PAID]))

    # then
    assert (listing.status_code, slip.status_code) == (403, 403)
    assert not PiiAccessLog.objects.exists()


def test_everything_else_stays_masked_for_a_packer(client, orders):
    # given: a packer who may also read the order list
    client.force_login(_staff("view_packing_slip", "view_order"))
    order = orders[OrderStatus.PAID]

    # when
    changelist = client.get(reverse("admin:orders_order_changelist"))
    change = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    reveal = client.post(reverse("admin:orders_order_pii_reveal", args=[order.pk]))

    # then
    assert (changelist.status_code, change.status_code, reveal.status_code) == (200, 200, 403)
    for page in (changelist, change):
        assert NAME not in page.content.decode()
        assert STREET not in page.content.decode()
    assert not PiiAccessLog.objects.exists()


def test_a_visitor_is_sent_to_the_admin_login(client, orders):
    # when
    response = client.get(_slip(orders[OrderStatus.PAID]))

    # then
    assert response.status_code == 302
    assert "/login/" in response["Location"]
