"""PostgreSQL unreachable: the API answers 503 ``service_unavailable`` with ``Retry-After`` in the error shape,
pages a plain 503 page, never a 500; a handoff task that hits the database error retries instead of dying.

The shop runs in a child process whose ``DATABASE_URL`` names a free port (a private address nobody serves), so
the shared PostgreSQL is never touched."""

import json
import os
import subprocess
import sys

from django.conf import settings

from tests.faults.conftest import free_port

PROBE = r"""
import json
import django
django.setup()
from django.test import Client

import orders.tasks.logistics as handoff_tasks

attempts = []
booking = handoff_tasks.shipment_book


def counted_booking(**kwargs):
    attempts.append(1)
    return booking(**kwargs)


handoff_tasks.shipment_book = counted_booking
# As a worker does: a retry is run again, not raised to the caller.
handoff_tasks.order_handoff.app.conf.task_eager_propagates = False
client = Client(raise_request_exception=False)
answers = {}
for path in ("/api/v1/products/", "/api/v1/privacy/policy/", "/", "/products/tea/", "/accounts/login/"):
    response = client.get(path)
    answers[path] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "type": response["Content-Type"],
        "body": response.content.decode()[:2000],
    }
from celery.exceptions import Retry
from django.db import OperationalError
try:
    state = handoff_tasks.order_handoff.apply(args=(1,)).state
except (OperationalError, Retry):  # eager tasks propagate the last try's outcome once the retries are spent
    state = "FAILURE"
print(json.dumps({"answers": answers, "task_state": state, "attempts": len(attempts)}))
"""


def _run_probe() -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/privashop",
        "DJANGO_CONN_MAX_AGE": "0",
        "REDIS_URL": "",
        "LOGISTICS_HANDOFF_RETRY_BACKOFF": "0",
        "LOGISTICS_HANDOFF_MAX_RETRIES": "2",
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    completed = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_with_postgresql_unreachable_the_api_and_pages_answer_503_with_retry_after_and_tasks_retry():
    # when the shop is asked for API answers and pages while its database does not answer
    probe = _run_probe()

    # then the API answers 503 service_unavailable in the error shape, with Retry-After
    for path in ("/api/v1/products/", "/api/v1/privacy/policy/"):
        answer = probe["answers"][path]
        assert answer["status"] == 503, (path, answer)
        assert int(answer["retry_after"]) > 0
        body = json.loads(answer["body"])
        assert (body["code"], body["fields"]) == ("service_unavailable", {})
    # and pages answer a plain 503 page
    for path in ("/", "/products/tea/", "/accounts/login/"):
        answer = probe["answers"][path]
        assert answer["status"] == 503, (path, answer["status"])
        assert answer["type"].startswith("text/html")
        assert int(answer["retry_after"]) > 0
        assert "Briefly unavailable" in answer["body"]
    # and the handoff task ran again on the database error (two retries, as configured) before giving up
    assert probe["attempts"] == 3
    assert probe["task_state"] == "FAILURE"
