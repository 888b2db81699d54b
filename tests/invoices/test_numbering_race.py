"""Gapless numbers under concurrency, on real PostgreSQL: payments racing each other, some of them rolled back
after their invoice was issued, leave invoice numbers 1..n with no gap and no duplicate; credit notes racing
on one invoice never credit more than it."""

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, transaction

from core.errors import DomainError
from orders.invoices.models import CreditNote, Invoice
from orders.invoices.services.credit_notes import credit_note_issue
from orders.models import Order
from orders.services.payment import order_pay
from tests.accounts.factories import UserFactory
from tests.invoices.conftest import paid_order
from tests.orders.factories import order_with_line

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAYERS = 16


class PaymentRolledBack(Exception):
    """Raised after a payment inside the payer's own transaction: everything it did must be undone."""


def _race(jobs: list[Callable[[], object]]) -> list[object]:
    """Run every job at the same instant in its own thread and connection; returns each result or exception."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 (the test inspects what each job raised)
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results


def _pay(order_id: int, *, roll_back: bool) -> Callable[[], object]:
    def job():
        with transaction.atomic():
            order = Order.objects.get(pk=order_id)
            order_pay(order=order, actor=order.user)
            if roll_back:
                raise PaymentRolledBack()
        return order_id

    return job


def test_racing_payments_some_rolled_back_leave_gapless_unique_numbers():
    # given
    orders = [order_with_line(user=UserFactory()) for _ in range(PAYERS)]
    rolled_back = {order.pk for index, order in enumerate(orders) if index % 3 == 0}

    # when
    results = _race([_pay(order.pk, roll_back=order.pk in rolled_back) for order in orders])

    # then
    committed = [order.pk for order in orders if order.pk not in rolled_back]
    assert all(isinstance(results[i], PaymentRolledBack) for i, o in enumerate(orders) if o.pk in rolled_back)
    assert sorted(r for r in results if isinstance(r, int)) == sorted(committed), results
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, len(committed) + 1))
    assert set(Invoice.objects.values_list("order_id", flat=True)) == set(committed)
    numbers = set(Invoice.objects.values_list("number", flat=True))
    assert len(numbers) == len(committed)


def test_racing_credit_notes_never_credit_more_than_the_invoice():
    # given: an invoice of 39.80 and six refunds of 10.00 racing for it
    order = paid_order(quantity=2)
    assert order.total == Decimal("39.80")

    def refund_ten():
        return credit_note_issue(order_id=order.pk, amount=Decimal("10.00"), reason="Partial refund")

    # when
    results = _race([refund_ten for _ in range(6)])

    # then
    issued = [result for result in results if isinstance(result, CreditNote)]
    refused = [result for result in results if isinstance(result, DomainError)]
    assert len(issued) == 3
    assert {error.code for error in refused} == {"credit_exceeds_invoice"}
    assert sum(note.total for note in CreditNote.objects.all()) == Decimal("30.00")
    assert sorted(CreditNote.objects.values_list("sequence", flat=True)) == [1, 2, 3]
