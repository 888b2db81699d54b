"""Driving the fake payment provider (``demo.payments``) over HTTP, as a shopper's browser and the
provider would: open the payment, submit the hosted page, deliver webhooks.

``demo_payments`` serves it from the live test server (transactional tests: its webhooks reach the shop,
which must see the test's rows). ``demo_payments_api`` serves the same application on a loopback port
for ordinary tests that only call the provider's API (capture, refund): the fake's views touch no
database, so the test's transaction need not be committed.
"""

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
import requests
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application

from demo.payments.store import intent_move, intent_new
from orders.models import Order, Payment, PaymentStatus
from orders.services.payment import order_pay


@dataclass
class DemoPayments:
    """The live server's fake provider, with the shopper's side of its hosted page."""

    shop_url: str

    def open(self, order: Order) -> Payment:
        return order_pay(order=order)

    def confirm(self, payment: Payment, *, outcome: str = "pay", webhook: str = "now") -> requests.Response:
        """Submit the hosted page as the shopper; answers the redirect back to the shop (not followed)."""
        return requests.post(
            payment.redirect_url, data={"outcome": outcome, "webhook": webhook}, allow_redirects=False, timeout=10
        )

    def pay(self, order: Order, **options) -> Payment:
        payment = self.open(order)
        self.confirm(payment, **options)
        payment.refresh_from_db()
        return payment


def captured_intent(*, order_number: str, amount: Decimal, currency: str = "CNY") -> str:
    """Register a captured payment at the fake provider (as if paid earlier) and return its reference."""
    intent = intent_new(order_number=order_number, amount=amount, currency=currency, return_url="http://shop/")
    intent["amount_captured"] = str(amount)
    intent_move(intent, state="captured")
    return intent["id"]


def captured_payment(order: Order) -> Payment:
    """A succeeded payment of ``order``'s total that the fake provider knows, ready to be refunded."""
    reference = captured_intent(order_number=order.number, amount=order.total, currency=order.currency)
    return Payment.objects.create(
        order=order,
        provider="demo",
        reference=reference,
        amount=order.total,
        currency=order.currency,
        status=PaymentStatus.SUCCEEDED,
    )


@pytest.fixture
def demo_payments(live_server, settings) -> DemoPayments:
    """The fake provider served by the live test server, and the shop's links pointing at it."""
    settings.DEMO_PAYMENTS_API_BASE_URL = f"{live_server.url}/demo-payments/api"
    settings.SHOP_SITE_URL = live_server.url
    return DemoPayments(shop_url=live_server.url)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # the test output stays quiet
        pass


@pytest.fixture
def demo_payments_api(settings) -> Iterator[DemoPayments]:
    """The fake provider's API on a loopback port, for tests that need no webhook."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.DEMO_PAYMENTS_API_BASE_URL = f"{url}/demo-payments/api"
    settings.SHOP_SITE_URL = url
    try:
        yield DemoPayments(shop_url=url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
