"""Reading a user's search and browsing history (promise A4)."""

from django.db.models import QuerySet

from shop.models import HistoryEntry


def history_list(*, user_id: int) -> QuerySet[HistoryEntry]:
    """The user's entries, newest first, each with its product (slug and title) in the same query."""
    return (
        HistoryEntry.objects.filter(user_id=user_id)
        .select_related("product")
        .only("id", "kind", "query", "created_at", "product__slug", "product__title")
        .order_by("-created_at", "-id")
    )
