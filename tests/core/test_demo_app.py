"""Demo-only code (demo catalog, demo carrier, fake payment provider, seed_demo) lives in the ``demo`` app, which
local and test settings install and production does not."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from tests.core.test_deploy_settings import _manage, _no_dotenv, _production_env  # noqa: F401

_REPORT = """
import json
from django.conf import settings
from django.urls import Resolver404, get_resolver, resolve

def resolves(path):
    try:
        resolve(path)
        return True
    except Resolver404:
        return False

names = [key for key in get_resolver().reverse_dict.keys() if isinstance(key, str)]
print(json.dumps({
    "apps": list(settings.INSTALLED_APPS),
    "namespaces": sorted(get_resolver().namespace_dict),
    "demo_paths": [p for p in ("/demo-carrier/api/shipments/", "/demo-payments/api/intents/") if resolves(p)],
    "commands": __import__("django.core.management", fromlist=["get_commands"]).get_commands(),
}))
"""


def _report(env: dict[str, str]) -> dict:
    result = _manage("shell", "--no-imports", "-c", _REPORT, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_installs_no_demo_app_and_serves_no_demo_url():
    # when
    report = _report(_production_env())

    # then
    assert [app for app in report["apps"] if app == "demo" or app.startswith("demo.")] == []
    assert [ns for ns in report["namespaces"] if ns.startswith("demo")] == []
    assert report["demo_paths"] == []
    assert not {"seed_demo", "demo_carrier_advance", "demo_payments_send_held"} & set(report["commands"])


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.test"])
def test_local_and_test_settings_install_the_demo_app(module):
    # when
    report = _report(_production_env(DJANGO_SETTINGS_MODULE=module))

    # then
    assert "demo" in report["apps"]
    assert report["demo_paths"] == ["/demo-carrier/api/shipments/", "/demo-payments/api/intents/"]
    assert report["commands"]["seed_demo"] == "demo"


def test_the_test_run_has_the_demo_fakes():
    assert "demo" in settings.INSTALLED_APPS
    assert reverse("demo_payments:intents") == "/demo-payments/api/intents/"
