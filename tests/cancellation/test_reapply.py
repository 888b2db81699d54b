"""``manage.py reapply_erasures`` after a backup restore (D4, D6): erased accounts whose data came back are
erased again, from the tombstones and from the erasure journal kept outside the database; idempotent."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from orders.models import Address, Order
from privacy.cancellation.models import ErasureTombstone
from privacy.cancellation.services import account_anonymise, legal_hold_place
from tests.accounts.factories import UserFactory
from tests.cancellation.conftest import RECIPIENT, make_order
from tests.orders.factories import AddressFactory

pytestmark = pytest.mark.django_db


def _restore_from_backup(user, *, email: str, nickname: str, order: Order) -> None:
    """What a restore from a backup taken before the erasure brings back: the account as it was, an address,
    and the order's recipient."""
    get_user_model().objects.filter(pk=user.pk).update(email=email, nickname=nickname, is_active=True)
    AddressFactory(user=user, street=RECIPIENT["street"])
    Order.objects.filter(pk=order.pk).update(recipient_name=RECIPIENT["recipient_name"], street=RECIPIENT["street"])


def _reapply(*args) -> str:
    out = StringIO()
    call_command("reapply_erasures", *args, stdout=out)
    return out.getvalue()


@pytest.mark.promise("D6")
def test_restored_personal_data_is_erased_again(shopper):
    # given an erased account whose data a restore brought back
    email, nickname = shopper.email, shopper.nickname
    order = make_order(shopper)
    account_anonymise(user_id=shopper.pk, trigger="cancellation")
    _restore_from_backup(shopper, email=email, nickname=nickname, order=order)
    bystander = UserFactory()

    # when
    output = _reapply()

    # then
    user = get_user_model().objects.get(pk=shopper.pk)
    assert (user.email, user.nickname, user.is_active) == (f"deleted-{shopper.pk}@invalid.invalid", "", False)
    assert not Address.objects.filter(user=shopper).exists()
    assert Order.objects.get(pk=order.pk).street == ""
    assert get_user_model().objects.get(pk=bystander.pk).is_active is True
    assert "Erased again (data had come back): 1" in output
    assert len(mail.outbox) == 1, "the user was told once, when the account was first erased"


def test_running_it_again_changes_nothing(shopper):
    # given
    account_anonymise(user_id=shopper.pk, trigger="cancellation")
    _reapply()
    before = get_user_model().objects.filter(pk=shopper.pk).values().get()

    # when
    output = _reapply()

    # then
    assert "Erased again (data had come back): 0; already anonymous: 1" in output
    assert get_user_model().objects.filter(pk=shopper.pk).values().get() == before


def test_the_journal_brings_back_tombstones_the_restore_lost(shopper, journal, django_capture_on_commit_callbacks):
    # given an erasure journaled (once committed) outside the database, then a restore from before it
    email, nickname = shopper.email, shopper.nickname
    order = make_order(shopper)
    with django_capture_on_commit_callbacks(execute=True):
        account_anonymise(user_id=shopper.pk, trigger="cancellation")
    entry = json.loads(journal.read_text())
    assert entry["user_id"] == shopper.pk
    assert email not in journal.read_text()
    ErasureTombstone.objects.all().delete()
    _restore_from_backup(shopper, email=email, nickname=nickname, order=order)

    # when
    output = _reapply()

    # then
    assert "Tombstones recreated from the journal: 1" in output
    assert ErasureTombstone.objects.get().user_id == shopper.pk
    assert get_user_model().objects.get(pk=shopper.pk).email == f"deleted-{shopper.pk}@invalid.invalid"


def test_an_account_under_a_legal_hold_is_skipped_and_reported(shopper):
    # given
    email, nickname = shopper.email, shopper.nickname
    order = make_order(shopper)
    account_anonymise(user_id=shopper.pk, trigger="cancellation")
    _restore_from_backup(shopper, email=email, nickname=nickname, order=order)
    legal_hold_place(reason="Court order 2026/17", staff_id=None, user_id=shopper.pk)

    # when
    output = _reapply()

    # then
    assert "on legal hold (skipped): 1" in output
    assert get_user_model().objects.get(pk=shopper.pk).email == email


def test_an_account_missing_from_the_restored_database_is_reported(journal):
    # given a journal entry for an account this database never had
    journal.write_text(
        json.dumps(
            {"user_id": 424242, "user_ref": "0" * 64, "trigger": "cancellation", "completed_at": "2026-01-02T03:04:05Z"}
        )
        + "\n"
    )

    # when
    output = _reapply()

    # then
    assert "not in this database: 1" in output


def test_a_corrupt_journal_is_refused(journal):
    # given
    journal.write_text("{not json\n")

    # when
    with pytest.raises(CommandError) as error:
        _reapply()

    # then
    assert "Line 1" in str(error.value)
    assert not ErasureTombstone.objects.exists()


def test_an_explicit_journal_path_is_read(shopper, tmp_path, journal, django_capture_on_commit_callbacks):
    # given a journal copied somewhere else
    with django_capture_on_commit_callbacks(execute=True):
        account_anonymise(user_id=shopper.pk, trigger="cancellation")
    copy = tmp_path / "offsite.jsonl"
    copy.write_text(journal.read_text())
    ErasureTombstone.objects.all().delete()
    journal.unlink()

    # when
    output = _reapply("--journal", str(copy))

    # then
    assert "Tombstones recreated from the journal: 1" in output
