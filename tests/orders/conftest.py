"""Fixtures of the logistics tests: a fake carrier API over real HTTP on loopback, carriers, paid orders.

``fake_carrier`` is a tiny threaded ``http.server`` that speaks the carrier protocol of ``orders.carriers``
(it books by ``Idempotency-Key``, so the same key gets the same tracking number) and records every request.
Tests script failures with ``fail_next``. It is written here rather than taken from pytest-httpserver
because thirty lines of the standard library do all the tests need.
"""

import itertools
import json
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler

import pytest

from orders.models import Carrier, Order, OrderLine, OrderStatus
from orders.services.logistics import carrier_save
from tests.accounts.factories import UserFactory
from tests.loopback import RecordedRequest, loopback_server
from tests.orders.demo_payments import demo_payments, demo_payments_api  # noqa: F401  (fixtures of the order tests)

CARRIER_SECRET = "fake-carrier-webhook-secret-0123456789"
RECIPIENT = {
    "recipient_name": "王小明",
    "phone": "13812345678",
    "region": "浙江省",
    "city": "杭州市",
    "district": "西湖区",
    "street": "文三路 100 号 3 单元 501",
    "postcode": "310000",
}


@dataclass
class FakeCarrier:
    """What the fake carrier saw and booked, and what it will answer next."""

    url: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    bookings: dict[str, str] = field(default_factory=dict)
    # Scripted answers, used first: an HTTP status, "drop" (close without answering), or
    # "book_then_fail" (book, then answer 503: the answer got lost on the way back).
    script: list = field(default_factory=list)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, times: int, answer=503) -> None:
        self.script.extend([answer] * times)

    def book(self, key: str) -> str:
        with self._lock:
            if key not in self.bookings:
                self.bookings[key] = f"FK{next(self._numbers):08d}"
            return self.bookings[key]


def _handler_for(fake: FakeCarrier) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # the test output stays quiet
            pass

        def _answer(self, status: int, body: dict) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            fake.requests.append(RecordedRequest(self.path, dict(self.headers.items()), raw))
            key = self.headers.get("Idempotency-Key", "")
            answer = fake.script.pop(0) if fake.script else None
            if answer == "drop":
                self.close_connection = True
                self.connection.close()
                return
            if answer == "book_then_fail":
                fake.book(key)
                self._answer(503, {"code": "unavailable"})
                return
            if answer is not None:
                self._answer(answer, {"code": "scripted"})
                return
            if self.path != "/api/shipments/" or not key:
                self._answer(400, {"code": "bad_request"})
                return
            self._answer(201, {"tracking_number": fake.book(key)})

    return Handler


@pytest.fixture
def fake_carrier():
    fake = FakeCarrier()
    with loopback_server(_handler_for(fake)) as base_url:
        fake.url = f"{base_url}/api"
        yield fake


@pytest.fixture
def eager_retries(monkeypatch):
    """Eager tasks that retry the way a worker does. The suite propagates eager errors
    (``CELERY_TASK_EAGER_PROPAGATES``), which turns a task's first retry into an exception in the caller;
    a worker never raises into its caller, so the handoff's retry path is tested with propagation off."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


@pytest.fixture
def make_carrier(fake_carrier):
    """Build a carrier (default: the fake one, active, default, no privacy waybill, in-country)."""
    counter = itertools.count(1)

    def make(**overrides) -> Carrier:
        number = next(counter)
        values = {
            "name": f"Carrier {number}",
            "slug": f"carrier-{number}",
            "api_base_url": fake_carrier.url,
            "privacy_waybill": False,
            "is_abroad": False,
            "is_active": True,
            "is_default": number == 1,
        }
        secret = overrides.pop("webhook_secret", CARRIER_SECRET)
        values.update(overrides)
        return carrier_save(carrier=Carrier(**values), webhook_secret=secret)

    return make


@pytest.fixture
def carrier(make_carrier) -> Carrier:
    return make_carrier()


@pytest.fixture
def make_order():
    """Build an order with two lines, paid unless told otherwise, for a new user unless given one."""
    counter = itertools.count(1)

    def make(*, user=None, status: str = OrderStatus.PAID, **fields) -> Order:
        number = next(counter)
        values = {
            "number": f"PS-TEST-{number:06d}",
            "user": user if user is not None else UserFactory(),
            "status": status,
            "currency": "CNY",
            "subtotal": Decimal("59.70"),
            "total": Decimal("59.70"),
            **RECIPIENT,
        }
        values.update(fields)
        order = Order.objects.create(**values)
        OrderLine.objects.create(
            order=order,
            product_title="Linen shirt",
            sku="SKU-LINEN-M",
            unit_price=Decimal("19.90"),
            quantity=2,
            line_total=Decimal("39.80"),
        )
        OrderLine.objects.create(
            order=order,
            product_title="Cotton socks",
            sku="SKU-SOCKS-42",
            unit_price=Decimal("19.90"),
            quantity=1,
            line_total=Decimal("19.90"),
        )
        return order

    return make
