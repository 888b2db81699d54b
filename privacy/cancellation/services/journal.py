"""The erasure journal: an append-only file with one line per anonymised account, outside the database.

A restore from a backup brings back the accounts erased since that backup was taken, and the tombstones
that would tell ``reapply_erasures`` about them are gone with the rest of the database. The journal
(``PRIVACY_ERASURE_JOURNAL``, a JSON line per erasure: user id, pseudonymous reference, trigger and time,
nothing personal) lives on storage that is *not* restored with the database; ``reapply_erasures`` reads
it first and recreates the missing tombstones. An empty setting switches the journal off.
"""

import json
import logging
import os
from datetime import datetime
from pathlib import Path

from django.utils.dateparse import parse_datetime

from privacy.cancellation.conf import cancellation_settings

logger = logging.getLogger(__name__)


def journal_path() -> Path | None:
    configured = cancellation_settings.PRIVACY_ERASURE_JOURNAL
    return Path(configured) if configured else None


def journal_append(*, user_id: int, user_ref: str, trigger: str, completed_at: datetime) -> None:
    """Append one erasure to the journal and flush it to disk. Called once the erasure has committed.

    A failure to write is logged (with the user id) and not raised: the erasure stands, and its
    tombstone is in the database; only a restore from an older backup would then miss it.
    """
    path = journal_path()
    if path is None:
        return
    line = json.dumps(
        {"user_id": user_id, "user_ref": user_ref, "trigger": trigger, "completed_at": completed_at.isoformat()},
        sort_keys=True,
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as journal:
            journal.write(line + "\n")
            journal.flush()
            os.fsync(journal.fileno())
    except OSError as exc:
        logger.error("Could not append the erasure of user %s to the journal (%s)", user_id, type(exc).__name__)


def journal_entries(path: Path | None = None) -> list[dict]:
    """The journal's entries (``user_id``, ``user_ref``, ``trigger``, ``completed_at`` as a datetime), oldest
    first; a missing file has none. Raises ``ValueError`` naming the line number of a corrupt line."""
    path = path or journal_path()
    if path is None or not path.exists():
        return []
    entries = []
    with path.open(encoding="utf-8") as journal:
        for number, line in enumerate(journal, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                entries.append(
                    {
                        "user_id": int(entry["user_id"]),
                        "user_ref": str(entry["user_ref"]),
                        "trigger": str(entry["trigger"]),
                        "completed_at": parse_datetime(entry["completed_at"]),
                    }
                )
            except (ValueError, KeyError, TypeError):
                raise ValueError(f"Line {number} of the erasure journal {path} is not a valid entry.") from None
    return entries
