"""Every disclosure on record (promises C3, C4) and recipients' regions (E4): carrier attempts refused or
unanswered and payment provider calls are logged when the data is sent, with their outcome; erasure asks
every recipient on record; a recipient outside the storage region needs the cross-border consent."""

import pytest
from django.core.checks import run_checks

from orders.models import Order, OrderStatus
from orders.payments.demo import DemoPaymentProvider
from orders.services.logistics import order_handoff_start
from orders.services.payment import PaymentDeclined, order_pay
from privacy.cancellation.models import ErasureTrigger, RecipientDeletionRequest, RecipientRequestStatus
from privacy.cancellation.services import account_anonymise
from privacy.models import Channel, DisclosureOutcome, DisclosureRecord
from privacy.purposes import CROSS_BORDER_TRANSFER
from privacy.services.consent import consent_set

pytestmark = pytest.mark.django_db


class UnreachablePaymentProvider(DemoPaymentProvider):
    def initiate(self, **kwargs):
        raise ConnectionError("gateway down")


class AbroadPaymentProvider(DemoPaymentProvider):
    name = "abroad-pay"
    display_name = "Abroad Pay"
    region = "SG"


def _grant_cross_border(user) -> None:
    consent_set(user=user, changes={CROSS_BORDER_TRANSFER: True}, ip_address=None, user_agent="t", channel=Channel.WEB)


@pytest.mark.promise("C3")
def test_every_payment_call_is_on_record_with_its_outcome(make_order):
    # given an order waiting for payment
    order = make_order(status=OrderStatus.PENDING_PAYMENT)

    # when the provider declines once, then accepts
    with pytest.raises(PaymentDeclined):
        order_pay(order=order, options={"simulate": "decline"})
    order_pay(order=order)

    # then both calls are in the buyer's disclosure log, with the provider's answer
    records = DisclosureRecord.objects.filter(user=order.user, recipient_ref="payment:demo").order_by("pk")
    assert list(records.values_list("outcome", "outcome_code", "reference")) == [
        (DisclosureOutcome.REJECTED, "card_declined", order.number),
        (DisclosureOutcome.ACCEPTED, "", order.number),
    ]
    assert records[0].fields == ["amount", "currency", "order_number"]


@pytest.mark.promise("C3")
def test_a_payment_call_that_fails_midway_is_on_record_after_the_rollback(make_order, settings):
    # given a provider whose gateway is down
    settings.ORDERS_PAYMENT_PROVIDER = f"{__name__}.UnreachablePaymentProvider"
    order = make_order(status=OrderStatus.PENDING_PAYMENT)

    # when
    with pytest.raises(ConnectionError):
        order_pay(order=order)

    # then the order is as it was, and the call is on record: the gateway may have received the data
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT and not order.payments.exists()
    record = DisclosureRecord.objects.get(reference=order.number)
    assert (record.outcome, record.outcome_code) == (DisclosureOutcome.UNAVAILABLE, "ConnectionError")


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
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given a buyer whose order was paid, refused by one carrier and booked with another
    first, second = make_carrier(), make_carrier(is_default=False)
    order = make_order(status=OrderStatus.PENDING_PAYMENT)
    with django_capture_on_commit_callbacks(execute=False):
        order_pay(order=order)
    fake_carrier.fail_next(1, answer=400)
    with django_capture_on_commit_callbacks(execute=True):
        order_handoff_start(order_id=order.pk)
    with django_capture_on_commit_callbacks(execute=True):
        order_handoff_start(order_id=order.pk, carrier_id=second.pk)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED)

    # when the account is erased
    with django_capture_on_commit_callbacks(execute=True):
        result = account_anonymise(user_id=order.user_id, trigger=ErasureTrigger.CANCELLATION)

    # then every recipient on record is asked to delete, and the payment provider answers
    assert result.anonymised
    requests = {r.recipient_ref: r for r in RecipientDeletionRequest.objects.all()}
    assert set(requests) == {f"carrier:{first.slug}", f"carrier:{second.slug}", "payment:demo"}
    assert requests["payment:demo"].status == RecipientRequestStatus.DONE
    assert requests["payment:demo"].references == [order.number]


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
def test_a_payment_provider_abroad_needs_the_cross_border_consent(make_order, settings):
    # given a payment provider declaring Singapore
    settings.PRIVACY_STORAGE_REGION = "CN"
    settings.ORDERS_PAYMENT_PROVIDER = f"{__name__}.AbroadPaymentProvider"
    refused = make_order(status=OrderStatus.PENDING_PAYMENT)
    allowed = make_order(status=OrderStatus.PENDING_PAYMENT)
    _grant_cross_border(allowed.user)

    # when
    with pytest.raises(Exception) as error:
        order_pay(order=refused)
    order_pay(order=allowed)

    # then
    assert error.value.code == "cross_border_consent_required"
    assert not DisclosureRecord.objects.filter(reference=refused.number).exists()
    record = DisclosureRecord.objects.get(reference=allowed.number)
    assert (record.recipient, record.cross_border, record.recipient_region) == ("Abroad Pay", True, "SG")


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
