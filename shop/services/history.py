"""Search and browsing history (promise A4): kept only while the personalisation consent is on.

The catalog pages and API call ``history_record_search`` / ``history_record_view`` after they have
computed their answer. Each call checks the consent right then (one query, ``consent_is_granted``), so a
withdrawal stops the recording from the next request on; with the consent off nothing is written. The
user lists their history through ``shop.selectors.history`` and clears it with ``history_clear``.
"""

from privacy.purposes import PERSONALISATION
from privacy.selectors.consent import consent_is_granted
from shop.models import HistoryEntry, HistoryKind

QUERY_MAX_LENGTH = HistoryEntry._meta.get_field("query").max_length


def normalise_search_query(query: str) -> str:
    """Whitespace collapsed, cut to the column's length: ``"  red   shoes "`` -> ``"red shoes"``."""
    return " ".join(str(query).split())[:QUERY_MAX_LENGTH]


def _recording_allowed(user_id: int | None) -> bool:
    return user_id is not None and consent_is_granted(user_id=user_id, purpose=PERSONALISATION)


def history_record_search(*, user_id: int | None, query: str) -> HistoryEntry | None:
    """Record that user ``user_id`` searched for ``query``, if their personalisation consent is on.

    Returns the new entry, or None when nothing was recorded: no user (a visitor), a blank query, or
    the consent is off. Two queries at most: the consent check and one insert (atomic on its own).
    """
    text = normalise_search_query(query)
    if not text or not _recording_allowed(user_id):
        return None
    return HistoryEntry.objects.create(user_id=user_id, kind=HistoryKind.SEARCH, query=text)


def history_record_view(*, user_id: int | None, product_id: int) -> HistoryEntry | None:
    """Record that user ``user_id`` looked at product ``product_id``, if their personalisation consent is on.

    Returns the new entry, or None when nothing was recorded (a visitor, or the consent is off). Two
    queries at most: the consent check and one insert (atomic on its own).
    """
    if not _recording_allowed(user_id):
        return None
    return HistoryEntry.objects.create(user_id=user_id, kind=HistoryKind.VIEW, product_id=product_id)


def history_clear(*, user_id: int) -> int:
    """Delete every history entry of user ``user_id``; returns how many went.

    One ``DELETE`` statement (atomic on its own, whatever the number of entries); idempotent.
    """
    deleted, _ = HistoryEntry.objects.filter(user_id=user_id).delete()
    return deleted
