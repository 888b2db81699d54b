"""Production hardening: the Content Security Policy, request ids, JSON logs without personal data, the admin
path, gunicorn's configuration and the access log."""

import json
import logging
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from core.access_log import redact_path
from core.json_logging import JsonFormatter
from core.request_id import RequestIdFilter
from privacy.log_redaction import PersonalDataRedactionFilter
from tests.accounts.factories import StaffFactory
from tests.core.test_deploy_settings import _production_env

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


def test_site_pages_carry_a_policy_that_allows_only_the_sites_own_scripts_and_styles(client):
    # when
    response = client.get("/")

    # then
    csp = _directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_admin_may_use_inline_styles_but_never_inline_scripts(client):
    # The admin's theme (unfold) compiles its Alpine.js attributes: 'unsafe-eval', never 'unsafe-inline'.
    # given
    client.force_login(StaffFactory())

    # when
    response = client.get(reverse("admin:accounts_user_changelist"))

    # then
    assert response.status_code == 200
    csp = _directives(response)
    assert "'unsafe-inline'" in csp["style-src"]
    assert csp["script-src"] == ["'self'", "'unsafe-eval'"]


def test_site_templates_have_no_inline_script_or_style():
    # given: the policy above forbids them outside the admin
    # Data blocks (application/json, the product page's application/ld+json) are never executed, so the
    # policy does not apply to them; any other inline <script> is refused.
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json\b)[^>]*>", re.IGNORECASE)
    inline_style = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)
    offenders = []

    # when
    for template in (ROOT / "templates").rglob("*.html"):
        if "admin" in template.relative_to(ROOT / "templates").parts:
            continue
        text = template.read_text()
        if inline_script.search(text) or inline_style.search(text):
            offenders.append(str(template.relative_to(ROOT)))

    # then
    assert offenders == []


def test_every_response_carries_a_request_id_and_keeps_a_well_formed_one_from_the_proxy(client):
    # when
    fresh = client.get("/healthz")
    forwarded = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-0123456789")
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline <script>")

    # then
    assert re.fullmatch(r"[0-9a-f]{32}", fresh["X-Request-ID"])
    assert forwarded["X-Request-ID"] == "proxy-id-0123456789"
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


@pytest.mark.promise("F5")
def test_json_log_lines_carry_the_request_id_and_no_email_or_phone():
    # given: the handler's filters, in the order of settings.LOGGING, and the JSON formatter
    record = logging.LogRecord(
        "shop", logging.WARNING, __file__, 1, "order for %s (%s) failed", ("buyer@example.com", "13812345678"), None
    )

    # when
    for log_filter in (RequestIdFilter(), PersonalDataRedactionFilter()):
        assert log_filter.filter(record)
    line = JsonFormatter().format(record)

    # then
    entry = json.loads(line)
    assert entry["message"] == "order for [email] ([phone]) failed"
    assert entry["request_id"] == "-"
    assert entry["level"] == "WARNING"
    assert "example.com" not in line
    assert "13812345678" not in line


def test_production_logs_json_through_the_redaction_filter_serves_static_files_and_moves_the_admin():
    # given
    script = (
        "import json; from django.conf import settings; from django.urls import reverse; "
        "print(json.dumps({'admin': reverse('admin:index'), 'logging': settings.LOGGING['handlers'], "
        "'static': settings.STORAGES['staticfiles']['BACKEND'], 'middleware': settings.MIDDLEWARE, "
        "'csrf_httponly': settings.CSRF_COOKIE_HTTPONLY, 'session_httponly': settings.SESSION_COOKIE_HTTPONLY}))"
    )
    env = _production_env(DJANGO_ADMIN_URL="backoffice-7f3e/")

    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    # then
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["admin"] == "/backoffice-7f3e/"
    for handler in found["logging"].values():
        assert "redact_personal_data" in handler["filters"]
        assert handler["formatter"] == "json"
    assert found["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in found["middleware"]
    assert found["csrf_httponly"] and found["session_httponly"]


def test_gunicorn_reads_its_workers_from_the_environment_and_logs_no_personal_data(monkeypatch):
    # given
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")

    # when
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    # then
    assert config["workers"] == 3
    assert config["timeout"] == 45
    access_format = config["access_log_format"]
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%(q)s", "%(r)s", "%(u)s"):
        assert atom not in access_format  # address, user agent, referrer, query string, request line, user
    assert "%({x-request-id}o)s" in access_format
    assert config["logger_class"] == "core.access_log.AccessLogger"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/accounts/password/reset/key/4-c7h8-0a1b2c3d/", "/accounts/password/reset/key/[redacted]"),
        ("/accounts/confirm-email/MQ:1vabc:xyz/", "/accounts/confirm-email/[redacted]"),
        ("/privacy/guardian/confirm/s3cr3t-token/", "/privacy/guardian/confirm/[redacted]"),
        ("/products/green-tea/", "/products/green-tea/"),
        ("/accounts/confirm-email/", "/accounts/confirm-email/"),
    ],
)
def test_the_access_log_cuts_secrets_out_of_paths(path, logged):
    assert redact_path(path) == logged
