"""Settings of the orders app (checkout, payments, lifecycle, logistics) with their defaults (``core.conf``)."""

from typing import Any

from core.conf import AppSetting, AppSettings


class OrdersSettings(AppSettings):
    SHOP_SITE_URL = AppSetting(
        "http://127.0.0.1:8000", "The shop's public address: every link in an email starts with it."
    )
    SHOP_NAME = AppSetting("PrivaShop", "The shop's name, in the subject and body of every email.")
    ORDERS_PAYMENT_PROVIDER = AppSetting(
        "orders.payments.demo.DemoPaymentProvider",
        "The payment provider the pay endpoint uses: a dotted path to a PaymentProvider subclass.",
    )
    ORDERS_UNPAID_CANCEL_AFTER = AppSetting(
        30 * 60, "Seconds after placing that an unpaid order is cancelled (restocked)."
    )
    ORDERS_AUTO_COMPLETE_AFTER = AppSetting(7 * 24 * 60 * 60, "Seconds after delivery that an order completes.")
    ORDERS_LIFECYCLE_BATCH_SIZE = AppSetting(
        200, "Orders one run of a lifecycle task moves before it queues itself again."
    )
    ORDERS_PAYMENT_RECONCILE_AFTER = AppSetting(
        5 * 60, "Seconds a payment may stay pending (no webhook) before the reconcile job asks the provider."
    )
    ORDERS_PAYMENT_RECONCILE_BATCH_SIZE = AppSetting(
        100, "Payments one reconcile run asks the provider about before it queues itself again."
    )
    ORDERS_PAYMENT_WEBHOOK_TOLERANCE = AppSetting(
        5 * 60, "Seconds a signed payment webhook's timestamp may be off from our clock, either way."
    )
    ORDERS_PAYMENT_CONNECT_TIMEOUT = AppSetting(5.0, "Seconds to connect to the payment provider's API.")
    ORDERS_PAYMENT_READ_TIMEOUT = AppSetting(15.0, "Seconds to wait for the payment provider's answer.")
    DEMO_PAYMENTS_API_BASE_URL = AppSetting(
        "http://127.0.0.1:8000/demo-payments/api",
        "Where the demo payment adapter (orders/payments/demo.py) finds the provider's API.",
    )
    DEMO_PAYMENTS_WEBHOOK_SECRET = AppSetting(
        "demo-payments-webhook-secret-change-me-0123456789",
        "The secret the demo provider signs its webhooks with (and the demo adapter checks them with).",
    )
    DEMO_PAYMENTS_API_KEY = AppSetting(
        "", 'The API key sent to the demo provider as "Authorization: Bearer"; empty: none is sent.'
    )
    ORDERS_RETURN_WINDOW_DAYS = AppSetting(14, "Days after delivery during which a shopper may ask to return lines.")
    LOGISTICS_CARRIER_CONNECT_TIMEOUT = AppSetting(5.0, "Seconds to connect to a carrier's API.")
    LOGISTICS_CARRIER_READ_TIMEOUT = AppSetting(15.0, "Seconds to wait for a carrier's answer.")
    LOGISTICS_HANDOFF_MAX_RETRIES = AppSetting(
        6, "Times a handoff the carrier could not take (network error, 5xx, 429) is retried."
    )
    LOGISTICS_HANDOFF_RETRY_BACKOFF = AppSetting(
        30, "Seconds before the first handoff retry, then twice as long each time (0: retry at once)."
    )
    LOGISTICS_HANDOFF_RETRY_BACKOFF_MAX = AppSetting(30 * 60, "Longest wait, in seconds, between two handoff retries.")
    LOGISTICS_HANDOFF_OVERDUE_MINUTES = AppSetting(
        30, "Minutes after which a shipment still waiting for its booking shows as overdue in the admin."
    )
    LOGISTICS_HANDOFF_REQUEUE_AFTER = AppSetting(
        2 * 60,
        "Seconds after which a shipment still requested with no activity has its handoff queued again (its "
        "message was lost); checked every minute, and a handoff queued twice books once (idempotency key).",
    )
    LOGISTICS_PICKUP_OVERDUE_HOURS = AppSetting(
        24, "Hours after its booking a parcel the carrier has reported nothing about shows as overdue."
    )
    LOGISTICS_WEBHOOK_TOLERANCE = AppSetting(
        5 * 60, "Seconds a signed carrier webhook's timestamp may be off from our clock, either way."
    )


orders_settings = OrdersSettings()


def orders_setting(name: str) -> Any:
    """``orders_settings[name]``, kept for the call sites that name the setting as a string."""
    return orders_settings[name]
