"""Reading the disclosure log."""

from django.db.models import QuerySet

from privacy.models import DisclosureRecord


def disclosures_for_user(*, user_id: int) -> QuerySet[DisclosureRecord]:
    """The user's disclosures, newest first."""
    return DisclosureRecord.objects.filter(user_id=user_id).order_by("-created_at", "-id")
