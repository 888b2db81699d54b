"""The demo carrier: its configuration, its booking endpoint, the courier command, and the whole flow
(paid order -> booked parcel -> delivered) through the live test server with nothing else running."""

import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from demo.carrier.parcels import DEMO_CARRIER_SLUG, DemoParcelError, demo_next_status, demo_tracking_number
from demo.carrier.setup import demo_carrier_configure
from orders.models import OrderStatus, Shipment, ShipmentStatus, TrackingEvent
from orders.services.logistics import carrier_save
from privacy.models import DisclosureRecord

BOOKING = {
    "order_number": "PS-DEMO-000001",
    "label": {"recipient_name": "王*", "phone": "138****5678"},
    "contact": {"phone": "13812345678"},
    "address": {"region": "浙江省", "city": "杭州市", "street": "文三路 100 号"},
    "lines": [{"sku": "SKU-1", "title": "Linen shirt", "quantity": 1}],
}


DEMO_API_KEY = "demo-carrier-api-key-5e1d"


def _book(client, body, key="PS-DEMO-000001", authorization=None):
    headers = {"Idempotency-Key": key} if key else {}
    if authorization is not None:
        headers["Authorization"] = authorization
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/demo-carrier/api/shipments/", data=raw, content_type="application/json", headers=headers)


# --- Configuration (what seed_demo calls) ---


@pytest.mark.django_db
def test_configure_creates_the_demo_carrier_once():
    # when
    carrier, created = demo_carrier_configure()
    again, created_again = demo_carrier_configure()

    # then
    assert (created, created_again) == (True, False)
    assert again.pk == carrier.pk
    assert carrier.slug == DEMO_CARRIER_SLUG
    assert carrier.api_base_url == "http://127.0.0.1:8000/demo-carrier/api"
    assert (carrier.is_active, carrier.is_default, carrier.privacy_waybill, carrier.is_abroad) == (
        True,
        True,
        True,
        False,
    )
    assert len(carrier.webhook_secret) >= 32
    assert again.webhook_secret == carrier.webhook_secret


@pytest.mark.django_db
def test_configure_gives_a_new_demo_carrier_the_configured_api_key(settings):
    # given
    settings.DEMO_CARRIER_API_KEY = DEMO_API_KEY

    # when
    carrier, _ = demo_carrier_configure()

    # then
    assert carrier.api_key == DEMO_API_KEY


@pytest.mark.django_db
def test_configure_without_a_configured_key_sets_none():
    # when
    carrier, _ = demo_carrier_configure()

    # then
    assert carrier.api_key == ""


@pytest.mark.django_db
def test_configure_leaves_another_default_carrier_the_default(make_carrier):
    # given
    existing = make_carrier(is_default=True)

    # when
    carrier, _ = demo_carrier_configure()

    # then
    assert carrier.is_default is False
    existing.refresh_from_db()
    assert existing.is_default is True


@pytest.mark.django_db
def test_the_secret_is_stored_encrypted():
    # given
    carrier, _ = demo_carrier_configure()

    # when
    with connection.cursor() as cursor:
        cursor.execute("SELECT webhook_secret FROM orders_carrier WHERE id = %s", [carrier.pk])
        [stored] = cursor.fetchone()

    # then
    assert stored != carrier.webhook_secret
    assert carrier.webhook_secret not in stored


# --- The booking endpoint ---


def test_booking_answers_the_same_tracking_number_for_the_same_key(client):
    # when
    first = _book(client, BOOKING)
    again = _book(client, BOOKING)
    other = _book(client, {**BOOKING, "order_number": "PS-DEMO-000002"}, key="PS-DEMO-000002")

    # then
    assert first.status_code == 201
    assert first.json() == {"tracking_number": demo_tracking_number("PS-DEMO-000001"), "status": "booked"}
    assert again.json()["tracking_number"] == first.json()["tracking_number"]
    assert other.json()["tracking_number"] != first.json()["tracking_number"]


@pytest.mark.parametrize(
    ("body", "key", "code"),
    [
        ({**BOOKING, "email": "someone@example.com"}, "PS-DEMO-000001", "invalid"),
        ({k: v for k, v in BOOKING.items() if k != "lines"}, "PS-DEMO-000001", "invalid"),
        ({**BOOKING, "lines": []}, "PS-DEMO-000001", "invalid"),
        (BOOKING, "", "idempotency_key_required"),
        (BOOKING, "PS-DEMO-999999", "idempotency_key_required"),
        (b"not json", "PS-DEMO-000001", "parse_error"),
        (b"[1, 2]", "PS-DEMO-000001", "invalid"),
    ],
    ids=["extra-key", "missing-lines", "no-lines", "no-key", "other-key", "not-json", "not-an-object"],
)
def test_booking_refuses_a_malformed_request(client, body, key, code):
    # when
    response = _book(client, body, key=key)

    # then
    assert response.status_code == 400
    assert response.json()["code"] == code


@pytest.mark.parametrize("authorization", [None, "Bearer some-key", f"Basic {DEMO_API_KEY}"])
def test_without_a_configured_key_the_demo_takes_any_key_or_none(client, authorization):
    # when
    response = _book(client, BOOKING, authorization=authorization)

    # then
    assert response.status_code == 201


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer wrong-key", f"Basic {DEMO_API_KEY}", f"Bearer {DEMO_API_KEY}x"],
    ids=["absent", "empty", "no-key", "wrong-key", "other-scheme", "longer-key"],
)
def test_with_a_configured_key_the_demo_refuses_any_other(client, settings, authorization):
    # given
    settings.DEMO_CARRIER_API_KEY = DEMO_API_KEY

    # when
    response = _book(client, BOOKING, authorization=authorization)

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_api_key"


def test_with_a_configured_key_the_demo_books_with_it(client, settings):
    # given
    settings.DEMO_CARRIER_API_KEY = DEMO_API_KEY

    # when
    response = _book(client, BOOKING, authorization=f"Bearer {DEMO_API_KEY}")

    # then
    assert response.status_code == 201
    assert response.json()["tracking_number"] == demo_tracking_number("PS-DEMO-000001")


def test_booking_only_accepts_post(client):
    # when
    response = client.get("/demo-carrier/api/shipments/")

    # then
    assert response.status_code == 405


def test_the_demo_carrier_is_404_when_disabled(client, settings):
    # given
    settings.DEMO_CARRIER_ENABLED = False

    # when
    response = _book(client, BOOKING)

    # then
    assert response.status_code == 404


# --- The courier's journey ---


@pytest.mark.parametrize(
    ("latest", "following"),
    [
        (None, "picked_up"),
        ("picked_up", "in_transit"),
        ("in_transit", "out_for_delivery"),
        ("out_for_delivery", "delivered"),
    ],
)
def test_the_journey_goes_one_step_at_a_time(latest, following):
    assert demo_next_status(latest) == following


@pytest.mark.parametrize("latest", ["delivered", "exception"])
def test_the_journey_ends_at_delivery(latest):
    with pytest.raises(DemoParcelError):
        demo_next_status(latest)


@pytest.mark.django_db
def test_advance_without_the_demo_carrier_says_to_seed():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("demo_carrier_advance", "DM000000000000")


@pytest.mark.django_db
def test_advance_says_when_the_shop_does_not_answer():
    # given: nothing listens on port 9 of loopback
    demo_carrier_configure(api_base_url="http://127.0.0.1:9/demo-carrier/api")

    # when / then
    with pytest.raises(CommandError, match="did not answer"):
        call_command("demo_carrier_advance", "DM000000000000")


# --- End to end on the live server ---


@pytest.mark.django_db(transaction=True)
def test_a_paid_order_ships_and_is_delivered_through_the_demo_carrier(live_server, make_order, capsys, demo_payments):
    # given: the demo carrier as `make run` configures it, on this server
    carrier, _ = demo_carrier_configure(api_base_url=f"{live_server.url}/demo-carrier/api")
    order = make_order(status=OrderStatus.PENDING_PAYMENT)

    # when: the buyer pays (the handoff starts after commit and books over HTTP)
    demo_payments.pay(order)

    # then
    shipment = Shipment.objects.get(order=order)
    assert shipment.carrier == carrier
    assert shipment.status == ShipmentStatus.BOOKED
    assert shipment.tracking_number == demo_tracking_number(order.number)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PICKUP
    record = DisclosureRecord.objects.get(user=order.user, recipient_ref="carrier:demo")
    assert {"recipient_name_masked", "phone_masked", "phone"} <= set(record.fields)

    # when: the courier walks the parcel to the door
    for _ in range(4):
        call_command("demo_carrier_advance", shipment.tracking_number)

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert list(TrackingEvent.objects.filter(shipment=shipment).values_list("status", flat=True)) == [
        "picked_up",
        "in_transit",
        "out_for_delivery",
        "delivered",
    ]
    assert capsys.readouterr().out.count(shipment.tracking_number) == 4
    assert {message.subject for message in mail.outbox} >= {
        f"PrivaShop: Your order {order.number} is on its way",
        f"PrivaShop: Your order {order.number} was delivered",
    }

    # when: one step more, and a replay of the last one
    with pytest.raises(CommandError, match="already delivered"):
        call_command("demo_carrier_advance", shipment.tracking_number)
    call_command("demo_carrier_advance", shipment.tracking_number, "--status", "delivered")

    # then
    assert "already reported before" in capsys.readouterr().out
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_demo_carrier_with_an_api_key_books_through_the_live_server(live_server, make_order, settings, demo_payments):
    # given: the demo carrier asks for a key, and seed_demo configured its row with it
    settings.DEMO_CARRIER_API_KEY = DEMO_API_KEY
    carrier, _ = demo_carrier_configure(api_base_url=f"{live_server.url}/demo-carrier/api")
    order = make_order(status=OrderStatus.PENDING_PAYMENT)

    # when
    demo_payments.pay(order)

    # then
    assert carrier.api_key == DEMO_API_KEY
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.tracking_number) == (ShipmentStatus.BOOKED, demo_tracking_number(order.number))


@pytest.mark.django_db(transaction=True)
def test_a_wrong_api_key_fails_the_handoff_at_the_demo_carrier(live_server, make_order, settings, demo_payments):
    # given: the merchant entered another key than the demo carrier expects
    carrier, _ = demo_carrier_configure(api_base_url=f"{live_server.url}/demo-carrier/api")
    carrier_save(carrier=carrier, api_key="a-key-the-carrier-never-issued")
    settings.DEMO_CARRIER_API_KEY = DEMO_API_KEY
    order = make_order(status=OrderStatus.PENDING_PAYMENT)

    # when
    demo_payments.pay(order)

    # then
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.last_error) == (ShipmentStatus.FAILED, "carrier_http_401")
