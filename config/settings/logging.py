"""Logging: one console handler, the request id on every line, and the redaction filter on every handler."""

from config.settings.django_core import env

# Every handler carries the redaction filter: emails and phone numbers never reach a log line (promise F5).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_personal_data": {"()": "privacy.log_redaction.PersonalDataRedactionFilter"},
        "request_id": {"()": "core.request_id.RequestIdFilter"},
        "development_access_log": {"()": "core.access_log.DevelopmentServerAccessLogFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.json_logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("DJANGO_LOG_FORMAT", default="plain"),
            "filters": ["request_id", "development_access_log", "redact_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Django's own handlers (runserver's access log, the console handler of DEBUG) carry no redaction filter:
    # their loggers hand every record to the root's handler above instead.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True, "level": "INFO"},
    },
}
