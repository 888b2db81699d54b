"""The adapter to the fake payment provider of ``demo.payments``, over HTTP like a real gateway's.

It talks to ``DEMO_PAYMENTS_API_BASE_URL`` (this server's ``/demo-payments/api`` by default), sends
``DEMO_PAYMENTS_API_KEY`` as a bearer token when set, and verifies webhooks with
``DEMO_PAYMENTS_WEBHOOK_SECRET``. Errors carry codes only, never the provider's answer.
"""

import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import requests
from django.utils.translation import gettext
from rest_framework.exceptions import ParseError

from orders.conf import orders_setting
from orders.payments import (
    INTENT_STATES,
    IntentState,
    PaymentDeletionRefused,
    PaymentProvider,
    PaymentProviderUnavailable,
    PaymentResult,
    WebhookEvent,
)
from orders.payments.signing import payment_webhook_verify

# What an intent request carries: the names the disclosure log records (values never).
FIELDS_SENT = ("order_number", "amount", "currency")


class DemoPaymentProvider(PaymentProvider):
    name = "demo"
    recipient = "Demo Pay (the shop's built-in test payment provider)"

    def _call(self, method: str, path: str, *, json_body: dict | None = None, key: str = "") -> requests.Response:
        headers = {"Accept": "application/json"}
        if api_key := orders_setting("DEMO_PAYMENTS_API_KEY"):
            headers["Authorization"] = f"Bearer {api_key}"
        if key:
            headers["Idempotency-Key"] = key
        timeout = (orders_setting("ORDERS_PAYMENT_CONNECT_TIMEOUT"), orders_setting("ORDERS_PAYMENT_READ_TIMEOUT"))
        url = orders_setting("DEMO_PAYMENTS_API_BASE_URL").rstrip("/") + path
        try:
            response = requests.request(
                method, url, json=json_body, headers=headers, timeout=timeout, allow_redirects=False
            )
        except requests.Timeout:
            raise PaymentProviderUnavailable("provider_timeout") from None
        except requests.RequestException:
            raise PaymentProviderUnavailable("provider_unreachable") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise PaymentProviderUnavailable(f"provider_http_{response.status_code}")
        return response

    @staticmethod
    def _state(response: requests.Response) -> IntentState:
        if not 200 <= response.status_code < 300:
            raise PaymentProviderUnavailable(f"provider_http_{response.status_code}")
        try:
            body = response.json()
            state = body["state"]
            updated_at = datetime.fromisoformat(body["updated_at"])
        except (ValueError, KeyError, TypeError):
            raise PaymentProviderUnavailable("provider_bad_response") from None
        if state not in INTENT_STATES:
            raise PaymentProviderUnavailable("provider_bad_response")
        return IntentState(
            reference=str(body["id"]),
            state=state,
            redirect_url=str(body.get("redirect_url", "")),
            failure_code=str(body.get("failure_code", ""))[:60],
            updated_at=updated_at,
            fields_sent=FIELDS_SENT,
        )

    def intent_create(
        self, *, order_number: str, amount: Decimal, currency: str, return_url: str, options: Mapping[str, Any]
    ) -> IntentState:
        body = {"order_number": order_number, "amount": str(amount), "currency": currency, "return_url": return_url}
        return self._state(self._call("POST", "/intents/", json_body=body))

    def intent_retrieve(self, *, reference: str) -> IntentState:
        return self._state(self._call("GET", f"/intents/{reference}/"))

    def capture(self, *, reference: str, amount: Decimal, currency: str) -> PaymentResult:
        response = self._call("POST", f"/intents/{reference}/capture/", json_body={"amount": str(amount)})
        if 200 <= response.status_code < 300:
            return PaymentResult(succeeded=True, reference=reference)
        return PaymentResult(succeeded=False, reference=reference, failure_code=_code(response))

    def refund(self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str) -> PaymentResult:
        response = self._call(
            "POST", f"/intents/{reference}/refunds/", json_body={"amount": str(amount)}, key=idempotency_key
        )
        if 200 <= response.status_code < 300:
            try:
                return PaymentResult(succeeded=True, reference=str(response.json()["id"])[:100])
            except (ValueError, KeyError, TypeError):
                raise PaymentProviderUnavailable("provider_bad_response") from None
        return PaymentResult(succeeded=False, failure_code=_code(response))

    def request_deletion(self, *, references: list[str], request_key: str) -> str:
        response = self._call(
            "POST", "/deletion-requests/", json_body={"order_numbers": list(references)}, key=request_key
        )
        if not 200 <= response.status_code < 300:
            raise PaymentDeletionRefused(_code(response))
        try:
            return str(response.json()["id"])[:100]
        except (ValueError, KeyError, TypeError):
            raise PaymentProviderUnavailable("provider_bad_response") from None

    def webhook_parse(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        payment_webhook_verify(secret=orders_setting("DEMO_PAYMENTS_WEBHOOK_SECRET"), headers=headers, body=body)
        try:
            event = json.loads(body)
            data = event["data"]
            state = data["state"]
            parsed = WebhookEvent(
                event_id=str(event["id"])[:100],
                kind=str(event["type"])[:40],
                reference=str(data["id"])[:100],
                state=state,
                occurred_at=datetime.fromisoformat(event["created"]),
                failure_code=str(data.get("failure_code", ""))[:60],
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise ParseError(gettext("The webhook body is not a payment event.")) from None
        if state not in INTENT_STATES:
            raise ParseError(gettext("The webhook reports an unknown payment state."))
        return parsed


def _code(response: requests.Response) -> str:
    try:
        return str(response.json().get("code", ""))[:60] or f"provider_http_{response.status_code}"
    except (ValueError, AttributeError):
        return f"provider_http_{response.status_code}"
