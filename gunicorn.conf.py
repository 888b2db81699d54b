"""gunicorn settings for production (``make serve``, or ``gunicorn -c gunicorn.conf.py config.wsgi``).

Every value comes from the environment so one file serves every machine; scale out by running this on more
machines behind the load balancer, all against the same PostgreSQL and Redis (README, "Production").
"""

import multiprocessing
import os
import sys

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: one request each. The classic (2 x cores) + 1 unless told otherwise.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request still running after this many seconds is killed (and logged); a restarting worker gets as long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Workers are replaced after this many requests (with jitter, so not all at once) to cap slow leaks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Only the proxy in front may set X-Forwarded-*; list its address(es) here.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Refuse oversized request lines and headers before Django sees them.
limit_request_line = 4094
limit_request_fields = 100

# Access log on stdout, one JSON object per request, without personal data: no client address, no user
# agent, no referrer and no query string (search terms, tokens and emails travel there). The request id
# joins each line to the application's own logs (core/request_id.py).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Secrets in paths (password reset and confirmation links) are cut out of the access log (core/access_log.py).
logger_class = "core.access_log.AccessLogger"


def required_services_missing(environ=os.environ) -> list[str]:
    """What the environment lacks to serve production: PostgreSQL's and Redis' URLs (as production.py checks)."""
    missing = []
    if not environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")):
        missing.append("DATABASE_URL (postgres://...)")
    if not environ.get("REDIS_URL", "").startswith(("redis://", "rediss://")):
        missing.append("REDIS_URL (redis://...)")
    return missing


def on_starting(server) -> None:
    """gunicorn's master, before any worker: refuse to start without PostgreSQL and Redis."""
    missing = required_services_missing()
    if missing:
        sys.exit("gunicorn: refusing to start without " + " and ".join(missing))
