"""Fixtures of the cancellation tests: a fake carrier that takes deletion requests over real HTTP on loopback,
re-authenticated clients, users with orders, and failing registry hooks.

``fake_carrier`` is a small threaded ``http.server`` speaking the deletion-request protocol of
``orders.privacy_hooks`` (``POST /api/deletion-requests/``); it records every request and answers
``{"status": "deleted"}`` unless a test scripts another answer with ``answer_next``.
"""

import itertools
import json
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler

import pytest
from rest_framework.test import APIClient

from orders.models import Carrier, Order, OrderLine, OrderStatus
from orders.services.logistics import carrier_save
from privacy import erasure_hooks as hooks
from privacy.services.disclosure import disclosure_record
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.loopback import RecordedRequest, loopback_server

APP = "/_allauth/app/v1"
CANCELLATION = "/api/v1/privacy/cancellation/"
RECIPIENT = {
    "recipient_name": "Ada Quintessa",
    "phone": "13987654321",
    "region": "Zhejiang",
    "city": "Hangzhou",
    "district": "Xihu",
    "street": "77 Quiet Willow Lane, Flat 9",
    "postcode": "310000",
}


@dataclass
class FakeCarrier:
    url: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    # Scripted answers, used first: (status, body).
    script: list = field(default_factory=list)

    def answer_next(self, status: int, body: dict | None = None, times: int = 1) -> None:
        self.script.extend([(status, body or {"code": "scripted"})] * times)


def _handler_for(fake: FakeCarrier) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            fake.requests.append(RecordedRequest(self.path, dict(self.headers.items()), raw))
            if fake.script:
                status, body = fake.script.pop(0)
            elif self.path != "/api/deletion-requests/" or not self.headers.get("Idempotency-Key"):
                status, body = 400, {"code": "bad_request"}
            else:
                status, body = 200, {"status": "deleted", "request_id": f"FAKE-DEL-{len(fake.requests)}"}
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture
def fake_carrier():
    fake = FakeCarrier()
    with loopback_server(_handler_for(fake)) as base_url:
        fake.url = f"{base_url}/api"
        yield fake


@pytest.fixture
def carrier(fake_carrier) -> Carrier:
    return carrier_save(
        carrier=Carrier(name="Quick Parcel", slug="quick", api_base_url=fake_carrier.url, is_default=True),
        webhook_secret="fake-carrier-webhook-secret-0123456789",
    )


_numbers = itertools.count(1)


def make_order(user, *, status: str = OrderStatus.DELIVERED, **fields) -> Order:
    """An order of ``user`` with one line, delivered unless told otherwise, to ``RECIPIENT``."""
    values = {
        "number": f"PS-C1-{next(_numbers):06d}",
        "user": user,
        "status": status,
        "currency": "CNY",
        "subtotal": Decimal("39.80"),
        "total": Decimal("39.80"),
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
    return order


def shipped_to(carrier: Carrier, order: Order) -> None:
    """Record that ``order``'s delivery data went to ``carrier``, as the logistics handoff does."""
    disclosure_record(
        user_id=order.user_id,
        recipient=carrier.name,
        recipient_ref=f"carrier:{carrier.slug}",
        purpose=f"Delivery of order {order.number}",
        fields=["recipient_name", "phone", "street"],
        reference=order.number,
    )


def reauthenticated_client(user) -> APIClient:
    """A website-session API client that just confirmed its password on the website."""
    client = APIClient()
    client.force_login(user)
    response = client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD}, format="multipart")
    assert response.status_code == 302, response.content
    return client


def app_token(user) -> str:
    user.emailaddress_set.get_or_create(email=user.email, defaults={"verified": True, "primary": True})
    response = APIClient().post(f"{APP}/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.json()
    return response.json()["meta"]["session_token"]


@pytest.fixture
def shopper():
    return UserFactory()


@pytest.fixture
def erasure_handler(monkeypatch):
    """Register an erasure handler for the test only: ``erasure_handler(callable)``."""

    def register(handler, name: str = "test-handler") -> None:
        monkeypatch.setitem(hooks.site.erasure_handlers, name, handler)

    return register


@pytest.fixture
def journal(settings, tmp_path):
    settings.PRIVACY_ERASURE_JOURNAL = str(tmp_path / "erasure-journal.jsonl")
    return tmp_path / "erasure-journal.jsonl"


@pytest.fixture
def eager_retries(monkeypatch):
    """Eager tasks that retry the way a worker does. The suite propagates eager errors
    (``CELERY_TASK_EAGER_PROPAGATES``), which turns a task's first retry into an exception in the caller;
    a worker never raises into its caller, so retries are tested with propagation off."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
