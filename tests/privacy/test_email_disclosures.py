"""Every email is on the disclosure log of the account it went to (C3), with the email provider's region (E4);
an erasure asks the email provider to delete too (C4)."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives

from privacy.cancellation.models import ErasureTrigger, RecipientDeletionRequest, RecipientRequestStatus
from privacy.cancellation.services import account_anonymise
from privacy.models import DisclosureOutcome, DisclosureRecord
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

BACKEND = "privacy.email_delivery.DisclosingEmailBackend"


@pytest.fixture
def disclosing(settings):
    settings.EMAIL_BACKEND = BACKEND
    settings.PRIVACY_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVACY_EMAIL_PROVIDER_NAME = "Mail Relay Ltd"
    return settings


class BrokenRelay:
    """A delivery backend whose server never answers."""

    def __init__(self, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("relay down")


@pytest.mark.promise("C3")
def test_a_service_email_and_a_marketing_email_are_on_the_accounts_log_with_their_purpose(disclosing):
    # given
    user = UserFactory(email="mei@example.com")

    # when one service email goes to the account and a guest, and one marketing email to the account
    EmailMultiAlternatives("Your order", "Paid.", to=["Mei <MEI@example.com>", "guest@example.com"]).send()
    EmailMessage("Autumn sale", "20% off", to=[user.email], headers={"List-Unsubscribe": "<https://x/u/1>"}).send()

    # then both were delivered, and the account's log names what was sent and why, never the content
    assert len(mail.outbox) == 2
    records = DisclosureRecord.objects.filter(user=user).order_by("id")
    assert [(r.recipient, r.recipient_ref, r.fields, r.outcome) for r in records] == [
        ("Mail Relay Ltd", "email:default", ["email", "message"], DisclosureOutcome.ACCEPTED)
    ] * 2
    assert [r.purpose.split()[0] for r in records] == ["Service", "Marketing"]
    assert DisclosureRecord.objects.count() == 2


@pytest.mark.promise("C3")
def test_an_email_the_relay_never_received_is_on_record_as_unanswered(disclosing):
    # given
    disclosing.PRIVACY_EMAIL_DELIVERY_BACKEND = f"{__name__}.BrokenRelay"
    user = UserFactory()

    # when
    with pytest.raises(ConnectionRefusedError):
        EmailMessage("Reset your password", "...", to=[user.email]).send()

    # then
    record = DisclosureRecord.objects.get(user=user)
    assert (record.outcome, record.outcome_code) == (DisclosureOutcome.UNAVAILABLE, "ConnectionRefusedError")


@pytest.mark.promise("E4")
def test_an_email_provider_declared_abroad_is_marked_cross_border(disclosing):
    # given
    disclosing.PRIVACY_STORAGE_REGION = "CN"
    disclosing.PRIVACY_EMAIL_PROVIDER_REGION = "SG"
    user = UserFactory()

    # when
    EmailMessage("Hello", "...", to=[user.email]).send()

    # then
    record = DisclosureRecord.objects.get(user=user)
    assert (record.cross_border, record.recipient_region) == (True, "SG")


@pytest.mark.promise("C4")
@pytest.mark.parametrize(
    ("keeps_copies", "status", "error"),
    [(False, RecipientRequestStatus.DONE, ""), (True, RecipientRequestStatus.REJECTED, "email_provider_ask_by_hand")],
)
def test_erasure_asks_the_email_provider_too(
    disclosing, django_capture_on_commit_callbacks, keeps_copies, status, error
):
    # given an account that was sent an email
    disclosing.PRIVACY_EMAIL_PROVIDER_KEEPS_COPIES = keeps_copies
    user = UserFactory()
    EmailMessage("Welcome", "...", to=[user.email]).send()

    # when the account is erased
    with django_capture_on_commit_callbacks(execute=True):
        account_anonymise(user_id=user.pk, trigger=ErasureTrigger.CANCELLATION)

    # then the relay was asked: nothing kept, or left for staff to ask by hand
    request = RecipientDeletionRequest.objects.get(recipient_ref="email:default")
    assert (request.status, request.last_error) == (status, error)
