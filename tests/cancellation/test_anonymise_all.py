"""``manage.py anonymise_all`` for a shop that ceases operation (E3): a dry run that changes nothing, then
every account anonymised with a progress line and a summary; staff, held and blocked accounts left alone."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from orders.models import OrderStatus
from privacy.cancellation.models import ErasureTombstone
from privacy.cancellation.services import legal_hold_place
from tests.accounts.factories import StaffFactory, UserFactory
from tests.cancellation.conftest import make_order
from tests.orders.factories import AddressFactory
from tests.shop.factories import HistoryEntryFactory

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("anonymise_all", *args, stdout=out)
    return out.getvalue()


def _database() -> dict:
    """Every row of every table of the project and allauth, as values: what a dry run must not change."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.fixture
def shop():
    """Three shoppers (one held, one with an order on its way), a staff account, some data."""
    shoppers = UserFactory.create_batch(3)
    for user in shoppers:
        AddressFactory(user=user)
        HistoryEntryFactory(user=user)
        make_order(user)
    held, blocked, free = shoppers
    legal_hold_place(reason="Court order 2026/17", staff_id=None, user_id=held.pk)
    make_order(blocked, status=OrderStatus.SHIPPED)
    return {"held": held, "blocked": blocked, "free": free, "staff": StaffFactory()}


def test_neither_flag_is_refused():
    # when
    with pytest.raises(CommandError) as error:
        _run()

    # then
    assert "--dry-run" in str(error.value)


def test_both_flags_are_refused():
    # when
    with pytest.raises(CommandError):
        _run("--dry-run", "--confirm")


@pytest.mark.promise("E3")
def test_the_dry_run_changes_nothing_and_says_what_would_happen(shop):
    # given
    before = _database()

    # when
    output = _run("--dry-run")

    # then
    assert _database() == before
    assert mail.outbox == []
    assert "Accounts not anonymised yet (staff excluded): 3." in output
    assert "Would anonymise: 1." in output
    assert "Skipped, on legal hold: 1." in output
    assert "Skipped, blocked: 1 (orders_in_progress 1)." in output
    assert "orders.Address: 3 deleted" in output
    assert "orders.Order: 4 anonymised" in output
    assert "Checked: 3/3 (100%)" in output
    assert "Dry run: nothing was changed." in output


@pytest.mark.promise("E3")
def test_confirm_anonymises_every_account_but_staff_held_and_blocked_ones(shop):
    # when
    output = _run("--confirm")

    # then
    users = get_user_model().objects
    assert users.get(pk=shop["free"].pk).is_active is False
    assert users.get(pk=shop["held"].pk).is_active is True
    assert users.get(pk=shop["blocked"].pk).is_active is True
    assert users.get(pk=shop["staff"].pk).is_active is True
    assert list(ErasureTombstone.objects.values_list("user_id", "trigger")) == [(shop["free"].pk, "cessation")]
    assert "Anonymised: 1." in output
    assert "Anonymised: 3/3 (100%)" in output
    assert mail.outbox == []


def test_a_rerun_goes_on_where_it_stopped(shop):
    # given a first run, then the shipment arrived
    _run("--confirm")
    shop["blocked"].orders.update(status=OrderStatus.DELIVERED)

    # when
    output = _run("--confirm")

    # then
    assert "Accounts not anonymised yet (staff excluded): 2." in output
    assert "Anonymised: 1." in output
    assert ErasureTombstone.objects.count() == 2


def test_staff_accounts_only_with_include_staff(shop):
    # when
    _run("--confirm", "--include-staff")

    # then
    assert get_user_model().objects.get(pk=shop["staff"].pk).is_active is False
