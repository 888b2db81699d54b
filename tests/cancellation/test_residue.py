"""The residue test (D4): after a user with data in every app cancels their account and the cooling-off
window ends, none of their email, phone, names, street line or third-party account id is left anywhere the
shop keeps data: not in any column of any table (read raw, then decrypted and decoded through the ORM), not
in the media or export storage, not in the erasure journal, not in a task's arguments or a log line.

What the shop keeps on purpose (orders for accounting, consent proof, reviews shown as anonymous) stays, but
in pseudonymous form that holds none of these values; the test proves the search itself finds each value
before the cancellation, so it can fail.
"""

import logging
from datetime import date, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from celery.signals import task_prerun
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIClient

from orders.models import Order, OrderStatus, Payment, Shipment, ShipmentStatus, TrackingEvent
from privacy.cancellation.models import ErasureTombstone, RecipientDeletionRequest, RecipientRequestStatus
from privacy.cancellation.tasks import cancellation_anonymise_due
from privacy.models import Channel, ExportJob, GuardianConsent, GuardianConsentMethod, GuardianConsentStatus
from privacy.services.consent import consent_set
from privacy.services.export import export_request
from shop.models import HistoryKind
from shop.reviews.models import HelpfulVote, ReviewReport, ReviewStatus
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.binding.factories import ActiveGrantFactory, SocialAccountFactory, SocialTokenFactory
from tests.cancellation.conftest import CANCELLATION, app_token, make_order, shipped_to
from tests.orders.factories import AddressFactory
from tests.privacy.everywhere import png_carrying
from tests.privacy.residue_scan import residue
from tests.reviews.factories import ReviewFactory, ReviewImageFactory, bought_line
from tests.shop.factories import CartFactory, CartItemFactory, HistoryEntryFactory

# It scans the project's Redis database too: never beside another test that uses it (tests/conftest.py).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.shared_redis]

EMAIL = "rosalind.residue@example.com"
PHONE = "13912345678"
NICKNAME = "RosalindQ"
GIVEN_NAME = "Rosalind"
FAMILY_NAME = "Quillfeather"
FULL_NAME = f"{GIVEN_NAME} {FAMILY_NAME}"
STREET = "88 Hidden Orchard Road, Flat 12"
UID = "idp-7f3a9c21e5d04b"
SEARCHED = (EMAIL, PHONE, NICKNAME, FAMILY_NAME, FULL_NAME, STREET, UID)
PROJECT_LOGGERS = ("privacy", "orders", "shop", "accounts", "core")


# --- the user ---------------------------------------------------------------------------------------


@pytest.fixture
def carrier(fake_carrier):
    from orders.models import Carrier
    from orders.services.logistics import carrier_save

    return carrier_save(
        carrier=Carrier(name="Quick Parcel", slug="quick", api_base_url=fake_carrier.url), webhook_secret="s" * 32
    )


@pytest.fixture
def rosalind(accepting_user, carrier, client):
    """A user with data in every app of the shop."""
    user = accepting_user
    get_user_model().objects.filter(pk=user.pk).update(email=EMAIL, nickname=NICKNAME, date_of_birth=date(1990, 5, 6))
    user.refresh_from_db()
    user.avatar.save("avatar.png", ContentFile(png_carrying(EMAIL)))
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    # Consents and history
    consent_set(
        user=user, changes={"personalisation": True}, ip_address="198.51.100.7", user_agent="ua", channel=Channel.WEB
    )
    HistoryEntryFactory(user=user)
    HistoryEntryFactory(user=user, kind=HistoryKind.SEARCH, query=f"birthday gift for {FULL_NAME}", product=None)
    CartItemFactory(cart=CartFactory(user=user))
    # Address book and orders, one shipped through the carrier
    AddressFactory(user=user, recipient_name=FULL_NAME, phone=PHONE, street=STREET)
    recipient = {"recipient_name": FULL_NAME, "phone": PHONE, "street": STREET}
    order = make_order(user, invoice_email=EMAIL, invoice_title=FULL_NAME, note=f"Call {GIVEN_NAME}", **recipient)
    Payment.objects.create(order=order, provider="demo", reference="demo_pay_1", amount=order.total, currency="CNY")
    shipment = Shipment.objects.create(
        order=order, carrier=carrier, status=ShipmentStatus.BOOKED, tracking_number="QP000123", booked_at=timezone.now()
    )
    TrackingEvent.objects.create(
        shipment=shipment,
        event_id="ev-1",
        status="delivered",
        description=f"Signed for by {FULL_NAME}",
        location=STREET,
        occurred_at=timezone.now(),
    )
    shipped_to(carrier, order)
    # A review with a photo, a report and a vote given
    line = bought_line(user=user, status=OrderStatus.COMPLETED)
    Order.objects.filter(pk=line.order_id).update(recipient_name=FULL_NAME, street=STREET)
    review = ReviewFactory(user=user, order_line=line, text="Warm, soft, and the sleeves are long enough.")
    ReviewImageFactory(review=review)
    other_review = ReviewFactory(status=ReviewStatus.PUBLISHED)
    ReviewReport.objects.create(review=other_review, reporter=user, reason="other", note=f"{FULL_NAME} disagrees")
    HelpfulVote.objects.create(review=other_review, voter=user)
    # A third-party binding with its token and grant
    social = SocialAccountFactory(user=user, uid=UID, extra_data={"name": FULL_NAME, "email": EMAIL, "sub": UID})
    SocialTokenFactory(account=social)
    ActiveGrantFactory(user=user, social_account=social)
    # A guardian's consent on record, an export file, sessions and an app token
    GuardianConsent.objects.create(
        user=user,
        guardian_name=f"Parent of {FULL_NAME}",
        guardian_email="parent.of.rosalind@example.com",
        status=GuardianConsentStatus.CONFIRMED,
        method=GuardianConsentMethod.STAFF,
        evidence=f"Signed form for {NICKNAME}",
    )
    export_request(user_id=user.pk)
    assert client.post("/accounts/login/", {"login": EMAIL, "password": DEFAULT_PASSWORD}).status_code == 302
    app_token(user)
    return user


@pytest.fixture
def task_arguments():
    """The arguments of every task that ran, as Celery hands them to the task."""
    seen: list[str] = []

    def record(sender=None, args=None, kwargs=None, **_):
        seen.append(f"{sender.name} {args!r} {kwargs!r}")

    task_prerun.connect(record, weak=False, dispatch_uid="residue-test")
    yield seen
    task_prerun.disconnect(dispatch_uid="residue-test")


@pytest.mark.promise("D4")
def test_nothing_identifying_is_left_anywhere(rosalind, fake_carrier, journal, task_arguments, caplog):
    # given: the search finds every value before the cancellation, in the places the user filled
    before = {value: residue(value) for value in SEARCHED}
    assert all(before.values()), {value: places for value, places in before.items() if not places}
    assert "accounts_user.email" in before[EMAIL]["columns"]
    assert "orders.Order.phone" in before[PHONE]["decrypted"]
    assert "orders.Address.street" in before[STREET]["decrypted"]
    assert "socialaccount_socialaccount.uid" in before[UID]["columns"]
    assert before[EMAIL]["files"], "the avatar and the export file carry the email"
    assert ExportJob.objects.filter(user=rosalind).exclude(file="").exists()

    # when the user cancels, and the beat job runs once the window ended
    client = APIClient()
    client.force_login(rosalind)
    reauthenticated = client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD}, format="multipart")
    assert reauthenticated.status_code == 302
    with caplog.at_level(logging.DEBUG):
        assert client.post(CANCELLATION).status_code == 201
        with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
            outcomes = cancellation_anonymise_due.apply().get()

    # then the account is anonymised, the carrier was asked to delete, the proof is pseudonymous
    assert outcomes == {"anonymised": 1}
    tombstone = ErasureTombstone.objects.get(user_id=rosalind.pk)
    assert RecipientDeletionRequest.objects.get(tombstone=tombstone).status == RecipientRequestStatus.DONE
    assert [sent.json["reason"] for sent in fake_carrier.requests] == ["account_erased"]

    # then: nothing identifying is left anywhere
    after = {value: residue(value) for value in SEARCHED}
    assert after == {value: {} for value in SEARCHED}

    # nor in what the tasks were given, nor in any log line of the project
    arguments = "\n".join(task_arguments)
    assert "cancellation.anonymise_due" in arguments
    assert "cancellation.recipient_deletion_send" in arguments
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name.startswith(PROJECT_LOGGERS))
    assert f"user {rosalind.pk}" in logged
    for value in SEARCHED:
        assert value.lower() not in arguments.lower()
        assert value.lower() not in logged.lower()


def test_the_search_sees_a_value_left_in_an_unexpected_column(rosalind):
    # given an anonymised account, then a stray copy of the email in a column nobody declared as holding it
    UserFactory(nickname=EMAIL)

    # when
    found = residue(EMAIL)

    # then: the residue search is not blind
    assert "accounts_user.nickname" in found["columns"]
