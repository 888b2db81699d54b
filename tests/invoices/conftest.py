"""Fixtures of the invoice tests: paid orders (paid through the real payment service) and PDF text."""

import io

import pytest
from pypdf import PdfReader

from tests.accounts.factories import UserFactory
from tests.invoices.factories import INSTANT_PROVIDER, paid_order, pay  # noqa: F401 (the tests import them from here)
from tests.retention.conftest import purge  # noqa: F401 (the retention tests' fixture, used here too)


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF file, for assertions on what a reader sees."""
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture(autouse=True)
def _instant_payments(settings):
    """Orders paid through the API in these tests are paid at once by the instant fake provider."""
    settings.ORDERS_PAYMENT_PROVIDER = INSTANT_PROVIDER


@pytest.fixture
def shopper():
    return UserFactory()
