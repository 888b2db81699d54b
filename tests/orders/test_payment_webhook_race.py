"""The same payment webhook delivered twice at the same instant, on real PostgreSQL: it is applied once."""

import json
import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from orders.conf import orders_setting
from orders.models import OrderEvent, OrderStatus, PaymentStatus, PaymentWebhookEvent
from orders.payments.signing import payment_webhook_headers
from tests.orders.factories import PaymentFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DELIVERIES = 6


def test_concurrent_deliveries_of_one_event_apply_it_once():
    # given: a pending payment, and its provider's "failed" event signed once
    payment = PaymentFactory(status=PaymentStatus.PENDING, order__status=OrderStatus.PENDING_PAYMENT)
    body = json.dumps(
        {
            "id": "evt-race",
            "type": "payment.failed",
            "data": {"id": payment.reference, "state": "failed", "failure_code": "card_declined"},
            "created": timezone.now().isoformat(),
        }
    ).encode()
    headers = payment_webhook_headers(secret=orders_setting("DEMO_PAYMENTS_WEBHOOK_SECRET"), body=body)
    barrier = threading.Barrier(DELIVERIES)
    answers: list[dict | None] = [None] * DELIVERIES

    def deliver(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            response = APIClient().post(
                "/api/v1/payments/webhooks/demo/", data=body, content_type="application/json", headers=headers
            )
            answers[index] = response.json()
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=deliver, args=(index,)) for index in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then
    assert sorted(answer["duplicate"] for answer in answers) == [False] + [True] * (DELIVERIES - 1)
    assert PaymentWebhookEvent.objects.count() == 1
    assert OrderEvent.objects.filter(order=payment.order, kind="payment_failed").count() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
