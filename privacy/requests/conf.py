"""Settings of privacy requests, with their defaults."""

from datetime import timedelta

from django.conf import settings


def answer_within() -> timedelta:
    """How long staff have to answer a request, from its receipt (a verified email for a signed-out person)."""
    return timedelta(days=getattr(settings, "PRIVACY_REQUEST_DUE_DAYS", 30))


def remind_before() -> timedelta:
    """Staff are reminded of an unanswered request this long before it is due."""
    return timedelta(days=getattr(settings, "PRIVACY_REQUEST_REMIND_DAYS", 5))


def verification_link_ttl() -> timedelta:
    return timedelta(days=getattr(settings, "PRIVACY_REQUEST_LINK_TTL_DAYS", 7))


def staff_emails() -> list[str]:
    """Who gets the reminders: ``PRIVACY_REQUEST_STAFF_EMAILS``, else every active staff account."""
    configured = list(getattr(settings, "PRIVACY_REQUEST_STAFF_EMAILS", []))
    if configured:
        return configured
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_staff=True, is_active=True).values_list("email", flat=True))
