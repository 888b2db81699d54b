"""The carrier webhook: signature and timestamp rules, replays, unknown carriers and parcels, and the
order's moves to shipped and delivered (promise C1)."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from orders.carriers.signing import webhook_headers
from orders.models import ActorKind, OrderStatus, Shipment, ShipmentStatus, TrackingEvent
from tests.accounts.factories import UserFactory
from tests.orders.conftest import CARRIER_SECRET

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
TRACKING = "FK00000042"


@pytest.fixture
def shipment(carrier, make_order) -> Shipment:
    order = make_order(status=OrderStatus.AWAITING_PICKUP)
    return Shipment.objects.create(
        order=order, carrier=carrier, status=ShipmentStatus.BOOKED, tracking_number=TRACKING, booked_at=timezone.now()
    )


def _event(status="picked_up", event_id=None, tracking_number=TRACKING, **extra) -> dict:
    return {
        "tracking_number": tracking_number,
        "event_id": f"evt-{status}" if event_id is None else event_id,
        "status": status,
        "occurred_at": "2026-03-01T13:55:00+08:00",
        "description": "Picked up by the courier.",
        "location": "Hangzhou",
        **extra,
    }


def _post(slug, body, *, secret=CARRIER_SECRET, timestamp=None, headers=None, client=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    signed = webhook_headers(secret=secret, body=raw, timestamp=timestamp) if headers is None else headers
    return (client or APIClient()).post(
        f"/api/v1/logistics/webhooks/{slug}/", data=raw, content_type="application/json", headers=signed
    )


# --- Accepted events move the order ---


@pytest.mark.promise("C1")
@time_machine.travel(NOW, tick=False)
def test_picked_up_records_the_event_and_ships_the_order(shipment, carrier):
    # when
    response = _post(carrier.slug, _event("picked_up"))

    # then
    assert response.status_code == 200
    assert response.json() == {"event_id": "evt-picked_up", "duplicate": False}
    [event] = TrackingEvent.objects.filter(shipment=shipment)
    assert (event.status, event.location, event.description) == ("picked_up", "Hangzhou", "Picked up by the courier.")
    assert event.occurred_at == datetime(2026, 3, 1, 5, 55, tzinfo=UTC)
    order = shipment.order
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    assert order.shipped_at == NOW
    change = order.events.get(kind="status_changed", to_status=OrderStatus.SHIPPED)
    assert change.actor_kind == ActorKind.CARRIER
    assert change.actor is None


def test_delivered_moves_a_shipped_order_to_delivered(shipment, carrier):
    # given
    _post(carrier.slug, _event("in_transit"))

    # when
    response = _post(carrier.slug, _event("delivered"))

    # then
    assert response.status_code == 200
    shipment.order.refresh_from_db()
    assert shipment.order.status == OrderStatus.DELIVERED
    assert shipment.order.delivered_at is not None


def test_delivered_before_any_pickup_records_both_moves(shipment, carrier):
    # when
    response = _post(carrier.slug, _event("delivered"))

    # then
    assert response.status_code == 200
    moves = list(shipment.order.events.filter(kind="status_changed").values_list("from_status", "to_status"))
    assert moves == [
        (OrderStatus.AWAITING_PICKUP, OrderStatus.SHIPPED),
        (OrderStatus.SHIPPED, OrderStatus.DELIVERED),
    ]


def test_later_transit_events_are_recorded_without_new_moves(shipment, carrier):
    # given
    _post(carrier.slug, _event("picked_up"))

    # when
    _post(carrier.slug, _event("in_transit"))
    _post(carrier.slug, _event("out_for_delivery"))

    # then
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 3
    assert shipment.order.events.filter(kind="status_changed").count() == 1


def test_an_event_arriving_late_never_moves_the_order_back(shipment, carrier):
    # given
    _post(carrier.slug, _event("delivered"))

    # when
    response = _post(carrier.slug, _event("in_transit"))

    # then
    assert response.status_code == 200
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 2
    shipment.order.refresh_from_db()
    assert shipment.order.status == OrderStatus.DELIVERED


def test_an_exception_event_is_recorded_only(shipment, carrier):
    # when
    response = _post(carrier.slug, _event("exception", description="Address could not be found."))

    # then
    assert response.status_code == 200
    assert TrackingEvent.objects.filter(shipment=shipment, status="exception").exists()
    shipment.order.refresh_from_db()
    assert shipment.order.status == OrderStatus.AWAITING_PICKUP


def test_a_refunded_order_records_events_but_does_not_move(shipment, carrier):
    # given
    shipment.order.status = OrderStatus.REFUNDED
    shipment.order.save(update_fields=["status"])

    # when
    response = _post(carrier.slug, _event("picked_up"))

    # then
    assert response.status_code == 200
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 1
    shipment.order.refresh_from_db()
    assert shipment.order.status == OrderStatus.REFUNDED


# --- Replays ---


def test_a_replayed_event_is_harmless(shipment, carrier):
    # given
    body = _event("picked_up")
    first = _post(carrier.slug, body)

    # when
    replay = _post(carrier.slug, body)

    # then
    assert first.json()["duplicate"] is False
    assert replay.status_code == 200
    assert replay.json() == {"event_id": "evt-picked_up", "duplicate": True}
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 1
    assert shipment.order.events.filter(kind="status_changed").count() == 1


def test_the_same_request_replayed_byte_for_byte_within_the_window_changes_nothing(shipment, carrier):
    # given
    raw = json.dumps(_event("delivered")).encode()
    headers = webhook_headers(secret=CARRIER_SECRET, body=raw)
    _post(carrier.slug, raw, headers=headers)

    # when
    replay = _post(carrier.slug, raw, headers=headers)

    # then
    assert replay.status_code == 200
    assert replay.json()["duplicate"] is True
    assert shipment.order.events.filter(kind="status_changed").count() == 2


# --- Signature and timestamp ---


@pytest.mark.promise("C1")
def test_a_bad_signature_is_refused(shipment, carrier):
    # when
    response = _post(carrier.slug, _event(), secret="not-the-carrier-secret-at-all")

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_signature"
    assert not TrackingEvent.objects.exists()


def test_a_body_changed_after_signing_is_refused(shipment, carrier):
    # given
    raw = json.dumps(_event("picked_up")).encode()
    headers = webhook_headers(secret=CARRIER_SECRET, body=raw)

    # when
    response = _post(carrier.slug, raw.replace(b"picked_up", b"delivered"), headers=headers)

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_signature"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Carrier-Timestamp": "1772344800"},
        {"X-Carrier-Signature": "00" * 32},
        {"X-Carrier-Timestamp": "yesterday", "X-Carrier-Signature": "00" * 32},
    ],
    ids=["none", "no-signature", "no-timestamp", "timestamp-not-a-number"],
)
def test_missing_or_malformed_headers_are_refused(shipment, carrier, headers):
    # when
    response = _post(carrier.slug, _event(), headers=headers)

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_signature"


def test_another_carriers_secret_does_not_sign_for_this_one(shipment, carrier, make_carrier):
    # given
    other = make_carrier(is_default=False, webhook_secret="the-other-carrier-secret-0123456789")

    # when
    response = _post(carrier.slug, _event(), secret="the-other-carrier-secret-0123456789")

    # then
    assert other.webhook_secret != carrier.webhook_secret
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_signature"


@pytest.mark.parametrize("offset", [-301, 301, -3600, 86400])
def test_a_timestamp_over_five_minutes_away_is_refused(shipment, carrier, offset):
    # given
    now = int(NOW.timestamp())

    # when
    with time_machine.travel(NOW, tick=False):
        response = _post(carrier.slug, _event(), timestamp=now + offset)

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "stale_timestamp"
    assert not TrackingEvent.objects.exists()


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_a_timestamp_within_five_minutes_is_accepted(shipment, carrier, offset):
    # given
    now = int(NOW.timestamp())

    # when
    with time_machine.travel(NOW, tick=False):
        response = _post(carrier.slug, _event(), timestamp=now + offset)

    # then
    assert response.status_code == 200


def test_a_replay_after_the_window_is_refused(shipment, carrier):
    # given
    raw = json.dumps(_event("picked_up")).encode()
    with time_machine.travel(NOW, tick=False):
        headers = webhook_headers(secret=CARRIER_SECRET, body=raw)
        assert _post(carrier.slug, raw, headers=headers).status_code == 200

    # when
    with time_machine.travel(NOW.replace(minute=6), tick=False):
        replay = _post(carrier.slug, raw, headers=headers)

    # then
    assert replay.status_code == 401
    assert replay.json()["code"] == "stale_timestamp"


# --- Unknown carrier and parcel, bad bodies ---


def test_an_unknown_carrier_is_404(shipment):
    # when
    response = _post("no-such-carrier", _event())

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_carrier"


def test_an_unknown_tracking_number_is_404(shipment, carrier):
    # when
    response = _post(carrier.slug, _event(tracking_number="FK99999999"))

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_tracking_number"
    assert not TrackingEvent.objects.exists()


def test_another_carriers_parcel_is_404(shipment, make_carrier):
    # given
    other = make_carrier(is_default=False)

    # when
    response = _post(other.slug, _event())

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_tracking_number"


def test_a_retired_carrier_still_reports_its_parcels(shipment, carrier):
    # given
    carrier.is_active = False
    carrier.save(update_fields=["is_active"])

    # when
    response = _post(carrier.slug, _event())

    # then
    assert response.status_code == 200


def test_a_body_that_is_not_json_is_400(shipment, carrier):
    # when
    response = _post(carrier.slug, b"not json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"status": "teleported"}, "status"),
        ({"occurred_at": "soon"}, "occurred_at"),
        ({"event_id": ""}, "event_id"),
    ],
)
def test_an_invalid_event_is_400(shipment, carrier, change, field):
    # when
    response = _post(carrier.slug, _event(**change))

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    assert not TrackingEvent.objects.exists()


# --- No session, no CSRF, no policy gate ---


def test_the_webhook_needs_no_csrf_token_or_session(shipment, carrier, client):
    # given: a browser-like client that enforces CSRF, signed in as a user who accepted no policy
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(UserFactory())

    # when
    response = _post(carrier.slug, _event(), client=client)

    # then
    assert response.status_code == 200


def test_the_webhook_is_not_gated_by_a_pending_policy(shipment, carrier, published_policy):
    # given: a material policy that nobody here accepted
    client = APIClient()
    client.force_login(UserFactory())

    # when
    response = _post(carrier.slug, _event(), client=client)

    # then
    assert response.status_code == 200


def test_the_webhook_costs_a_bounded_number_of_queries(shipment, carrier, django_assert_max_num_queries):
    # when
    with django_assert_max_num_queries(20):
        response = _post(carrier.slug, _event("delivered"))

    # then
    assert response.status_code == 200


def test_the_schema_documents_the_webhook_and_its_errors():
    # when
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    # then
    operation = schema["paths"]["/api/v1/logistics/webhooks/{carrier_slug}/"]["post"]
    assert {"200", "400", "401", "404"} <= set(operation["responses"])
    assert "invalid_signature" in operation["responses"]["401"]["description"]
    assert "stale_timestamp" in operation["responses"]["401"]["description"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {
        "X-Carrier-Timestamp",
        "X-Carrier-Signature",
    }
