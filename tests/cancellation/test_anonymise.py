"""``account_anonymise``, the contract retention and the commands build on (D4, E2): what goes, what stays
for accounting and proof, sessions and tokens, tombstones, idempotence, crash-safety, constant queries."""

import logging
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from orders.models import Address, Order, OrderLine, OrderStatus
from privacy.cancellation.models import CancellationRequest, CancellationStatus, ErasureTombstone
from privacy.cancellation.services import (
    AnonymisationOutcome,
    account_anonymise,
    cancellation_request,
    legal_hold_place,
)
from privacy.models import Channel, ConsentRecord, DisclosureRecord, ExportJob, ExportStatus, PolicyAcceptance
from privacy.pseudonyms import user_ref_for
from privacy.services.consent import consent_set
from shop.models import Cart, HistoryEntry
from tests.accounts.factories import UserFactory
from tests.cancellation.conftest import RECIPIENT, app_token, make_order
from tests.orders.factories import AddressFactory
from tests.shop.factories import CartFactory, CartItemFactory, HistoryEntryFactory

pytestmark = pytest.mark.django_db


def _fill(user, orders: int) -> None:
    AddressFactory(user=user)
    CartItemFactory(cart=CartFactory(user=user))
    HistoryEntryFactory.create_batch(2, user=user)
    for _ in range(orders):
        make_order(user)


# --- what goes and what stays -----------------------------------------------------------------------


def test_the_account_can_no_longer_be_used_and_personal_data_is_gone(shopper):
    # given
    _fill(shopper, orders=1)

    # when
    result = account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    assert result.outcome is AnonymisationOutcome.ANONYMISED
    user = get_user_model().objects.get(pk=shopper.pk)
    assert user.email == f"deleted-{shopper.pk}@invalid.invalid"
    assert (user.nickname, user.is_active, user.has_usable_password()) == ("", False, False)
    assert not Address.objects.filter(user=shopper).exists()
    assert not Cart.objects.filter(user=shopper).exists()
    assert not HistoryEntry.objects.filter(user=shopper).exists()


def test_orders_are_kept_for_accounting_without_the_recipients_personal_fields(shopper):
    # given
    order = make_order(shopper, invoice_email=shopper.email, note="Ring twice, ask for Ada")

    # when
    account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    order = Order.objects.get(pk=order.pk)
    assert (order.recipient_name, order.phone, order.street, order.district) == ("", "", "", "")
    assert (order.note, order.invoice_email) == ("", "")
    assert (order.total, order.currency, order.status) == (Decimal("39.80"), "CNY", OrderStatus.DELIVERED)
    assert (order.city, order.region, order.postcode) == (RECIPIENT["city"], RECIPIENT["region"], RECIPIENT["postcode"])
    line = OrderLine.objects.get(order=order)
    assert (line.sku, line.quantity, line.line_total) == ("SKU-LINEN-M", 2, Decimal("39.80"))


def test_consent_proof_is_kept_under_the_pseudonymous_id(accepting_user):
    # given
    consent_set(
        user=accepting_user,
        changes={"personalisation": True},
        ip_address=None,
        user_agent="pytest",
        channel=Channel.WEB,
    )

    # when
    account_anonymise(user_id=accepting_user.pk, trigger="inactivity")

    # then
    reference = user_ref_for(accepting_user.pk)
    assert PolicyAcceptance.objects.get(user=accepting_user).user_ref == reference
    assert ConsentRecord.objects.get(user=accepting_user).user_ref == reference
    assert ErasureTombstone.objects.get().user_ref == reference


def test_every_session_and_app_token_is_revoked(shopper, client):
    # given a browser session and an app token
    token = app_token(shopper)
    client.force_login(shopper)

    # when
    account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    assert APIClient().get("/api/v1/privacy/consents/", HTTP_X_SESSION_TOKEN=token).status_code == 401
    assert client.get("/api/v1/privacy/consents/").status_code == 403


def test_pending_export_files_are_deleted(shopper, django_capture_on_commit_callbacks):
    # given
    job = ExportJob.objects.create(user=shopper, status=ExportStatus.READY)
    job.file.save("export.json", ContentFile(shopper.email.encode()))
    storage, name = job.file.storage, job.file.name

    # when
    with django_capture_on_commit_callbacks(execute=True):
        account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    assert not storage.exists(name)
    assert not ExportJob.objects.filter(user=shopper).exists()


def test_per_user_cache_keys_are_cleared(shopper, settings, django_capture_on_commit_callbacks):
    # given
    settings.PRIVACY_ERASURE_CACHE_KEYS = ["recommendations:{user_id}"]
    cache.set(f"recommendations:{shopper.pk}", ["linen shirt"])
    cache.set("recommendations:999999", ["socks"])

    # when
    with django_capture_on_commit_callbacks(execute=True):
        account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    assert cache.get(f"recommendations:{shopper.pk}") is None
    assert cache.get("recommendations:999999") == ["socks"]


def test_a_pending_cancellation_request_is_completed_too(shopper):
    # given
    request, _ = cancellation_request(user_id=shopper.pk, channel="api")

    # when
    result = account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    request.refresh_from_db()
    assert request.status == CancellationStatus.COMPLETED
    assert request.tombstone_id == result.tombstone_id


# --- the tombstone and the email --------------------------------------------------------------------


def test_the_tombstone_counts_per_model_and_category_and_holds_nothing_personal(shopper):
    # given
    _fill(shopper, orders=2)

    # when
    result = account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    tombstone = ErasureTombstone.objects.get(pk=result.tombstone_id)
    assert tombstone.user_id == shopper.pk
    assert tombstone.trigger == "inactivity"
    assert tombstone.counts["deleted"]["orders.Address"] == 1
    assert tombstone.counts["deleted"]["shop.HistoryEntry"] == 2
    assert tombstone.counts["anonymised"]["orders.Order"] == 2
    assert tombstone.counts["by_category"]["history"] == 2
    assert tombstone.counts["by_category"]["address_book"] == 1
    stored = str(ErasureTombstone.objects.filter(pk=tombstone.pk).values().get())
    assert shopper.email not in stored
    assert shopper.nickname not in stored


def test_inactive_accounts_get_their_own_last_email(shopper):
    # when
    result = account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    assert result.email_sent is True
    [email] = mail.outbox
    assert email.to == [shopper.email]
    assert "had not been used for a long time" in email.body


def test_a_shop_ceasing_operation_sends_no_last_email(shopper):
    # when
    result = account_anonymise(user_id=shopper.pk, trigger="cessation")

    # then
    assert result.outcome is AnonymisationOutcome.ANONYMISED
    assert mail.outbox == []


# --- refusals ---------------------------------------------------------------------------------------


def test_an_account_under_a_legal_hold_is_skipped_and_reported(shopper):
    # given
    AddressFactory(user=shopper)
    legal_hold_place(reason="Court order 2026/17", staff_id=None, user_id=shopper.pk)

    # when
    result = account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    assert result.outcome is AnonymisationOutcome.ON_HOLD
    assert result.anonymised is False
    assert get_user_model().objects.get(pk=shopper.pk).email == shopper.email
    assert Address.objects.filter(user=shopper).exists()
    assert not ErasureTombstone.objects.exists()
    assert mail.outbox == []


def test_an_account_with_orders_in_progress_is_skipped_and_reported(shopper):
    # given
    order = make_order(shopper, status=OrderStatus.PAID)

    # when
    result = account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    assert result.outcome is AnonymisationOutcome.BLOCKED
    assert (result.blocked_by, result.blocking) == ("orders_in_progress", (order.number,))
    assert Order.objects.get(pk=order.pk).recipient_name == RECIPIENT["recipient_name"]


def test_an_unknown_user_is_reported_not_found():
    # when
    result = account_anonymise(user_id=987654, trigger="inactivity")

    # then
    assert result.outcome is AnonymisationOutcome.NOT_FOUND


def test_an_unknown_trigger_is_refused(shopper):
    # when
    with pytest.raises(ValueError):
        account_anonymise(user_id=shopper.pk, trigger="boredom")

    # then
    assert get_user_model().objects.get(pk=shopper.pk).is_active is True


# --- idempotent and crash-safe ----------------------------------------------------------------------


def _snapshot(user_id: int) -> dict:
    return {
        "user": get_user_model().objects.filter(pk=user_id).values().get(),
        "orders": list(Order.objects.filter(user_id=user_id).order_by("pk").values()),
        "disclosures": list(DisclosureRecord.objects.filter(user_id=user_id).order_by("pk").values()),
    }


def test_running_twice_changes_nothing_more(shopper):
    # given
    _fill(shopper, orders=2)
    first = account_anonymise(user_id=shopper.pk, trigger="inactivity")
    after_first = _snapshot(shopper.pk)

    # when
    second = account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    assert second.outcome is AnonymisationOutcome.ALREADY_ANONYMISED
    assert second.tombstone_id == first.tombstone_id
    assert second.summary.changed is False
    assert second.email_sent is False
    assert _snapshot(shopper.pk) == after_first
    assert len(mail.outbox) == 1
    assert ErasureTombstone.objects.get().applied_count == 2


def test_a_crash_mid_way_rolls_the_user_back_and_the_next_run_completes(shopper, erasure_handler, monkeypatch):
    # given an erasure handler that fails after the registry's rules ran, inside the transaction
    _fill(shopper, orders=1)
    cancellation_request(user_id=shopper.pk, channel="web")
    before = _snapshot(shopper.pk)

    def crash(*, user_id):
        raise RuntimeError("worker lost")

    erasure_handler(crash)

    # when
    with pytest.raises(RuntimeError):
        account_anonymise(user_id=shopper.pk, trigger="cancellation")

    # then: nothing of it remains
    assert _snapshot(shopper.pk) == before
    assert Address.objects.filter(user=shopper).exists()
    assert HistoryEntry.objects.filter(user=shopper).count() == 2
    assert not ErasureTombstone.objects.exists()
    assert CancellationRequest.objects.get().status == CancellationStatus.PENDING
    assert mail.outbox == []

    # when the handler works again
    erasure_handler(lambda *, user_id: None)
    result = account_anonymise(user_id=shopper.pk, trigger="cancellation")

    # then
    assert result.outcome is AnonymisationOutcome.ANONYMISED
    assert not Address.objects.filter(user=shopper).exists()
    assert len(mail.outbox) == 1


def test_the_query_count_does_not_grow_with_the_orders(django_assert_num_queries):
    # given
    small, large = UserFactory(), UserFactory()
    _fill(small, orders=3)
    _fill(large, orders=60)
    with CaptureQueriesContext(connection) as small_run:
        account_anonymise(user_id=small.pk, trigger="cessation")

    # then
    with django_assert_num_queries(len(small_run.captured_queries)):
        result = account_anonymise(user_id=large.pk, trigger="cessation")
    assert result.summary.anonymised["orders.Order"] == 60


def test_log_lines_carry_ids_not_personal_data(shopper, caplog):
    # given
    _fill(shopper, orders=1)

    # when
    with caplog.at_level(logging.DEBUG):
        account_anonymise(user_id=shopper.pk, trigger="inactivity")

    # then
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"user {shopper.pk}" in logged
    for value in (shopper.email, shopper.nickname, RECIPIENT["street"], RECIPIENT["phone"]):
        assert value not in logged
