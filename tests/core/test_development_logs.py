"""No personal data in development logs either: runserver's access log and Django's own console handler go
through the redaction filter, and the access log keeps no query strings."""

import io
import logging

import pytest
from django.conf import settings
from django.utils.log import configure_logging


@pytest.fixture
def configured_logs(monkeypatch):
    """Logging configured as Django configures it at start (its defaults, then ours), into a buffer."""
    buffer = io.StringIO()
    monkeypatch.setattr("sys.stderr", buffer)
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    yield buffer
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_the_development_servers_access_log_keeps_no_query_string_nor_email(configured_logs):
    # when runserver logs a request as its WSGIRequestHandler does
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /search/?q=anna.li%40example.com&phone=13812345678 HTTP/1.1", "200", "1234"
    )
    logging.getLogger("django.server").info('"%s" %s %s', "GET /privacy/guardian/confirm/abc123/ HTTP/1.1", 200, 9)

    # then
    output = configured_logs.getvalue()
    assert "GET /search/?[redacted] HTTP/1.1" in output
    assert "anna" not in output and "13812345678" not in output
    assert "abc123" not in output
    assert output.count("django.server") == 2


def test_djangos_own_loggers_go_through_the_redaction_filter(configured_logs):
    # when Django's request logger quotes personal data
    logging.getLogger("django.request").warning("Bad request from anna.li@example.com, phone +86 138 1234 5678")
    logging.getLogger("django").error("Something about lin@example.org")

    # then each line is written once, redacted
    output = configured_logs.getvalue()
    assert "anna.li@example.com" not in output and "lin@example.org" not in output
    assert "[email]" in output and "[phone]" in output
    assert output.count("[email]") == 2
