"""Settings of the benchmark server: production settings on plain HTTP over loopback, plus a query counter.

``bench/run.py`` sets the environment production needs (secret key, privacy keys, allowed hosts, database URL).
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import MIDDLEWARE

DEBUG = False
# The server listens on 127.0.0.1 without TLS; a redirect to https would answer every request with a 301.
SECURE_SSL_REDIRECT = False
ROOT_URLCONF = "bench.urls"
# Outermost, so the queries of every other middleware (session, user) are counted too.
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]
