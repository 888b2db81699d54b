"""Payment providers: the contract a gateway adapter implements, and how the configured one is found.

A real provider does not answer "paid" when asked to charge: the shop opens a payment (an *intent*),
hands the shopper to the provider (a hosted page to redirect to), and learns the outcome later, from the
provider's signed webhook, or by asking (the reconcile job). Then it captures the authorised money, and
later may refund part or all of it. ``orders.services.payment`` is the only caller of an adapter.

To plug in a real gateway, subclass ``PaymentProvider`` and point ``settings.ORDERS_PAYMENT_PROVIDER`` at
it (a dotted path). Its webhooks arrive at ``POST /api/v1/payments/webhooks/<name>/``.

Contract for adapters:

- ``intent_create``: open a payment for an order. Gets the order number, amount, currency and the URL to
  send the shopper back to; returns an ``IntentState`` whose ``reference`` names the payment at the
  provider, with ``redirect_url`` (the hosted page) while the shopper must act, or already ``authorized``
  / ``captured`` for a provider that confirms at once. ``fields_sent`` names what was sent, for the
  disclosure log (values never).
- ``intent_retrieve``: the provider's current state of a payment (the reconcile job's question).
- ``capture``: take ``amount`` of an authorised payment; idempotent at the provider per reference.
- ``refund``: give back ``amount`` of a captured payment; ``idempotency_key`` makes a retry safe; the
  result's ``reference`` names the refund.
- ``webhook_parse``: verify a webhook's signature over the raw body (raise ``core.errors.DomainError``
  subclasses such as ``orders.carriers.signing.InvalidSignature``, 401) and return a ``WebhookEvent``.
- A refusal (declined card, refund window closed) is a result, not an exception: ``succeeded=False`` or
  state ``failed`` with a short ``failure_code``. ``PaymentProviderUnavailable`` is for the network and
  5xx: the shop then changes nothing and tries again later.
- Nothing personal goes to a provider beyond the order number, amount and currency; ``options`` carries
  hints from the client that other providers ignore.
- Calls are made while the order row is locked, so they must be short (seconds) and have timeouts.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

# Provider-side states of a payment, the same words for every adapter.
INTENT_REQUIRES_ACTION = "requires_action"
INTENT_AUTHORIZED = "authorized"
INTENT_CAPTURED = "captured"
INTENT_FAILED = "failed"
INTENT_STATES = frozenset({INTENT_REQUIRES_ACTION, INTENT_AUTHORIZED, INTENT_CAPTURED, INTENT_FAILED})


class PaymentProviderUnavailable(Exception):
    """The provider could not answer now (network, timeout, 5xx); ``code`` says which, nothing personal."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


class PaymentDeletionRefused(Exception):
    """The provider refused a deletion request (``code`` says why); staff follow it up from the admin."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class PaymentResult:
    """What the gateway answered to a capture or refund: success, its reference, why it failed."""

    succeeded: bool
    reference: str = ""
    failure_code: str = ""


@dataclass(frozen=True)
class IntentState:
    """A payment as the provider sees it."""

    reference: str
    state: str
    redirect_url: str = ""
    failure_code: str = ""
    updated_at: datetime | None = None
    fields_sent: tuple[str, ...] = ()


@dataclass(frozen=True)
class WebhookEvent:
    """One verified webhook: its id (for replays), the payment it is about, the state it reports and when
    that state was reached (for events that arrive out of order)."""

    event_id: str
    kind: str
    reference: str
    state: str
    occurred_at: datetime
    failure_code: str = ""


class PaymentProvider(ABC):
    """A payment gateway adapter. ``name`` is stored on each ``Payment`` row (max 40 characters) and names
    its webhook URL; ``recipient`` is how the disclosure log shows it to the shopper."""

    name: str = ""
    recipient: str = ""
    # Where the provider processes data (ISO country code; empty: the shop's storage region). A provider
    # abroad is used only with the buyer's cross-border consent (``orders.payments.disclosure``, E4).
    region: str = ""

    @abstractmethod
    def intent_create(
        self, *, order_number: str, amount: Decimal, currency: str, return_url: str, options: Mapping[str, Any]
    ) -> IntentState:
        """Open a payment for ``amount`` at the gateway."""

    @abstractmethod
    def intent_retrieve(self, *, reference: str) -> IntentState:
        """The gateway's current state of payment ``reference``."""

    @abstractmethod
    def capture(self, *, reference: str, amount: Decimal, currency: str) -> PaymentResult:
        """Take ``amount`` of the authorised payment ``reference``."""

    @abstractmethod
    def refund(self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str) -> PaymentResult:
        """Give back ``amount`` of the captured payment ``reference``; the result names the refund."""

    @abstractmethod
    def webhook_parse(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """Verify and read one webhook request; raises a ``DomainError`` (4xx) when it is not genuine."""

    def request_deletion(self, *, references: list[str], request_key: str) -> str:
        """Ask the gateway to delete what it holds about these orders (an erased buyer, promise C4); returns
        its reference for the request. Raise ``NotImplementedError`` (the default) when the gateway has no
        such API: staff then ask by hand, from the admin's list of deletion requests;
        ``PaymentDeletionRefused`` when it refuses; ``PaymentProviderUnavailable`` to be asked again later."""
        raise NotImplementedError


def payment_provider() -> PaymentProvider:
    """An instance of the provider named by ``settings.ORDERS_PAYMENT_PROVIDER``."""
    return import_string(settings.ORDERS_PAYMENT_PROVIDER)()


def payment_provider_named(name: str) -> PaymentProvider | None:
    """The configured provider when it is called ``name`` (a webhook's URL names its provider)."""
    provider = payment_provider()
    return provider if provider.name == name else None
