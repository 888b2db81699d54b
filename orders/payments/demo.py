"""The built-in demo payment provider: no money moves, every payment succeeds unless told otherwise.

It declines when the client asks for it (``options["simulate"] == "decline"``, from the pay request's
``simulate`` field) or when ``settings.ORDERS_DEMO_PAYMENT_DECLINE`` is true, so tests and demos can
walk the failure path. Real providers ignore ``simulate``.
"""

import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings

from orders.payments import PaymentProvider, PaymentResult

SIMULATE_DECLINE = "decline"


class DemoPaymentProvider(PaymentProvider):
    name = "demo"
    display_name = "Demo payment provider"

    def initiate(
        self, *, order_number: str, amount: Decimal, currency: str, options: Mapping[str, Any]
    ) -> PaymentResult:
        return PaymentResult(succeeded=True, reference=f"demo_pay_{secrets.token_hex(8)}")

    def confirm(self, *, reference: str, amount: Decimal, currency: str, options: Mapping[str, Any]) -> PaymentResult:
        if options.get("simulate") == SIMULATE_DECLINE or settings.ORDERS_DEMO_PAYMENT_DECLINE:
            return PaymentResult(succeeded=False, reference=reference, failure_code="card_declined")
        return PaymentResult(succeeded=True, reference=reference)

    def refund(self, *, reference: str, amount: Decimal, currency: str) -> PaymentResult:
        return PaymentResult(succeeded=True, reference=f"demo_refund_{secrets.token_hex(8)}")

    def request_deletion(self, *, references: list[str], request_key: str) -> str:
        return f"demo_deletion_{request_key}"
