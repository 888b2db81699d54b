"""gunicorn's access log without secrets in paths (``logger_class`` in ``gunicorn.conf.py``).

Some links carry a one-time secret in the path: password reset and email confirmation (allauth) and a
guardian's consent link. Whoever reads the access log must not be able to use them, so the part of the
path after those prefixes is replaced. The log format itself leaves out addresses, user agents, referrers
and query strings.
"""

import logging
import re

from gunicorn.glogging import Logger

SECRET_PATH_PREFIXES = (
    "/accounts/password/reset/key/",
    "/accounts/confirm-email/",
    "/privacy/guardian/confirm/",
)
REDACTED = "[redacted]"


def redact_path(path: str) -> str:
    """``path`` with whatever follows a secret-bearing prefix replaced by ``[redacted]``."""
    for prefix in SECRET_PATH_PREFIXES:
        if path.startswith(prefix) and len(path) > len(prefix):
            return prefix + REDACTED
    return path


_QUERY_STRING = re.compile(r"\?[^\s\"]*")


class DevelopmentServerAccessLogFilter(logging.Filter):
    """The development server's access log (``runserver``, logger ``django.server``) without query strings
    (search terms, tokens and emails travel there) or the secrets of secret-bearing paths. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.server":
            try:
                message = record.getMessage()
            except (TypeError, ValueError, KeyError):
                return True
            message = _QUERY_STRING.sub("?[redacted]", message)
            for prefix in SECRET_PATH_PREFIXES:
                message = re.sub(re.escape(prefix) + r"[^\s\"]+", prefix + REDACTED, message)
            record.msg, record.args = message, None
        return True


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms.get("U") or "")
        return atoms
