"""Redis down: the shop keeps serving pages and the API, a payment still goes through, ``/healthz`` says 503;
once Redis is back the handoff queued during the outage is published again by the periodic sweep."""

import base64
import json
from datetime import timedelta

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from orders.models import Carrier, OrderStatus, Shipment, ShipmentStatus
from orders.services.logistics import carrier_save
from orders.tasks.logistics import pending_handoffs_requeue
from tests.invoices.factories import INSTANT_PROVIDER
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shop.factories import ProductFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def app_on_private_redis(settings, private_redis):
    """Point the cache (rate limits), the broker and the health check at the private Redis, as production
    points them at its one ``REDIS_URL``, and publish tasks for real instead of running them eagerly."""
    # Saved before the settings change: Celery reads its configuration from them.
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "broker_connection_timeout")}
    settings.REDIS_URL = private_redis.url
    settings.CELERY_BROKER_URL = private_redis.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {"default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": private_redis.url}}
    celery_app.conf.update(broker_url=private_redis.url, task_always_eager=False, broker_connection_timeout=1)
    # Connection and producer pools were built for the suite's broker: drop them, as a forked worker does.
    celery_app._after_fork()
    try:
        yield private_redis
    finally:
        celery_app.conf.update(saved)
        celery_app._after_fork()
        cache.close()


def _queued_handoffs(url: str) -> list[int]:
    """Order ids of the handoff messages waiting in the private Redis' default queue."""
    client = redis.Redis.from_url(url)
    try:
        messages = [json.loads(raw) for raw in client.lrange("celery", 0, -1)]
    finally:
        client.close()
    return [
        json.loads(base64.b64decode(message["body"]))[0][0]
        for message in messages
        if message["headers"]["task"] == "orders.order_handoff"
    ]


def test_with_redis_down_the_shop_serves_pays_and_the_handoff_is_queued_again_when_it_returns(
    app_on_private_redis, client, accepting_user, django_capture_on_commit_callbacks, settings
):
    # A provider that captures at once: this test is about Redis, not the hosted-page journey.
    settings.ORDERS_PAYMENT_PROVIDER = INSTANT_PROVIDER
    # given a product, an order waiting for payment, a default carrier, and Redis gone
    product = ProductFactory()
    order = OrderFactory(user=accepting_user, status=OrderStatus.PENDING_PAYMENT)
    OrderLineFactory(order=order)
    carrier_save(
        carrier=Carrier(name="Loopback", slug="loopback", api_base_url="http://127.0.0.1:9/api", is_default=True),
        webhook_secret="loopback-webhook-secret-0123456789",
    )
    client.force_login(accepting_user)
    app_on_private_redis.stop()

    # when the shop is browsed and the order paid
    pages = [client.get(path) for path in ("/", reverse("product-detail", args=[product.slug]), "/api/v1/products/")]
    health = client.get("/healthz")
    with django_capture_on_commit_callbacks(execute=True):
        paid = client.post(reverse("orders:order-pay", args=[order.number]))

    # then pages and the API answer, the health check reports the broker down, and the payment stands
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert health.status_code == 503
    assert health.json()["broker"] == "down"
    assert paid.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Shipment.objects.get(order=order).status == ShipmentStatus.REQUESTED

    # when Redis is back: the sweep before the handoff is overdue queues nothing, the one after queues it
    app_on_private_redis.start()
    assert client.get("/healthz").status_code == 200
    assert pending_handoffs_requeue() == 0
    assert _queued_handoffs(app_on_private_redis.url) == []
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        requeued = pending_handoffs_requeue()
        # a second sweep right after finds the shipment touched and does not queue it twice
        again = pending_handoffs_requeue()

    # then the handoff task is in the broker, once
    assert (requeued, again) == (1, 0)
    assert _queued_handoffs(app_on_private_redis.url) == [order.pk]
