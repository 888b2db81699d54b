"""Every disclosure on record (promises C3, C4) and recipients' regions (E4): carrier attempts refused or
unanswered and payment provider calls are logged when the data is sent, with their outcome; erasure asks
every recipient on record; a recipient outside the storage region needs the cross-border consent."""

import pytest
from django.core.checks import run_checks

from orders.models import Order, OrderStatus
from orders.services.logistics import order_handoff_start
from privacy.cancellation.models import ErasureTrigger, RecipientDeletionRequest, RecipientRequestStatus
from privacy.cancellation.services import account_anonymise
from privacy.models import Channel, DisclosureOutcome, DisclosureRecord
from privacy.purposes import CROSS_BORDER_TRANSFER
from privacy.services.consent import consent_set
from privacy.services.disclosure import disclosure_record

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
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given a buyer whose order was paid (the provider on record), refused by one carrier, booked with another
    first, second = make_carrier(), make_carrier(is_default=False)
    order = make_order()
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

    # then every recipient on record is asked to delete; a provider without a deletion API is left to staff
    assert result.anonymised
    requests = {r.recipient_ref: r for r in RecipientDeletionRequest.objects.all()}
    assert set(requests) == {f"carrier:{first.slug}", f"carrier:{second.slug}", "payment:demo"}
    assert requests["payment:demo"].status == RecipientRequestStatus.REJECTED
    assert requests["payment:demo"].last_error == "payment_provider_no_deletion_api"
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
