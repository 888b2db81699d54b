"""Redis down degrades, it does not fail: throttles and allauth's rate limits read the cache and fail open,
queuing a task never holds the request up (no result-backend wait, one short publish try), and the handoff
sweep catches a lost task up within minutes. Run against a private Redis that the test stops."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from config.celery import app as celery_app
from config.settings import base as production_like
from orders.models import Carrier, OrderStatus, Shipment, ShipmentStatus
from orders.services.logistics import carrier_save
from orders.tasks.logistics import pending_handoffs_requeue
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.faults.test_redis_down import _queued_handoffs
from tests.invoices.factories import INSTANT_PROVIDER
from tests.orders.factories import AddressFactory, OrderFactory, OrderLineFactory
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

# The Celery options production runs with (config/settings/base.py), applied to the test's app.
CELERY_OPTIONS = {
    "task_ignore_result": "CELERY_TASK_IGNORE_RESULT",
    "task_publish_retry_policy": "CELERY_TASK_PUBLISH_RETRY_POLICY",
    "broker_transport_options": "CELERY_BROKER_TRANSPORT_OPTIONS",
    "broker_connection_timeout": "CELERY_BROKER_CONNECTION_TIMEOUT",
}


@pytest.fixture
def production_redis_config(settings, private_redis):
    """The cache backend and Celery options of the production settings, pointed at the private Redis."""
    saved = {
        key: celery_app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager", *CELERY_OPTIONS)
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {"default": {**production_like.CACHES["default"], "LOCATION": private_redis.url}}
    celery_app.conf.update(
        broker_url=private_redis.url,
        result_backend=private_redis.url,
        task_always_eager=False,
        **{option: getattr(production_like, name) for option, name in CELERY_OPTIONS.items()},
    )
    celery_app._after_fork()
    try:
        yield private_redis
    finally:
        celery_app.conf.update(saved)
        celery_app._after_fork()
        cache.close()


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_with_redis_down_checkout_sign_in_export_and_paying_answer_quickly(
    production_redis_config, accepting_user, django_capture_on_commit_callbacks, settings
):
    # A provider that captures at once: this test is about Redis, not the hosted-page journey.
    settings.ORDERS_PAYMENT_PROVIDER = INSTANT_PROVIDER
    # given a shopper with a cart, an address, an order to pay and a default carrier; then Redis stops
    CartItemFactory(cart=CartFactory(user=accepting_user), variant=ProductVariantFactory(stock=5), quantity=1)
    address = AddressFactory(user=accepting_user, is_default=True)
    order = OrderFactory(user=accepting_user, status=OrderStatus.PENDING_PAYMENT)
    OrderLineFactory(order=order)
    carrier_save(
        carrier=Carrier(name="Loopback", slug="loopback", api_base_url="http://127.0.0.1:9/api", is_default=True),
        webhook_secret="loopback-webhook-secret-0123456789",
    )
    accepting_user.emailaddress_set.create(email=accepting_user.email, verified=True, primary=True)
    api = APIClient()
    api.force_login(accepting_user)
    production_redis_config.stop()

    # when
    checkout, _ = _timed(lambda: api.post("/api/v1/orders/", {"address": address.pk}, format="json"))
    web_checkout, _ = _timed(lambda: api.post("/orders/checkout/", {"address": address.pk}))
    login, _ = _timed(
        lambda: APIClient().post(
            "/_allauth/app/v1/auth/login", {"email": accepting_user.email, "password": DEFAULT_PASSWORD}, format="json"
        )
    )
    web_login, _ = _timed(
        lambda: Client().post("/accounts/login/", {"login": accepting_user.email, "password": DEFAULT_PASSWORD})
    )
    export, _ = _timed(lambda: api.post("/api/v1/privacy/export/", {}, format="json"))
    with django_capture_on_commit_callbacks(execute=True):
        paid, paying_took = _timed(lambda: api.post(f"/api/v1/orders/{order.number}/pay/"))

    # then nothing is a server error, and paying returns at once although the handoff could not be queued
    assert checkout.status_code == 201, checkout.content
    assert web_checkout.status_code < 500
    assert login.status_code == 200, login.content
    assert web_login.status_code == 302
    assert export.status_code < 500
    assert paid.status_code == 200, paid.content
    assert paying_took < 5
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Shipment.objects.get(order=order).status == ShipmentStatus.REQUESTED

    # when Redis is back, the sweep three minutes later (it runs every minute) queues the lost handoff
    production_redis_config.start()
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        requeued = pending_handoffs_requeue()

    # then
    assert requeued == 1
    assert _queued_handoffs(production_redis_config.url) == [order.pk]
    schedule = production_like.CELERY_BEAT_SCHEDULE["orders-requeue-pending-handoffs"]["schedule"]
    assert schedule <= 60
