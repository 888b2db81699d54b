"""A logging filter that takes emails and phone numbers out of log records (promise F5).

Code should log ids, never personal data; this filter is the net under that rule, for the message a
third-party library formats or an exception that quotes its input. It is installed on every handler
in ``settings.LOGGING``. It formats the message first (``msg % args``) and redacts the result, so an
email passed as an argument is caught too, then does the same for the exception and stack text.

What counts as a phone number is libphonenumber's answer (``core.phone_numbers.phone_spans``): a valid number
of the shop's country, or of any country when written with its country code, with or without separators.
Ordinary numbers (order ids, prices, quantities, timestamps) are left alone: they are not valid numbers.
"""

import logging
import re

from core.phone_numbers import phone_spans

EMAIL_PLACEHOLDER = "[email]"
PHONE_PLACEHOLDER = "[phone]"

_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}")


def _redact_phones(text: str) -> str:
    for start, end in reversed(phone_spans(text)):
        text = text[:start] + PHONE_PLACEHOLDER + text[end:]
    return text


def redact(text: str) -> str:
    """``text`` with every email and phone number replaced by a placeholder."""
    text = _EMAIL.sub(EMAIL_PLACEHOLDER, text)
    return _redact_phones(text)


class PersonalDataRedactionFilter(logging.Filter):
    """Redacts the formatted message, the exception text and the stack text of every record.

    Never drops a record. The formatted, redacted message replaces ``msg`` and ``args`` is emptied,
    so no handler that runs after this one formats the original arguments again. ``exc_info`` is kept
    (error trackers need the exception object); formatters print the redacted ``exc_text`` instead.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            # A malformed format string must not turn a log call into a crash, nor leak its arguments.
            message = f"{record.msg} [arguments dropped: they did not match the format]"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
