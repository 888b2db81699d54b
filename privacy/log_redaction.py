"""A logging filter that takes emails and phone numbers out of log records (promise F5).

Code should log ids, never personal data; this filter is the net under that rule, for the message a
third-party library formats or an exception that quotes its input. It is installed on every handler
in ``settings.LOGGING``. It formats the message first (``msg % args``) and redacts the result, so an
email passed as an argument is caught too, then does the same for the exception and stack text.

What counts as a phone number: a Chinese mobile (``1[3-9]`` and 9 more digits, optionally ``+86``,
with spaces or dashes between groups), and any number written with a leading ``+`` and 8 to 15 digits
(E.164). Ordinary numbers (order ids, prices, quantities, timestamps) are left alone: a bare digit
run is only taken for a phone when it has exactly the shape of a Chinese mobile.
"""

import logging
import re

EMAIL_PLACEHOLDER = "[email]"
PHONE_PLACEHOLDER = "[phone]"

_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}")
_SEP = r"[ \-]?"
# ASCII-only boundaries: Chinese text often runs straight into a number ("手机号13812345678已绑定").
_NOT_AFTER = r"(?<![0-9A-Za-z_+])"
_CHINA_MOBILE = re.compile(rf"{_NOT_AFTER}(?:(?:\+|00)86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)")
_INTERNATIONAL = re.compile(rf"{_NOT_AFTER}\+\d(?:[ \-.()]{{0,2}}\d){{6,16}}(?!\d)")


def _international(match: re.Match[str]) -> str:
    digits = sum(character.isdigit() for character in match.group())
    return PHONE_PLACEHOLDER if 8 <= digits <= 15 else match.group()


def redact(text: str) -> str:
    """``text`` with every email and phone number replaced by a placeholder."""
    text = _EMAIL.sub(EMAIL_PLACEHOLDER, text)
    text = _CHINA_MOBILE.sub(PHONE_PLACEHOLDER, text)
    return _INTERNATIONAL.sub(_international, text)


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
