"""The email provider as a recipient of personal data (promises C3, E4): every email the shop sends is on
the disclosure log of each account it went to.

``DisclosingEmailBackend`` is ``EMAIL_BACKEND``: it hands the messages to the real backend
(``PRIVACY_EMAIL_DELIVERY_BACKEND``: SMTP in production, the console in development) and then writes one
disclosure record per message and account reached, naming the fields sent (the address and the message),
the purpose (marketing when the message carries a ``List-Unsubscribe`` header, else a service message),
the provider's declared region (``PRIVACY_EMAIL_PROVIDER_REGION``) and the outcome (``unavailable`` with
the error's class name when the provider could not be reached). Addresses that belong to no account (a
guest order's email, a privacy request from someone without an account) have no log to write to.
"""

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from privacy.conf import privacy_settings
from privacy.models import DisclosureOutcome
from privacy.regions import email_provider_region, region_is_cross_border
from privacy.services.disclosure import disclosure_record

EMAIL_FIELDS = ("email", "message")
SERVICE_PURPOSE = "Service messages about your account and orders"
MARKETING_PURPOSE = "Marketing messages you agreed to"


def email_provider_name() -> str:
    return str(privacy_settings.PRIVACY_EMAIL_PROVIDER_NAME or "The shop's email provider")


def email_recipient_ref() -> str:
    return "email:" + str(privacy_settings.PRIVACY_EMAIL_PROVIDER_KEY or "default")


class DisclosingEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently)
        self._delivery = get_connection(
            privacy_settings.PRIVACY_EMAIL_DELIVERY_BACKEND,
            fail_silently=fail_silently,
            **kwargs,
        )

    def open(self):
        return self._delivery.open()

    def close(self) -> None:
        self._delivery.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        try:
            sent = self._delivery.send_messages(email_messages)
        except Exception as error:
            emails_disclosed(email_messages, outcome=DisclosureOutcome.UNAVAILABLE, code=type(error).__name__)
            raise
        emails_disclosed(email_messages, outcome=DisclosureOutcome.ACCEPTED)
        return sent or 0


def _addresses(message: EmailMessage) -> set[str]:
    return {str(address).rpartition("<")[2].rstrip(">").strip().lower() for address in message.recipients()}


def emails_disclosed(messages: Sequence[EmailMessage], *, outcome: str, code: str = "") -> int:
    """Write the disclosure records of ``messages`` (one query for the accounts, one insert per record)."""
    addresses = {address for message in messages for address in _addresses(message)}
    if not addresses:
        return 0
    user_model = get_user_model()
    email_field = user_model.get_email_field_name()
    accounts = dict(
        user_model._default_manager.filter(**{f"{email_field}__in": addresses}).values_list(email_field, "pk")
    )
    region = email_provider_region()
    written = 0
    for message in messages:
        marketing = "List-Unsubscribe" in (message.extra_headers or {})
        for address in _addresses(message):
            if address not in accounts:
                continue
            disclosure_record(
                user_id=accounts[address],
                recipient=email_provider_name(),
                recipient_ref=email_recipient_ref(),
                purpose=MARKETING_PURPOSE if marketing else SERVICE_PURPOSE,
                fields=EMAIL_FIELDS,
                cross_border=region_is_cross_border(region),
                recipient_region=region,
                outcome=outcome,
                outcome_code=code[:60],
            )
            written += 1
    return written
