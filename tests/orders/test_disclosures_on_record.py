"""Every disclosure on record (promises C3, C4) and recipients' regions (E4): carrier attempts refused or
unanswered and payment provider calls are logged when the data is sent, with their outcome; erasure asks
every recipient on record; a recipient outside the storage region needs the cross-border consent."""

from decimal import Decimal

import pytest
import requests
from django.core.checks import run_checks
from rest_framework.test import APIClient

from demo.payments.store import intent_get
from orders.models import Order, OrderStatus, Payment
from orders.payments import INTENT_FAILED, IntentState
from orders.services.logistics import order_handoff_start
from privacy.cancellation.models import ErasureTrigger, RecipientDeletionRequest, RecipientRequestStatus
from privacy.cancellation.services import account_anonymise
from privacy.models import Channel, DisclosureOutcome, DisclosureRecord
from privacy.purposes import CROSS_BORDER_TRANSFER
from privacy.services.consent import consent_set
from privacy.services.disclosure import disclosure_record
from tests.invoices.factories import InstantProvider
from tests.orders.demo_payments import captured_intent
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _grant_cross_border(user) -> None:
    consent_set(user=user, changes={CROSS_BORDER_TRANSFER: True}, ip_address=None, user_agent="t", channel=Channel.WEB)


@pytest.mark.promise("C3")
def test_a_rejected_carrier_handoff_is_on_record(carrier, make_order, fake_carrier, django_capture_on_commit_callbacks):
    # given a carrier that refuses the request
    order = make_order()
    fake_carrier.fail_next(1, answer=422)

    # when the order is handed off
    with django_capture_on_commit_callbacks(execute=True):
        order_handoff_start(order_id=order.pk)

    # then the attempt is on record: the carrier received the data even though it refused it
    record = DisclosureRecord.objects.get(reference=order.number)
    assert (record.outcome, record.outcome_code, record.recipient_ref) == (
        DisclosureOutcome.REJECTED,
        "carrier_http_422",
        f"carrier:{carrier.slug}",
    )


@pytest.mark.promise("C4")
def test_erasure_asks_every_recipient_on_record_including_refusals_and_the_payment_provider(
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks, demo_payments_api
):
    # given a buyer whose order was paid (the provider on record), refused by one carrier, booked with another
    first, second = make_carrier(), make_carrier(is_default=False)
    order = make_order()
    reference = captured_intent(order_number=order.number, amount=Decimal("10.00"))
    disclosure_record(
        user_id=order.user_id,
        recipient="Demo Pay",
        recipient_ref="payment:demo",
        purpose="Payment",
        fields=["amount"],
        reference=order.number,
    )
    fake_carrier.fail_next(1, answer=400)
    with django_capture_on_commit_callbacks(execute=True):
        order_handoff_start(order_id=order.pk)
    with django_capture_on_commit_callbacks(execute=True):
        order_handoff_start(order_id=order.pk, carrier_id=second.pk)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED)

    # when the account is erased
    with django_capture_on_commit_callbacks(execute=True):
        result = account_anonymise(user_id=order.user_id, trigger=ErasureTrigger.CANCELLATION)

    # then every recipient on record is asked to delete, the payment provider through its deletion API
    assert result.anonymised
    requests = {r.recipient_ref: r for r in RecipientDeletionRequest.objects.all()}
    assert set(requests) == {f"carrier:{first.slug}", f"carrier:{second.slug}", "payment:demo"}
    assert requests["payment:demo"].status == RecipientRequestStatus.DONE
    assert requests["payment:demo"].answer_reference.startswith("dpd_")
    assert requests["payment:demo"].references == [order.number]
    assert intent_get(reference) is None


@pytest.mark.promise("E4")
def test_a_carrier_declaring_another_region_needs_the_cross_border_consent(
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks, settings
):
    # given a shop storing in CN and a carrier declaring the US (not flagged "abroad" by hand)
    settings.PRIVACY_STORAGE_REGION = "CN"
    make_carrier(region="US")
    refused, allowed = make_order(), make_order()
    _grant_cross_border(allowed.user)

    # when both orders are handed off
    for order in (refused, allowed):
        with django_capture_on_commit_callbacks(execute=True):
            order_handoff_start(order_id=order.pk)

    # then the one without consent sends nothing, the other is marked cross-border in the log
    assert not DisclosureRecord.objects.filter(reference=refused.number).exists()
    assert refused.shipment.last_error == "cross_border_consent_required"
    record = DisclosureRecord.objects.get(reference=allowed.number)
    assert (record.cross_border, record.recipient_region) == (True, "US")


@pytest.mark.promise("E4")
def test_an_email_provider_outside_the_storage_region_fails_the_system_check(settings):
    # given
    settings.PRIVACY_STORAGE_REGION = "CN"
    settings.PRIVACY_EMAIL_PROVIDER_REGION = "US"

    # when
    errors = [message.id for message in run_checks()]

    # then
    assert "privacy.E401" in errors
    settings.PRIVACY_EMAIL_PROVIDER_REGION = "cn"
    assert "privacy.E401" not in [message.id for message in run_checks()]


# --- The payment provider (C3, E4) ---


class _AbroadProvider(InstantProvider):
    """A gateway that confirms at once and processes data in the US."""

    name = "abroad"
    recipient = "Abroad Pay"
    region = "US"


class _RefusingProvider(InstantProvider):
    """A gateway that refuses every payment at once."""

    name = "refusing"
    recipient = "Refusing Pay"

    def intent_create(self, *, order_number, amount, currency, return_url, options):
        return IntentState(reference=f"ref-{order_number}", state=INTENT_FAILED, failure_code="card_declined")


def _pay(order):
    client = APIClient()
    client.force_login(order.user)
    return client.post(f"/api/v1/orders/{order.number}/pay/")


@pytest.mark.promise("C3")
def test_a_payment_the_provider_refuses_at_once_is_on_record_with_its_refusal(settings):
    # given
    settings.ORDERS_PAYMENT_PROVIDER = f"{__name__}._RefusingProvider"
    order = OrderFactory()

    # when
    response = _pay(order)

    # then
    assert (response.status_code, response.json()["code"]) == (402, "payment_declined")
    record = DisclosureRecord.objects.get(reference=order.number)
    assert (record.recipient_ref, record.outcome, record.outcome_code) == (
        "payment:refusing",
        DisclosureOutcome.REJECTED,
        "card_declined",
    )
    assert record.fields == ["amount", "currency", "order_number"]


@pytest.mark.promise("C3")
def test_a_payment_call_that_gets_no_answer_is_on_record_as_unanswered(settings):
    # given: nothing listens on port 9 of loopback
    settings.DEMO_PAYMENTS_API_BASE_URL = "http://127.0.0.1:9/demo-payments/api"
    order = OrderFactory()

    # when
    response = _pay(order)

    # then: no payment opened, the order still waits, and the attempt is on the buyer's log
    assert (response.status_code, response.json()["code"]) == (503, "payment_provider_unavailable")
    assert not Payment.objects.filter(order=order).exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    record = DisclosureRecord.objects.get(reference=order.number)
    assert (record.user_id, record.outcome, record.outcome_code) == (
        order.user_id,
        DisclosureOutcome.UNAVAILABLE,
        "provider_unreachable",
    )


@pytest.mark.promise("E4")
def test_a_payment_provider_abroad_needs_the_cross_border_consent(settings):
    # given a shop storing in CN, a provider declaring the US, one buyer without and one with the consent
    settings.PRIVACY_STORAGE_REGION = "CN"
    settings.ORDERS_PAYMENT_PROVIDER = f"{__name__}._AbroadProvider"
    refused, allowed = OrderFactory(), OrderFactory()
    _grant_cross_border(allowed.user)

    # when both pay
    refusal = _pay(refused)
    accepted = _pay(allowed)

    # then nothing reaches the provider without consent; the other payment is logged as cross-border
    assert (refusal.status_code, refusal.json()["code"]) == (409, "cross_border_consent_required")
    assert not DisclosureRecord.objects.filter(reference=refused.number).exists()
    assert not Payment.objects.filter(order=refused).exists()
    assert accepted.json()["status"] == "paid"
    record = DisclosureRecord.objects.get(reference=allowed.number)
    assert (record.recipient_ref, record.cross_border, record.recipient_region) == ("payment:abroad", True, "US")


@pytest.mark.promise("C4")
def test_the_demo_provider_deletion_api_refuses_a_malformed_request_and_answers_retries_alike(demo_payments_api):
    # given
    url = f"{demo_payments_api.shop_url}/demo-payments/api/deletion-requests/"

    # when
    missing_key = requests.post(url, json={"order_numbers": ["A"]}, timeout=5)
    malformed = requests.post(url, json={"order_numbers": "A"}, headers={"Idempotency-Key": "k"}, timeout=5)
    first = requests.post(url, json={"order_numbers": ["A"]}, headers={"Idempotency-Key": "k"}, timeout=5)
    again = requests.post(url, json={"order_numbers": ["A"]}, headers={"Idempotency-Key": "k"}, timeout=5)

    # then
    assert (missing_key.status_code, missing_key.json()["code"]) == (400, "idempotency_key_required")
    assert (malformed.status_code, malformed.json()["code"]) == (400, "invalid")
    assert first.json()["id"] == again.json()["id"]
