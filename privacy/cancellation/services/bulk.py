"""Anonymising many accounts: every account when the shop ceases operation (E3), and every erased account
again after a backup restore (``reapply_erasures``). Both walk users in id order, in batches, one
transaction per user through ``anonymise_account``, so an interruption loses at most one user's work and a
rerun picks up where it stopped. ``progress(done, total)`` is called after each user.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model

from privacy.cancellation.models import ErasureTombstone, ErasureTrigger
from privacy.cancellation.selectors import accounts_to_anonymise, tombstone_user_ids_after
from privacy.cancellation.services.anonymise import AnonymisationOutcome, anonymise_account
from privacy.cancellation.services.journal import journal_entries
from privacy.erasure_hooks import erasure_blocking
from privacy.registry import AnonymiseKind, OnErase, declarations, declared_model
from privacy.selectors.holds import held_user_ids

BATCH_SIZE = 200
Progress = Callable[[int, int], None]


@dataclass
class BulkSummary:
    total: int = 0
    outcomes: Counter = field(default_factory=Counter)
    blocked_by: Counter = field(default_factory=Counter)
    restored_tombstones: int = 0
    rows: dict[str, tuple[str, int]] = field(default_factory=dict)


def _walk(user_ids_after: Callable[[int], list[int]], handle: Callable[[int], None], total: int, progress) -> None:
    done, last = 0, 0
    while batch := user_ids_after(last):
        for user_id in batch:
            handle(user_id)
            done += 1
            if progress:
                progress(done, total)
        last = batch[-1]


def _rows_per_model(users) -> dict[str, tuple[str, int]]:
    """For each declared model: what erasing ``users`` does to its rows, and how many of them are owned."""
    user_label = get_user_model()._meta.label
    rows = {}
    for declaration in declarations():
        model = declared_model(declaration)
        owner = declaration.owner
        if owner is None:
            continue
        owned = model._base_manager.filter(**({f"{owner}__in": users.values("pk")} if owner else {"pk__in": users}))
        count = owned.count()
        if not count:
            continue
        if declaration.on_erase is OnErase.DELETE_ROW:
            action = "deleted"
        elif declaration.model == user_label or any(
            personal.anonymise.kind is not AnonymiseKind.KEEP for personal in declaration.fields
        ):
            action = "anonymised"
        else:
            action = "kept (pseudonymous proof)"
        rows[declaration.model] = (action, count)
    return rows


def anonymise_all_preview(*, include_staff: bool = False, progress: Progress | None = None) -> BulkSummary:
    """What ``anonymise_all_run`` would do, changing nothing: accounts that would be anonymised, held or
    blocked (by code), and the rows per model. Reads only."""
    users = accounts_to_anonymise(include_staff=include_staff)
    summary = BulkSummary(total=users.count())
    held = set(held_user_ids().values_list("user_id", flat=True))

    def look(user_id: int) -> None:
        if user_id in held:
            summary.outcomes[AnonymisationOutcome.ON_HOLD] += 1
        elif blocking := erasure_blocking(user_id=user_id):
            summary.outcomes[AnonymisationOutcome.BLOCKED] += 1
            summary.blocked_by[blocking[0].code] += 1
        else:
            summary.outcomes[AnonymisationOutcome.ANONYMISED] += 1

    def ids_after(last: int) -> list[int]:
        return list(users.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH_SIZE])

    _walk(ids_after, look, summary.total, progress)
    summary.rows = _rows_per_model(users)
    return summary


def anonymise_all_run(*, include_staff: bool = False, progress: Progress | None = None) -> BulkSummary:
    """Anonymise every account not anonymised yet (``trigger`` cessation, no email: the shop's notice of
    cessation comes first), staff accounts only with ``include_staff``. Held and blocked accounts are
    skipped and counted; rerun the command once they are released. Irreversible."""
    users = accounts_to_anonymise(include_staff=include_staff)
    summary = BulkSummary(total=users.count())

    def anonymise(user_id: int) -> None:
        result = anonymise_account(user_id=user_id, trigger=ErasureTrigger.CESSATION, notify=False)
        summary.outcomes[result.outcome] += 1
        if result.blocked_by:
            summary.blocked_by[result.blocked_by] += 1

    def ids_after(last: int) -> list[int]:
        # Anonymised accounts leave the queryset as their tombstones appear: walk by id, not by offset.
        return list(users.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH_SIZE])

    _walk(ids_after, anonymise, summary.total, progress)
    return summary


def tombstones_restore_from_journal(*, path: Path | None = None) -> int:
    """Recreate the tombstones the erasure journal has and the database lacks (after a restore from an
    older backup). Idempotent; returns how many were recreated. Raises ``ValueError`` for a corrupt journal."""
    entries = journal_entries(path)
    if not entries:
        return 0
    known = set(
        ErasureTombstone.objects.filter(user_id__in=[entry["user_id"] for entry in entries]).values_list(
            "user_id", flat=True
        )
    )
    missing = {entry["user_id"]: entry for entry in entries if entry["user_id"] not in known}
    ErasureTombstone.objects.bulk_create(
        [
            ErasureTombstone(
                user_id=entry["user_id"],
                user_ref=entry["user_ref"],
                trigger=entry["trigger"],
                completed_at=entry["completed_at"],
                last_applied_at=entry["completed_at"],
                counts={"restored_from_journal": True},
            )
            for entry in missing.values()
        ],
        ignore_conflicts=True,
    )
    return len(missing)


def erasures_reapply(*, journal: Path | None = None, progress: Progress | None = None) -> BulkSummary:
    """Anonymise again every account that has a tombstone (after a backup restore), first recreating the
    tombstones only the erasure journal remembers. Idempotent: a rerun changes nothing more. Outcomes:
    ``reapplied`` (something had come back and was erased again), ``unchanged``, ``on_hold``, ``not_found``
    (the restored database does not have that account at all)."""
    summary = BulkSummary(restored_tombstones=tombstones_restore_from_journal(path=journal))
    summary.total = ErasureTombstone.objects.count()

    def reapply(user_id: int) -> None:
        result = anonymise_account(user_id=user_id, trigger=ErasureTrigger.CANCELLATION, notify=False)
        if result.anonymised:
            summary.outcomes["reapplied" if result.summary and result.summary.changed else "unchanged"] += 1
        else:
            summary.outcomes[result.outcome] += 1

    _walk(lambda last: tombstone_user_ids_after(after_user_id=last, limit=BATCH_SIZE), reapply, summary.total, progress)
    return summary
