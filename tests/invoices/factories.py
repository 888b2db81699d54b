"""Factories of the invoices app. Documents are only ever issued by the services, so these go through them:
an invoice is a paid order's, a credit note credits 1.00 of one."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import factory
from django.test import override_settings
from django.utils import timezone

from orders.invoices.models import CreditNote, Invoice
from orders.invoices.services.credit_notes import credit_note_issue
from orders.models import Order
from orders.payments import INTENT_CAPTURED, INTENT_FAILED, IntentState, PaymentProvider, PaymentResult
from orders.services.payment import order_pay
from tests.accounts.factories import UserFactory
from tests.orders.factories import order_with_line

INSTANT_PROVIDER = "tests.invoices.factories.InstantProvider"


class InstantProvider(PaymentProvider):
    """A fake gateway that captures at once (a saved card) and refunds at once; ``{"simulate": "decline"}``
    declines. Invoice tests need paid orders, not the hosted-page journey the payment tests cover."""

    name = "instant"
    recipient = "Instant Pay"

    def intent_create(self, *, order_number, amount, currency, return_url, options: Mapping[str, Any]):
        if options.get("simulate") == "decline":
            return IntentState(
                reference=f"inst-{order_number}",
                state=INTENT_FAILED,
                updated_at=timezone.now(),
                failure_code="declined",
            )
        return IntentState(reference=f"inst-{order_number}", state=INTENT_CAPTURED, updated_at=timezone.now())

    def intent_retrieve(self, *, reference):
        raise AssertionError("not asked")

    def capture(self, *, reference, amount, currency):
        raise AssertionError("already captured")

    def refund(self, *, reference, amount, currency, idempotency_key):
        return PaymentResult(succeeded=True, reference=f"refund-{idempotency_key}")

    def webhook_parse(self, *, body, headers):
        raise AssertionError("no webhooks")


def pay(order: Order) -> Order:
    with override_settings(ORDERS_PAYMENT_PROVIDER=INSTANT_PROVIDER):
        order_pay(order=order, actor=order.user)
    order.refresh_from_db()
    return order


def paid_order(*, user=None, quantity: int = 2, **order_fields) -> Order:
    """A one-line order of ``user`` (a new shopper by default), paid with the demo provider."""
    return pay(order_with_line(user=user or UserFactory(), quantity=quantity, **order_fields))


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return paid_order().invoice


class CreditNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditNote

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        order = paid_order()
        return credit_note_issue(order_id=order.pk, amount=Decimal("1.00"), reason="Goodwill")
