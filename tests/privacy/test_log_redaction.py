import io
import logging

import pytest
from django.conf import settings

from privacy.log_redaction import EMAIL_PLACEHOLDER, PHONE_PLACEHOLDER, PersonalDataRedactionFilter, redact

logger = logging.getLogger("tests.privacy.redaction")


@pytest.fixture
def console():
    """The console handler exactly as settings.LOGGING configured it, writing into a buffer."""
    handlers = [handler for handler in logging.getLogger().handlers if handler.get_name() == "console"]
    assert handlers, "settings.LOGGING no longer installs the console handler on the root logger"
    handler = handlers[0]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail alice@example.com now", f"mail {EMAIL_PLACEHOLDER} now"),
        ("to Bob.Smith+shop@mail.example.co.uk.", f"to {EMAIL_PLACEHOLDER}."),
        ("王小明@例子.中国 wrote", f"{EMAIL_PLACEHOLDER} wrote"),
        ("call 13812345678", f"call {PHONE_PLACEHOLDER}"),
        ("call 138 1234 5678 today", f"call {PHONE_PLACEHOLDER} today"),
        ("call 138-1234-5678", f"call {PHONE_PLACEHOLDER}"),
        ("call +86 138 1234 5678", f"call {PHONE_PLACEHOLDER}"),
        ("call +8613812345678", f"call {PHONE_PLACEHOLDER}"),
        ("手机号13812345678已绑定", f"手机号{PHONE_PLACEHOLDER}已绑定"),
        ("phone=13812345678&x=1", f"phone={PHONE_PLACEHOLDER}&x=1"),
        ("call +1 (415) 555-2671", f"call {PHONE_PLACEHOLDER}"),
        ("call +44 20 7946 0958", f"call {PHONE_PLACEHOLDER}"),
        ("call +14155552671.", f"call {PHONE_PLACEHOLDER}."),
    ],
)
@pytest.mark.promise("F5")
def test_redact_replaces_emails_and_phone_numbers(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Order #1042 placed for user 17",
        "Order 20240601123456 paid 199.00 CNY",
        "variant 12 stock 3 -> 2, price 1380.50",
        "took 1234 ms at 2026-03-01 12:00:00",
        "epoch 1700000000123 and id 13812345678901",
        "sku SKU-000123, qty +5, delta +12.5",
        "version 3.11.4 on 127.0.0.1:8000",
        "ratio 1.5e10 from 10.0.0.1",
    ],
)
def test_redact_leaves_ordinary_numbers_alone(text):
    assert redact(text) == text


def test_a_log_line_with_an_email_argument_comes_out_redacted(console):
    # when
    logger.warning("Signup failed for %s (user %d)", "alice@example.com", 42)

    # then
    line = console.getvalue()
    assert "alice@example.com" not in line
    assert f"Signup failed for {EMAIL_PLACEHOLDER} (user 42)" in line


def test_a_log_line_keeps_order_ids_and_prices(console):
    # when
    logger.warning("Order %s paid %s", 20240601123456, "199.00")

    # then
    assert "Order 20240601123456 paid 199.00" in console.getvalue()


def test_exception_text_is_redacted(console):
    # given
    def lookup():
        raise ValueError("no account for 13812345678 / bob@example.com")

    # when
    try:
        lookup()
    except ValueError:
        logger.exception("Lookup failed")

    # then
    output = console.getvalue()
    assert "Traceback" in output
    assert "ValueError: no account for [phone] / [email]" in output
    assert "13812345678" not in output
    assert "bob@example.com" not in output


def test_a_malformed_format_string_is_logged_without_its_arguments():
    # given
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "user %d signed up", ("carol@example.com",), None)

    # when
    kept = PersonalDataRedactionFilter().filter(record)

    # then
    assert kept
    assert "carol@example.com" not in record.getMessage()
    assert record.getMessage().startswith("user %d signed up")


def test_every_configured_handler_carries_the_redaction_filter():
    # given
    filter_names = [
        name
        for name, config in settings.LOGGING.get("filters", {}).items()
        if config.get("()") == "privacy.log_redaction.PersonalDataRedactionFilter"
    ]

    # then
    assert filter_names
    for name, handler in settings.LOGGING["handlers"].items():
        assert set(filter_names) & set(handler.get("filters", [])), f"handler {name!r} has no redaction filter"
