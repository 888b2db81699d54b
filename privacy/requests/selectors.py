"""Reads of privacy requests."""

from django.db.models import QuerySet

from privacy.requests.models import PrivacyRequest


def privacy_requests_of_user(*, user_id: int) -> QuerySet:
    return PrivacyRequest.objects.filter(user_id=user_id).order_by("-created_at", "-id")
