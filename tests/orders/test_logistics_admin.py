"""The merchant's carrier and shipment admin: the write-only webhook secret, one default carrier, the
failed/overdue filter, tracking events inline, and retrying a failed handoff with another carrier."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from orders.models import Carrier, OrderStatus, Shipment, ShipmentStatus, TrackingEvent
from tests.accounts.factories import StaffFactory
from tests.orders.conftest import CARRIER_SECRET, RECIPIENT

pytestmark = pytest.mark.django_db

CARRIER_ADD = reverse("admin:orders_carrier_add")
SHIPMENTS = reverse("admin:orders_shipment_changelist")
NEW_SECRET = "a-brand-new-webhook-secret-987654"


@pytest.fixture
def merchant(client):
    client.force_login(StaffFactory())
    return client


def carrier_form(**changes) -> dict:
    data = {
        "name": "Swift Parcels",
        "slug": "swift",
        "api_base_url": "https://api.swift.example/v1",
        "new_webhook_secret": NEW_SECRET,
        "is_active": "on",
        "privacy_waybill": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def shipment_form(**changes) -> dict:
    return {
        "tracking_events-TOTAL_FORMS": 0,
        "tracking_events-INITIAL_FORMS": 0,
        "tracking_events-MIN_NUM_FORMS": 0,
        "tracking_events-MAX_NUM_FORMS": 1000,
        **changes,
    }


def _shipment(carrier, order, **fields) -> Shipment:
    return Shipment.objects.create(order=order, carrier=carrier, **fields)


# --- Carriers ---


def test_a_carrier_is_added_with_its_secret(merchant):
    # when
    response = merchant.post(CARRIER_ADD, carrier_form())

    # then
    assert response.status_code == 302
    carrier = Carrier.objects.get(slug="swift")
    assert carrier.webhook_secret == NEW_SECRET
    assert carrier.privacy_waybill is True


def test_a_new_carrier_needs_a_secret(merchant):
    # when
    response = merchant.post(CARRIER_ADD, carrier_form(new_webhook_secret=""))

    # then
    assert response.status_code == 200
    assert "A new carrier needs a webhook secret." in response.content.decode()
    assert not Carrier.objects.exists()


def test_a_short_secret_is_refused(merchant):
    # when
    response = merchant.post(CARRIER_ADD, carrier_form(new_webhook_secret="short"))

    # then
    assert response.status_code == 200
    assert not Carrier.objects.exists()


def test_the_secret_is_never_shown(merchant, carrier):
    # when
    change = merchant.get(reverse("admin:orders_carrier_change", args=[carrier.pk]))
    listing = merchant.get(reverse("admin:orders_carrier_changelist"))

    # then
    assert change.status_code == listing.status_code == 200
    assert CARRIER_SECRET not in change.content.decode()
    assert CARRIER_SECRET not in listing.content.decode()
    assert 'name="new_webhook_secret"' in change.content.decode()


def test_a_blank_secret_keeps_the_stored_one_and_a_new_one_replaces_it(merchant, carrier):
    # given
    url = reverse("admin:orders_carrier_change", args=[carrier.pk])
    fields = {"name": carrier.name, "slug": carrier.slug, "api_base_url": carrier.api_base_url, "is_active": "on"}

    # when
    kept = merchant.post(url, carrier_form(**fields, new_webhook_secret=""))
    carrier.refresh_from_db()
    secret_after_blank = carrier.webhook_secret
    replaced = merchant.post(url, carrier_form(**fields, new_webhook_secret=NEW_SECRET))
    carrier.refresh_from_db()

    # then
    assert kept.status_code == replaced.status_code == 302
    assert secret_after_blank == CARRIER_SECRET
    assert carrier.webhook_secret == NEW_SECRET


NEW_API_KEY = "swift-issued-api-key-4b8e21"


def _carrier_fields(carrier) -> dict:
    return {"name": carrier.name, "slug": carrier.slug, "api_base_url": carrier.api_base_url, "is_active": "on"}


def test_a_carrier_is_added_with_an_api_key_stored_encrypted(merchant):
    # when
    response = merchant.post(CARRIER_ADD, carrier_form(new_api_key=NEW_API_KEY))

    # then
    assert response.status_code == 302
    carrier = Carrier.objects.get(slug="swift")
    assert carrier.api_key == NEW_API_KEY
    with connection.cursor() as cursor:
        cursor.execute("SELECT api_key FROM orders_carrier WHERE id = %s", [carrier.pk])
        [stored] = cursor.fetchone()
    assert NEW_API_KEY not in stored


def test_a_carrier_needs_no_api_key(merchant):
    # when
    response = merchant.post(CARRIER_ADD, carrier_form())

    # then
    assert response.status_code == 302
    assert Carrier.objects.get(slug="swift").api_key == ""


def test_the_api_key_is_never_shown(merchant, make_carrier):
    # given
    carrier = make_carrier(api_key=NEW_API_KEY)

    # when
    change = merchant.get(reverse("admin:orders_carrier_change", args=[carrier.pk]))
    listing = merchant.get(reverse("admin:orders_carrier_changelist"))

    # then
    assert change.status_code == listing.status_code == 200
    assert NEW_API_KEY not in change.content.decode()
    assert NEW_API_KEY not in listing.content.decode()
    assert 'name="new_api_key"' in change.content.decode()
    assert 'value="' + NEW_API_KEY not in change.content.decode()


def test_a_blank_api_key_keeps_the_stored_one_a_new_one_replaces_it_and_remove_clears_it(merchant, make_carrier):
    # given
    carrier = make_carrier(api_key="the-first-api-key-0001")
    url = reverse("admin:orders_carrier_change", args=[carrier.pk])

    # when
    kept = merchant.post(url, carrier_form(**_carrier_fields(carrier), new_webhook_secret="", new_api_key=""))
    carrier.refresh_from_db()
    key_after_blank = carrier.api_key
    replaced = merchant.post(
        url, carrier_form(**_carrier_fields(carrier), new_webhook_secret="", new_api_key=NEW_API_KEY)
    )
    carrier.refresh_from_db()
    key_after_new = carrier.api_key
    removed = merchant.post(url, carrier_form(**_carrier_fields(carrier), new_webhook_secret="", remove_api_key="on"))
    carrier.refresh_from_db()

    # then
    assert kept.status_code == replaced.status_code == removed.status_code == 302
    assert key_after_blank == "the-first-api-key-0001"
    assert key_after_new == NEW_API_KEY
    assert carrier.api_key == ""
    assert carrier.webhook_secret == CARRIER_SECRET


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"new_api_key": "two words"}, "new_api_key"),
        ({"new_api_key": "line\nbreak"}, "new_api_key"),
        ({"new_api_key": NEW_API_KEY, "remove_api_key": "on"}, "remove_api_key"),
    ],
    ids=["space", "control-character", "new-and-remove"],
)
def test_an_api_key_that_cannot_be_sent_is_refused(merchant, make_carrier, changes, field):
    # given
    carrier = make_carrier(api_key="the-first-api-key-0001")
    url = reverse("admin:orders_carrier_change", args=[carrier.pk])

    # when
    response = merchant.post(url, carrier_form(**_carrier_fields(carrier), new_webhook_secret="", **changes))

    # then
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    carrier.refresh_from_db()
    assert carrier.api_key == "the-first-api-key-0001"


def test_the_carrier_list_says_whether_an_api_key_is_set(merchant, make_carrier):
    # given
    make_carrier(name="Keyed", api_key=NEW_API_KEY)
    make_carrier(name="Open")

    # when
    response = merchant.get(reverse("admin:orders_carrier_changelist"))

    # then
    rows = re.findall(r"<tr.*?</tr>", response.content.decode(), flags=re.DOTALL)
    [keyed] = [row for row in rows if ">Keyed<" in row]
    [open_] = [row for row in rows if ">Open<" in row]
    assert re.search(r'<td[^>]*class="[^"]*\bfield-api_key_status\b[^>]*>\s*set\s*</td>', keyed)
    assert re.search(r'<td[^>]*class="[^"]*\bfield-api_key_status\b[^>]*>\s*none\s*</td>', open_)
    assert NEW_API_KEY not in response.content.decode()


def test_only_one_carrier_is_the_default(merchant, carrier):
    # given
    assert carrier.is_default

    # when
    response = merchant.post(CARRIER_ADD, carrier_form(is_default="on"))

    # then
    assert response.status_code == 302
    carrier.refresh_from_db()
    assert carrier.is_default is False
    assert list(Carrier.objects.filter(is_default=True).values_list("slug", flat=True)) == ["swift"]


def test_carriers_need_staff(client, carrier):
    # when
    response = client.get(reverse("admin:orders_carrier_changelist"))

    # then
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- Shipments ---


@pytest.fixture
def shipments(carrier, make_order):
    """One shipment in each situation, as of two hours ago."""
    two_hours_ago = timezone.now() - timedelta(hours=2)
    with time_machine.travel(two_hours_ago, tick=False):
        failed = _shipment(carrier, make_order(), status=ShipmentStatus.FAILED, last_error="carrier_http_400")
        stuck = _shipment(carrier, make_order())
        booked_quiet = _shipment(
            carrier,
            make_order(status=OrderStatus.AWAITING_PICKUP),
            status=ShipmentStatus.BOOKED,
            tracking_number="FK90000001",
            booked_at=timezone.now() - timedelta(days=2),
        )
        booked_moving = _shipment(
            carrier,
            make_order(status=OrderStatus.SHIPPED),
            status=ShipmentStatus.BOOKED,
            tracking_number="FK90000002",
            booked_at=timezone.now() - timedelta(days=2),
        )
        TrackingEvent.objects.create(
            shipment=booked_moving, event_id="e1", status="picked_up", occurred_at=timezone.now()
        )
    fresh = _shipment(carrier, make_order())
    return {"failed": failed, "stuck": stuck, "fresh": fresh, "quiet": booked_quiet, "moving": booked_moving}


@pytest.mark.parametrize(
    ("attention", "expected"),
    [
        ("failed", {"failed"}),
        ("overdue", {"stuck", "quiet"}),
        ("any", {"failed", "stuck", "quiet"}),
        (None, {"failed", "stuck", "fresh", "quiet", "moving"}),
    ],
)
def test_the_attention_filter_finds_failed_and_overdue_shipments(merchant, shipments, attention, expected):
    # when
    response = merchant.get(SHIPMENTS, {"attention": attention} if attention else {})

    # then
    assert response.status_code == 200
    listed = {shipment.pk for shipment in response.context["cl"].result_list}
    assert listed == {shipments[name].pk for name in expected}


def test_the_shipment_list_costs_a_bounded_number_of_queries(merchant, shipments, django_assert_max_num_queries):
    # when
    with django_assert_max_num_queries(12):
        response = merchant.get(SHIPMENTS)

    # then
    assert response.status_code == 200


def test_the_shipment_page_shows_tracking_events_and_no_recipient_data(merchant, shipments):
    # given
    shipment = shipments["moving"]

    # when
    response = merchant.get(reverse("admin:orders_shipment_change", args=[shipment.pk]))

    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "picked_up" in page
    # The tracking number lets anyone ask the carrier where the parcel went: masked like the recipient's data.
    assert "FK90000002" not in page
    assert re.search(r'<div class="readonly[^"]*">\s*\*\*\*\*\s*</div>', page)
    for value in RECIPIENT.values():
        assert value not in page


def test_shipments_cannot_be_added_or_deleted_by_hand(merchant, shipments):
    # when
    add = merchant.get(reverse("admin:orders_shipment_add"))
    delete = merchant.get(reverse("admin:orders_shipment_delete", args=[shipments["failed"].pk]))

    # then
    assert add.status_code == 403
    assert delete.status_code == 403


def test_a_booked_shipment_cannot_change_carrier(merchant, shipments, make_carrier):
    # given
    other = make_carrier(is_default=False)
    shipment = shipments["quiet"]

    # when
    response = merchant.post(
        reverse("admin:orders_shipment_change", args=[shipment.pk]), shipment_form(carrier=other.pk)
    )

    # then
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.carrier_id != other.pk
    assert shipment.status == ShipmentStatus.BOOKED


def test_a_failed_shipment_is_retried_with_another_carrier(
    merchant, shipments, make_carrier, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    other = make_carrier(is_default=False)
    shipment = shipments["failed"]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = merchant.post(
            reverse("admin:orders_shipment_change", args=[shipment.pk]), shipment_form(carrier=other.pk)
        )

    # then
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.carrier == other
    assert shipment.status == ShipmentStatus.BOOKED
    assert shipment.tracking_number == fake_carrier.bookings[shipment.order.number]
    requested = shipment.order.events.get(kind="handoff_requested")
    assert requested.actor is not None and requested.actor_kind == "staff"


def test_the_retry_action_requests_failed_shipments_again(
    merchant, shipments, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    selected = [shipments["failed"].pk, shipments["quiet"].pk]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = merchant.post(SHIPMENTS, {"action": "retry_handoff", "_selected_action": selected}, follow=True)

    # then
    assert response.status_code == 200
    assert "1 handoff(s) requested again." in response.content.decode()
    shipments["failed"].refresh_from_db()
    assert shipments["failed"].status == ShipmentStatus.BOOKED
    assert len(fake_carrier.requests) == 1


def test_a_retry_the_service_refuses_is_reported(merchant, shipments):
    # given: the order was refunded after the handoff failed
    shipment = shipments["failed"]
    shipment.order.status = OrderStatus.REFUNDED
    shipment.order.save(update_fields=["status"])

    # when
    response = merchant.post(SHIPMENTS, {"action": "retry_handoff", "_selected_action": [shipment.pk]}, follow=True)

    # then
    page = response.content.decode()
    assert f"Order #{shipment.order_id}: Only a paid order" in page
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.FAILED
