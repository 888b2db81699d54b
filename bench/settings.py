"""Settings of the benchmark server: production settings on plain HTTP over loopback, plus a query counter.

``bench/run.py`` sets the environment production needs (secret key, privacy keys, allowed hosts, database URL).
"""

from config.settings.app_settings import app_settings_values
from config.settings.production import *  # noqa: F403
from config.settings.production import INSTALLED_APPS, MIDDLEWARE

DEBUG = False
# `seed_demo` fills the bench database with the demo catalog: the demo app, which production leaves out.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
globals().update(app_settings_values(["demo"]))
# The server listens on 127.0.0.1 without TLS; a redirect to https would answer every request with a 301.
SECURE_SSL_REDIRECT = False
ROOT_URLCONF = "bench.urls"
# Outermost, so the queries of every other middleware (session, user) are counted too.
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]
# The checkout benchmark places orders for bench accounts: their confirmation emails go nowhere (production's
# SMTP default would fail, or worse, send). Without a broker the email task runs eagerly inside the request.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# Each checkout run logs its buyers in from 127.0.0.1; with a shared (Redis) cache allauth's 30 logins a minute
# per IP would refuse a rerun. The limit is still checked (same cost per login), only higher.
ACCOUNT_RATE_LIMITS = {"login": "600/m/ip"}
# Twenty buyers each placing an order every few hundred milliseconds exceed the per-user checkout limit by
# design; the throttle is still evaluated on every request (same cost), only with a rate the bench never hits.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "checkout": "100000/min"},  # noqa: F405
}
