"""Fixtures of the invoice tests: paid orders (paid through the real payment service) and PDF text."""

import io

import pytest
from pypdf import PdfReader

from orders.models import Order
from orders.services.payment import order_pay
from tests.accounts.factories import UserFactory
from tests.orders.factories import order_with_line
from tests.retention.conftest import purge  # noqa: F401 (the retention tests' fixture, used here too)


def pay(order: Order) -> Order:
    return order_pay(order=order, actor=order.user)


def paid_order(*, user=None, quantity: int = 2, **order_fields) -> Order:
    """A one-line order of ``user`` (a new shopper by default), paid with the demo provider."""
    return pay(order_with_line(user=user or UserFactory(), quantity=quantity, **order_fields))


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF file, for assertions on what a reader sees."""
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def shopper():
    return UserFactory()
