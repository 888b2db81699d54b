"""The logistics handoff against a fake carrier over real HTTP: what is sent, retries, idempotency,
disclosure records, the privacy waybill and the cross-border rule (promises C1, C2, C3, E4)."""

import logging

import pytest
from celery.signals import task_prerun

from orders.models import OrderEvent, OrderStatus, Shipment, ShipmentStatus
from orders.services.logistics import (
    HandoffInProgress,
    HandoffNotAllowed,
    NoCarrierAvailable,
    order_handoff_start,
)
from orders.tasks.logistics import order_handoff
from privacy.models import Channel, DisclosureOutcome, DisclosureRecord
from privacy.purposes import CROSS_BORDER_TRANSFER
from privacy.services.consent import consent_set
from tests.orders.conftest import RECIPIENT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_retries")]

ADDRESS_FIELDS = ["region", "city", "district", "street", "postcode"]


def _start(order, django_capture_on_commit_callbacks, **kwargs):
    """Start the handoff as the pay service does, running the queued task (eager) after commit."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        order_handoff_start(order_id=order.pk, **kwargs)
    return callbacks


def _run_task(order):
    """Run the handoff task as Celery does, retries included (with the ``eager_retries`` fixture)."""
    return order_handoff.apply(args=[order.pk])


def _grant_cross_border(user, granted=True):
    consent_set(
        user=user, changes={CROSS_BORDER_TRANSFER: granted}, ip_address=None, user_agent="pytest", channel=Channel.WEB
    )


# --- What is sent ---


@pytest.mark.promise("C1")
def test_request_carries_exactly_the_delivery_fields(carrier, make_order, fake_carrier):
    # given
    order = make_order()

    Shipment.objects.create(order=order, carrier=carrier)

    # when
    _run_task(order)

    # then
    [request] = fake_carrier.requests
    body = request.json
    assert request.path == "/api/shipments/"
    assert request.headers["Idempotency-Key"] == order.number
    assert set(body) == {"order_number", "label", "address", "lines"}
    assert body["order_number"] == order.number
    assert body["label"] == {"recipient_name": RECIPIENT["recipient_name"], "phone": RECIPIENT["phone"]}
    assert body["address"] == {name: RECIPIENT[name] for name in ADDRESS_FIELDS}
    assert body["lines"] == [
        {"sku": "SKU-LINEN-M", "title": "Linen shirt", "quantity": 2},
        {"sku": "SKU-SOCKS-42", "title": "Cotton socks", "quantity": 1},
    ]
    assert order.user.email.encode() not in request.raw
    assert b"19.90" not in request.raw


def test_empty_optional_address_parts_are_not_sent(carrier, make_order, fake_carrier):
    # given
    order = make_order(district="", postcode="")
    Shipment.objects.create(order=order, carrier=carrier)

    # when
    _run_task(order)

    # then
    assert set(fake_carrier.requests[0].json["address"]) == {"region", "city", "street"}
    shipment = Shipment.objects.get(order=order)
    assert shipment.fields_sent == ["recipient_name", "phone", "region", "city", "street", "lines"]


@pytest.mark.promise("C2")
def test_privacy_waybill_masks_the_label_and_sends_the_phone_only_as_contact(make_carrier, make_order, fake_carrier):
    # given
    carrier = make_carrier(privacy_waybill=True)
    order = make_order()
    Shipment.objects.create(order=order, carrier=carrier)

    # when
    _run_task(order)

    # then
    [request] = fake_carrier.requests
    body = request.json
    assert set(body) == {"order_number", "label", "contact", "address", "lines"}
    assert body["label"] == {"recipient_name": "王*", "phone": "138****5678"}
    assert body["contact"] == {"phone": RECIPIENT["phone"]}
    assert RECIPIENT["recipient_name"].encode() not in request.raw
    assert "王小明" not in request.raw.decode()


# --- The carrier's API key ---

API_KEY = "carrier-issued-key-7f3a9c2e51"


def test_the_api_key_is_sent_as_a_bearer_token(make_carrier, make_order, fake_carrier):
    # given
    carrier = make_carrier(api_key=API_KEY)
    order = make_order()
    Shipment.objects.create(order=order, carrier=carrier)

    # when
    _run_task(order)

    # then
    [request] = fake_carrier.requests
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert API_KEY.encode() not in request.raw
    assert Shipment.objects.get(order=order).status == ShipmentStatus.BOOKED


def test_without_an_api_key_no_authorization_header_is_sent(carrier, make_order, fake_carrier):
    # given
    assert carrier.api_key == ""
    order = make_order()
    Shipment.objects.create(order=order, carrier=carrier)

    # when
    _run_task(order)

    # then
    [request] = fake_carrier.requests
    assert "authorization" not in {name.lower() for name in request.headers}
    assert Shipment.objects.get(order=order).status == ShipmentStatus.BOOKED


def test_every_retry_sends_the_api_key(make_carrier, make_order, fake_carrier):
    # given
    make_carrier(api_key=API_KEY)
    order = make_order()
    order_handoff_start(order_id=order.pk)
    fake_carrier.fail_next(2, answer=503)

    # when
    _run_task(order)

    # then
    assert [request.headers.get("Authorization") for request in fake_carrier.requests] == [f"Bearer {API_KEY}"] * 3


@pytest.mark.parametrize("answer", [401, 403])
def test_a_refused_api_key_fails_at_once_and_is_never_logged(make_carrier, make_order, fake_carrier, caplog, answer):
    # given
    caplog.set_level(logging.DEBUG)
    make_carrier(api_key=API_KEY)
    order = make_order()
    order_handoff_start(order_id=order.pk)
    fake_carrier.fail_next(1, answer=answer)

    # when
    _run_task(order)

    # then
    assert len(fake_carrier.requests) == 1
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.last_error) == (ShipmentStatus.FAILED, f"carrier_http_{answer}")
    events = OrderEvent.objects.filter(order=order).values_list("message", flat=True)
    assert all(API_KEY not in text for text in [caplog.text, shipment.last_error, *events])


# --- Booking, disclosure, state ---


def test_handoff_books_stores_the_tracking_number_and_moves_the_order(
    carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    order = make_order()

    # when
    _start(order, django_capture_on_commit_callbacks)

    # then
    shipment = Shipment.objects.get(order=order)
    assert shipment.status == ShipmentStatus.BOOKED
    assert shipment.tracking_number == fake_carrier.bookings[order.number]
    assert shipment.attempts == 1
    assert shipment.booked_at is not None
    assert shipment.last_error == ""
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PICKUP
    kinds = list(order.events.values_list("kind", "to_status"))
    assert ("handoff_requested", "") in kinds
    assert ("status_changed", OrderStatus.AWAITING_PICKUP) in kinds


def test_handoff_writes_a_disclosure_record_naming_the_fields_sent(
    carrier, make_order, django_capture_on_commit_callbacks
):
    # given
    order = make_order()

    # when
    _start(order, django_capture_on_commit_callbacks)

    # then
    [record] = DisclosureRecord.objects.filter(user=order.user)
    assert record.recipient == carrier.name
    assert record.recipient_ref == f"carrier:{carrier.slug}"
    assert record.purpose == f"Delivery of order {order.number}"
    assert record.reference == order.number
    assert record.cross_border is False
    assert record.fields == sorted(["recipient_name", "phone", *ADDRESS_FIELDS, "lines"])


def test_disclosure_of_a_privacy_waybill_names_the_masked_and_the_clear_fields(
    make_carrier, make_order, django_capture_on_commit_callbacks
):
    # given
    make_carrier(privacy_waybill=True)
    order = make_order()

    # when
    _start(order, django_capture_on_commit_callbacks)

    # then
    record = DisclosureRecord.objects.get(user=order.user)
    assert record.fields == sorted(["recipient_name_masked", "phone_masked", "phone", *ADDRESS_FIELDS, "lines"])
    assert "recipient_name" not in record.fields


def test_handoff_uses_the_default_active_carrier(make_carrier, make_order, django_capture_on_commit_callbacks):
    # given
    make_carrier(is_default=False)
    default = make_carrier(is_default=True)
    order = make_order()

    # when
    _start(order, django_capture_on_commit_callbacks)

    # then
    assert Shipment.objects.get(order=order).carrier == default


def test_without_a_default_carrier_the_paid_order_waits_for_staff(
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    make_carrier(is_default=False)
    order = make_order()

    # when
    callbacks = _start(order, django_capture_on_commit_callbacks)

    # then
    assert callbacks == []
    assert not Shipment.objects.filter(order=order).exists()
    assert order.events.filter(kind="handoff_waiting").count() == 1
    assert fake_carrier.requests == []


def test_an_inactive_carrier_cannot_be_chosen(make_carrier, make_order):
    # given
    inactive = make_carrier(is_active=False, is_default=False)
    order = make_order()

    # when / then
    with pytest.raises(NoCarrierAvailable) as error:
        order_handoff_start(order_id=order.pk, carrier_id=inactive.pk)
    assert error.value.code == "no_carrier_available"
    assert not Shipment.objects.filter(order=order).exists()


@pytest.mark.parametrize("status", [OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED, OrderStatus.REFUNDED])
def test_only_a_paid_order_can_be_handed_off(carrier, make_order, status):
    # given
    order = make_order(status=status)

    # when / then
    with pytest.raises(HandoffNotAllowed) as error:
        order_handoff_start(order_id=order.pk)
    assert error.value.code == "handoff_not_allowed"
    assert error.value.status_code == 409
    assert not Shipment.objects.filter(order=order).exists()


def test_order_cancelled_before_the_task_runs_is_not_sent(carrier, make_order, fake_carrier):
    # given
    order = make_order()
    order_handoff_start(order_id=order.pk)
    order.status = OrderStatus.CANCELLED
    order.save(update_fields=["status"])

    # when
    _run_task(order)

    # then
    assert fake_carrier.requests == []
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.last_error) == (ShipmentStatus.FAILED, "order_not_shippable")


# --- Retries and idempotency ---


@pytest.mark.promise("C3")
def test_carrier_failing_twice_is_retried_and_books_once(carrier, make_order, fake_carrier):
    # given
    order = make_order()
    order_handoff_start(order_id=order.pk)
    fake_carrier.fail_next(2, answer=503)

    # when
    result = _run_task(order)

    # then
    assert result.successful()
    assert len(fake_carrier.requests) == 3
    assert {request.headers["Idempotency-Key"] for request in fake_carrier.requests} == {order.number}
    assert len(fake_carrier.bookings) == 1
    shipment = Shipment.objects.get(order=order)
    assert shipment.attempts == 3
    assert shipment.status == ShipmentStatus.BOOKED
    assert shipment.last_error == ""
    # Every attempt sent the data: two unanswered ones and the accepted one are on record (C3).
    outcomes = DisclosureRecord.objects.filter(reference=order.number).order_by("pk")
    assert list(outcomes.values_list("outcome", "outcome_code")) == [
        (DisclosureOutcome.UNAVAILABLE, "carrier_http_503"),
        (DisclosureOutcome.UNAVAILABLE, "carrier_http_503"),
        (DisclosureOutcome.ACCEPTED, ""),
    ]
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PICKUP


@pytest.mark.parametrize("answer", ["drop", 500, 502, 429])
def test_network_errors_and_overload_are_retried(carrier, make_order, fake_carrier, answer):
    # given
    order = make_order()
    order_handoff_start(order_id=order.pk)
    fake_carrier.fail_next(1, answer=answer)

    # when
    _run_task(order)

    # then
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.attempts) == (ShipmentStatus.BOOKED, 2)


def test_a_lost_answer_is_retried_without_a_second_booking(carrier, make_order, fake_carrier):
    # given: the carrier books, but its answer never arrives
    order = make_order()
    order_handoff_start(order_id=order.pk)
    fake_carrier.fail_next(1, answer="book_then_fail")

    # when
    _run_task(order)

    # then
    assert len(fake_carrier.requests) == 2
    assert len(fake_carrier.bookings) == 1
    assert Shipment.objects.get(order=order).tracking_number == fake_carrier.bookings[order.number]


def test_running_the_task_twice_books_once(carrier, make_order, fake_carrier):
    # given
    order = make_order()
    order_handoff_start(order_id=order.pk)
    _run_task(order)

    # when
    _run_task(order)

    # then
    assert len(fake_carrier.requests) == 1
    assert Shipment.objects.get(order=order).attempts == 1
    assert DisclosureRecord.objects.filter(reference=order.number).count() == 1


def test_starting_twice_keeps_one_shipment_and_a_booked_one_is_left_alone(
    carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    order = make_order()
    _start(order, django_capture_on_commit_callbacks)

    # when
    callbacks = _start(order, django_capture_on_commit_callbacks)

    # then
    assert callbacks == []
    assert Shipment.objects.filter(order=order).count() == 1
    assert len(fake_carrier.requests) == 1


def test_a_pending_handoff_cannot_switch_carrier(make_carrier, make_order):
    # given
    make_carrier()
    other = make_carrier(is_default=False)
    order = make_order()
    order_handoff_start(order_id=order.pk)

    # when / then
    with pytest.raises(HandoffInProgress):
        order_handoff_start(order_id=order.pk, carrier_id=other.pk)


@pytest.mark.promise("C3")
def test_exhausted_retries_fail_the_shipment_with_a_code(carrier, make_order, fake_carrier):
    # given
    order = make_order()
    order_handoff_start(order_id=order.pk)
    fake_carrier.fail_next(order_handoff.max_retries + 1, answer=503)

    # when
    result = _run_task(order)

    # then
    assert result.successful()
    assert len(fake_carrier.requests) == order_handoff.max_retries + 1
    shipment = Shipment.objects.get(order=order)
    assert shipment.status == ShipmentStatus.FAILED
    assert shipment.last_error == "carrier_http_503"
    assert shipment.tracking_number is None
    assert order.events.filter(kind="handoff_failed").count() == 1
    # Nothing was accepted, but each attempt sent the data and is on record with its outcome (C3).
    attempts = DisclosureRecord.objects.filter(reference=order.number)
    assert attempts.count() == order_handoff.max_retries + 1
    assert set(attempts.values_list("outcome", flat=True)) == {DisclosureOutcome.UNAVAILABLE}
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


@pytest.mark.parametrize("answer", [400, 422])
def test_a_rejected_request_fails_at_once(carrier, make_order, fake_carrier, answer):
    # given
    order = make_order()
    order_handoff_start(order_id=order.pk)
    fake_carrier.fail_next(1, answer=answer)

    # when
    _run_task(order)

    # then
    assert len(fake_carrier.requests) == 1
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.last_error) == (ShipmentStatus.FAILED, f"carrier_http_{answer}")


def test_an_unreachable_carrier_is_retried_then_failed(make_carrier, make_order):
    # given: nothing listens on port 9 of loopback
    make_carrier(api_base_url="http://127.0.0.1:9/api")
    order = make_order()
    order_handoff_start(order_id=order.pk)

    # when
    _run_task(order)

    # then
    shipment = Shipment.objects.get(order=order)
    assert shipment.status == ShipmentStatus.FAILED
    assert shipment.last_error == "carrier_unreachable"
    assert shipment.attempts == order_handoff.max_retries + 1


def test_a_tracking_number_already_in_use_fails_the_shipment(carrier, make_order, fake_carrier):
    # given: another parcel already holds the number the carrier is about to assign
    earlier = make_order(status=OrderStatus.AWAITING_PICKUP)
    Shipment.objects.create(order=earlier, carrier=carrier, status=ShipmentStatus.BOOKED, tracking_number="FK00000001")
    order = make_order()
    order_handoff_start(order_id=order.pk)

    # when
    _run_task(order)

    # then
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.last_error) == (ShipmentStatus.FAILED, "carrier_duplicate_tracking")
    assert shipment.tracking_number is None
    assert DisclosureRecord.objects.filter(reference=order.number).count() == 1, "the carrier did get the data"


@pytest.mark.promise("C3")
def test_a_failed_shipment_can_be_handed_to_another_carrier(
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    first = make_carrier()
    second = make_carrier(is_default=False)
    order = make_order()
    fake_carrier.fail_next(1, answer=400)
    _start(order, django_capture_on_commit_callbacks)
    assert Shipment.objects.get(order=order).status == ShipmentStatus.FAILED

    # when
    _start(order, django_capture_on_commit_callbacks, carrier_id=second.pk)

    # then
    shipment = Shipment.objects.get(order=order)
    assert shipment.carrier == second != first
    assert shipment.status == ShipmentStatus.BOOKED
    records = DisclosureRecord.objects.filter(reference=order.number).order_by("pk")
    assert list(records.values_list("recipient_ref", "outcome")) == [
        (f"carrier:{first.slug}", DisclosureOutcome.REJECTED),
        (f"carrier:{second.slug}", DisclosureOutcome.ACCEPTED),
    ]


# --- Cross-border (E4) ---


def test_a_carrier_abroad_is_refused_without_consent_and_nothing_is_sent(
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    make_carrier(is_abroad=True)
    order = make_order()

    # when
    _start(order, django_capture_on_commit_callbacks)

    # then
    assert fake_carrier.requests == []
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.last_error) == (ShipmentStatus.FAILED, "cross_border_consent_required")
    assert shipment.attempts == 0
    event = order.events.get(kind="handoff_failed")
    assert "abroad" in event.message
    assert not DisclosureRecord.objects.exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_a_carrier_abroad_is_refused_after_the_consent_was_withdrawn(
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    make_carrier(is_abroad=True)
    order = make_order()
    _grant_cross_border(order.user)
    _grant_cross_border(order.user, granted=False)

    # when
    _start(order, django_capture_on_commit_callbacks)

    # then
    assert fake_carrier.requests == []
    assert Shipment.objects.get(order=order).last_error == "cross_border_consent_required"


def test_a_carrier_abroad_books_with_consent_and_marks_the_disclosure_cross_border(
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    make_carrier(is_abroad=True)
    order = make_order()
    _grant_cross_border(order.user)

    # when
    _start(order, django_capture_on_commit_callbacks)

    # then
    assert len(fake_carrier.requests) == 1
    assert Shipment.objects.get(order=order).status == ShipmentStatus.BOOKED
    assert DisclosureRecord.objects.get(reference=order.number).cross_border is True


# --- No personal data in logs, errors or task arguments (F5) ---


@pytest.mark.promise("F5")
def test_no_personal_data_in_logs_errors_events_or_task_arguments(
    carrier, make_order, fake_carrier, caplog, django_capture_on_commit_callbacks
):
    # given
    caplog.set_level(logging.DEBUG)
    order = make_order()
    fake_carrier.fail_next(order_handoff.max_retries + 1, answer=503)
    runs = []

    def record_run(sender=None, task=None, args=None, kwargs=None, **extra):
        runs.append((task.name, tuple(args), dict(kwargs)))

    task_prerun.connect(record_run, weak=False)

    # when
    try:
        _start(order, django_capture_on_commit_callbacks)
    finally:
        task_prerun.disconnect(record_run)

    # then
    assert len(runs) == order_handoff.max_retries + 1
    assert all(run == ("orders.order_handoff", (order.pk,), {}) for run in runs)
    shipment = Shipment.objects.get(order=order)
    assert shipment.status == ShipmentStatus.FAILED
    events = OrderEvent.objects.filter(order=order).values_list("message", flat=True)
    texts = [caplog.text, shipment.last_error, *events]
    for value in (RECIPIENT["recipient_name"], RECIPIENT["phone"], RECIPIENT["street"], order.user.email):
        assert all(value not in text for text in texts)
