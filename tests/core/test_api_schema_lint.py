"""The API world's linters accept the schema: Spectral (``spectral:oas``) and Redocly CLI (``recommended``).

Both are npm packages, pinned here and installed into ``var/npm/`` by ``make npm`` (which ``make test`` runs).
Each lints the schema exactly as ``/api/schema/`` serves it, with the repository's ``.spectral.yaml`` and
``redocly.yaml``: the stock rulesets with only the trailing-slash rule turned off (Django's URLs end with one).
Any finding, error, warning or hint, fails. Without the packages the test is skipped with the reason, except in
CI (``PRIVASHOP_REQUIRE_SERVICES=1``), where it fails.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

SPECTRAL_CLI_VERSION = "6.16.3"
REDOCLY_CLI_VERSION = "2.77.0"
NPM_DIR = Path(settings.BASE_DIR) / "var" / "npm"
LINT_TIMEOUT_SECONDS = 180

pytestmark = pytest.mark.django_db


def _cli(package: str, version: str, command: str) -> Path:
    """The pinned CLI from ``var/npm/``, or skip (locally) / fail (CI) when it or node is missing."""
    installed = NPM_DIR / "node_modules" / package / "package.json"
    found = json.loads(installed.read_text())["version"] if installed.is_file() else None
    binary = NPM_DIR / "node_modules" / ".bin" / command
    reason = None
    if shutil.which("node") is None:
        reason = "node is not installed"
    elif found != version or not binary.exists():
        reason = f"{package} {version} is not installed in {NPM_DIR} (found {found}): run `make npm` (needs npm)"
    if reason:
        if settings.REQUIRE_SERVICES:
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


@pytest.fixture
def served_schema(tmp_path) -> Path:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    target = tmp_path / "schema.json"
    target.write_bytes(response.content)
    return target


def _run(arguments: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        arguments, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=LINT_TIMEOUT_SECONDS, check=False
    )


def test_spectral_finds_nothing_in_the_served_schema(served_schema):
    # given
    spectral = _cli("@stoplight/spectral-cli", SPECTRAL_CLI_VERSION, "spectral")

    # when
    run = _run([str(spectral), "lint", str(served_schema), "--ruleset", ".spectral.yaml", "--format", "json"])

    # then
    findings = json.loads(run.stdout[: run.stdout.rindex("]") + 1]) if "[" in run.stdout else None
    assert findings == [], (
        "\n".join(f"{f['code']} at {'.'.join(map(str, f['path']))}: {f['message']}" for f in findings or [])
        or run.stdout + run.stderr
    )


def test_redocly_finds_nothing_in_the_served_schema(served_schema):
    # given
    redocly = _cli("@redocly/cli", REDOCLY_CLI_VERSION, "redocly")

    # when
    run = _run([str(redocly), "lint", str(served_schema), "--config", "redocly.yaml", "--format", "json"])

    # then
    report = json.loads(run.stdout[run.stdout.index("{") :]) if "{" in run.stdout else {}
    problems = report.get("problems")
    assert problems == [], (
        "\n".join(f"{p['ruleId']} ({p['severity']}): {p['message']}" for p in problems or []) or run.stdout + run.stderr
    )
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}


def test_the_schema_declares_its_tags_servers_and_security():
    # when
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    # then every tag in use is declared with a description, the server is named, every operation says its security
    declared = {tag["name"]: tag.get("description") for tag in schema["tags"]}
    operations = [op for item in schema["paths"].values() for op in item.values() if isinstance(op, dict)]
    assert {tag for op in operations for tag in op["tags"]} <= set(declared)
    assert all(declared.values())
    assert schema["servers"] == [{"url": "http://testserver", "description": "This shop"}]
    assert all("security" in op and op.get("description") for op in operations)
    webhook = schema["paths"]["/api/v1/payments/webhooks/{provider_name}/"]["post"]
    assert webhook["security"] == []
    assert len({op["operationId"] for op in operations}) == len(operations)
