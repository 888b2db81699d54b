"""Payment providers: the interface a gateway adapter implements, and how the configured one is found.

To plug in a real gateway, write a subclass of ``PaymentProvider`` (``initiate``, ``confirm``,
``refund``) and point ``settings.ORDERS_PAYMENT_PROVIDER`` at it (a dotted path). The services in
``orders/services/payment.py`` are the only callers; they record every attempt as a ``Payment`` row
(amount, provider name, provider reference, status) and move the order through its state machine.

Contract for adapters:

- Methods return a ``PaymentResult``; a refusal by the gateway (card declined, insufficient funds) is a
  result with ``succeeded=False`` and a short ``failure_code``, not an exception. Exceptions are for
  the unexpected (network down) and leave the order as it was.
- Nothing personal goes to the gateway beyond the order number and the amount; ``options`` carries
  provider-specific hints from the client (the demo provider's ``simulate``) that others ignore.
- Calls are made while the order row is locked, so they must be short (seconds) and have timeouts.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PaymentResult:
    """What the gateway answered: success, its reference for the payment or refund, why it failed."""

    succeeded: bool
    reference: str = ""
    failure_code: str = ""


class PaymentProvider(ABC):
    """A payment gateway adapter. ``name`` is stored on each ``Payment`` row (max 40 characters)."""

    name: str = ""
    # How the buyer's disclosure log names the provider, and where it processes data (ISO country code;
    # empty: the shop's storage region). See ``orders.payments.disclosure``.
    display_name: str = ""
    region: str = ""

    @abstractmethod
    def initiate(
        self, *, order_number: str, amount: Decimal, currency: str, options: Mapping[str, Any]
    ) -> PaymentResult:
        """Open a payment for ``amount`` at the gateway; the result's ``reference`` names it."""

    @abstractmethod
    def confirm(self, *, reference: str, amount: Decimal, currency: str, options: Mapping[str, Any]) -> PaymentResult:
        """Capture the payment opened by ``initiate``: succeeded means the money is taken."""

    @abstractmethod
    def refund(self, *, reference: str, amount: Decimal, currency: str) -> PaymentResult:
        """Give back ``amount`` of the captured payment ``reference``; the result's ``reference`` names
        the refund."""

    def request_deletion(self, *, references: list[str], request_key: str) -> str:
        """Ask the gateway to delete what it holds about these orders (an erased buyer, promise C4); returns
        its reference for the request. Raise ``NotImplementedError`` (the default) when the gateway has no
        such API: staff then ask by hand, from the admin's list of deletion requests."""
        raise NotImplementedError


def payment_provider() -> PaymentProvider:
    """An instance of the provider named by ``settings.ORDERS_PAYMENT_PROVIDER``."""
    return import_string(settings.ORDERS_PAYMENT_PROVIDER)()
