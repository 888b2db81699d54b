"""Settings of privacy requests, with their defaults (``core.conf``)."""

from datetime import timedelta

from core.conf import AppSetting, AppSettings


class RequestsSettings(AppSettings):
    PRIVACY_REQUEST_DUE_DAYS = AppSetting(
        30, "Days staff have to answer a request, from its receipt (a verified email for a signed-out person)."
    )
    PRIVACY_REQUEST_REMIND_DAYS = AppSetting(
        5, "Staff are reminded of an unanswered request this many days before it is due."
    )
    PRIVACY_REQUEST_LINK_TTL_DAYS = AppSetting(7, "Days a signed-out person's verification link stays valid.")
    PRIVACY_REQUEST_STAFF_EMAILS = AppSetting([], "Who gets the reminders; empty: every active staff account.")


requests_settings = RequestsSettings()


def answer_within() -> timedelta:
    return timedelta(days=requests_settings.PRIVACY_REQUEST_DUE_DAYS)


def remind_before() -> timedelta:
    return timedelta(days=requests_settings.PRIVACY_REQUEST_REMIND_DAYS)


def verification_link_ttl() -> timedelta:
    return timedelta(days=requests_settings.PRIVACY_REQUEST_LINK_TTL_DAYS)


def staff_emails() -> list[str]:
    """``PRIVACY_REQUEST_STAFF_EMAILS``, else every active staff account."""
    configured = list(requests_settings.PRIVACY_REQUEST_STAFF_EMAILS)
    if configured:
        return configured
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_staff=True, is_active=True).values_list("email", flat=True))
