"""Defaults of the orders app's settings added after ``config/settings`` was split: read them through
``orders_setting(NAME)`` so a project overrides any of them in its settings module.
"""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The shop's public address: every link in an email is absolute and starts with it.
    "SHOP_SITE_URL": "http://127.0.0.1:8000",
    # The shop's name, in the subject and body of every email.
    "SHOP_NAME": "PrivaShop",
    # Seconds a payment may stay pending (no webhook) before the reconcile job asks the provider.
    "ORDERS_PAYMENT_RECONCILE_AFTER": 5 * 60,
    # Payments one reconcile run asks the provider about before it queues itself again.
    "ORDERS_PAYMENT_RECONCILE_BATCH_SIZE": 100,
    # Seconds a signed payment webhook's timestamp may be off from our clock, either way.
    "ORDERS_PAYMENT_WEBHOOK_TOLERANCE": 5 * 60,
    # Seconds to connect to the payment provider's API, and to wait for its answer.
    "ORDERS_PAYMENT_CONNECT_TIMEOUT": 5.0,
    "ORDERS_PAYMENT_READ_TIMEOUT": 15.0,
    # The fake payment provider served by this server under /demo-payments/ (demo/payments/).
    "DEMO_PAYMENTS_ENABLED": False,
    "DEMO_PAYMENTS_API_BASE_URL": "http://127.0.0.1:8000/demo-payments/api",
    # The secret the fake provider signs its webhooks with (and the demo adapter checks them with).
    "DEMO_PAYMENTS_WEBHOOK_SECRET": "demo-payments-webhook-secret-change-me-0123456789",
    # The API key the shop sends to the fake provider as "Authorization: Bearer"; empty: any caller.
    "DEMO_PAYMENTS_API_KEY": "",
    # Days after delivery during which a shopper may ask to return lines.
    "ORDERS_RETURN_WINDOW_DAYS": 14,
}


def orders_setting(name: str) -> Any:
    """``settings.<name>`` when the project sets it, else the default above."""
    return getattr(settings, name, DEFAULTS[name])
