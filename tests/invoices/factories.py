"""Factories of the invoices app. Documents are only ever issued by the services, so these go through them:
an invoice is a paid order's, a credit note credits 1.00 of one."""

from decimal import Decimal

import factory

from orders.invoices.models import CreditNote, Invoice
from orders.invoices.services.credit_notes import credit_note_issue
from orders.models import Order
from orders.services.payment import order_pay
from tests.accounts.factories import UserFactory
from tests.orders.factories import order_with_line


def pay(order: Order) -> Order:
    return order_pay(order=order, actor=order.user)


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
