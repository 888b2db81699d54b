"""Test settings.

PostgreSQL and Redis are used when they answer: ``DATABASE_URL`` / ``REDIS_URL`` from the environment,
else the default localhost ports. When one does not answer the suite falls back (SQLite, no broker)
and the tests marked ``postgres`` / ``redis`` are skipped, which ``tests/conftest.py`` reports in a
plain line. With ``PRIVASHOP_REQUIRE_SERVICES=1`` (set by ``.ci/run``) a missing service is an error.
"""

import os
import socket
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

from config.settings.app_settings import app_settings_values
from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, INSTALLED_APPS, env

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/privashop"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
REQUIRE_SERVICES = env.bool("PRIVASHOP_REQUIRE_SERVICES", default=False)


def _where(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.hostname}:{parsed.port}"


def _answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port), timeout=1):
            return True
    except OSError:
        return False


_database_url = env("DATABASE_URL", default=DEFAULT_DATABASE_URL)
_redis_url = env("REDIS_URL", default=DEFAULT_REDIS_URL)
POSTGRES_AVAILABLE = _database_url.startswith("postgres") and _answers(_database_url)
REDIS_AVAILABLE = _answers(_redis_url)
SERVICE_SKIP_REASONS: dict[str, str] = {}

if POSTGRES_AVAILABLE:
    DATABASES = {"default": env.db_url_config(_database_url)}
else:
    SERVICE_SKIP_REASONS["postgres"] = f"PostgreSQL does not answer at {_where(_database_url)}"
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "var" / "test.sqlite3"}}

if REDIS_AVAILABLE:
    REDIS_URL = _redis_url
    CELERY_BROKER_URL = _redis_url
    CELERY_RESULT_BACKEND = _redis_url
else:
    SERVICE_SKIP_REASONS["redis"] = f"Redis does not answer at {_where(_redis_url)}"
    REDIS_URL = ""
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"

# The browser journeys (tests/e2e/, marked ``browser``) drive Debian's Chromium through Playwright.
CHROMIUM_EXECUTABLE = env("PRIVASHOP_CHROMIUM", default="/usr/bin/chromium")
if not os.access(CHROMIUM_EXECUTABLE, os.X_OK):
    SERVICE_SKIP_REASONS["browser"] = f"Chromium is not installed at {CHROMIUM_EXECUTABLE}"

if REQUIRE_SERVICES and SERVICE_SKIP_REASONS:
    raise ImproperlyConfigured("Services required but missing: " + "; ".join(SERVICE_SKIP_REASONS.values()))

# Unit tests run tasks in-process; the worker tests switch this off and use a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Models that exercise the privacy engine (encrypted fields, the coverage walker); tests only. The demo app
# gives the tests their fake carrier and payment provider.
INSTALLED_APPS = [*INSTALLED_APPS, "demo", "tests.testapp"]
globals().update(app_settings_values(["demo"]))
# Django's test set-up puts the locmem backend in EMAIL_BACKEND; tests of privacy's backend put it back, and
# it delivers to the same outbox.
PRIVACY_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files come from the app folders, as in development (no collectstatic before the suite).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
DEBUG = False
# Handoff retries run at once (eager tasks ignore the countdown anyway); the demo carrier answers.
LOGISTICS_HANDOFF_RETRY_BACKOFF = 0
DEMO_CARRIER_ENABLED = True
DEMO_PAYMENTS_ENABLED = True
# Deletion requests to recipients retry at once; no erasure journal unless a test points it at a temporary file.
PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF = 0
PRIVACY_ERASURE_JOURNAL = ""
