"""One batch of a retention category: claim the next rows, leave the held ones, delete or anonymise the rest.

The caller (``privacy.retention.services.runs``) opens one transaction per batch and commits it with the
run's counters and cursor, so a batch is all or nothing and a crash loses at most the batch in progress.

Claiming: the due rows after the cursor, in primary-key order, ``batch_size`` at most, with
``SELECT ... FOR UPDATE SKIP LOCKED OF <the model's table>`` on PostgreSQL (a plain select on SQLite). Two
workers on the same category therefore never hold the same row; a row another worker purged has left the due
set (deleted, or no longer ``pending``) by the time anyone else could claim it.

Deleting rows that nothing else hangs on (no dependent declaration, no stored file, no warning, nothing Django
must cascade or signal) goes by key range on PostgreSQL (``_delete_batch_in_sql``): one ``DELETE`` of the due,
unheld rows of the next ``batch_size`` keys, counted by the database. No key travels to Python and back, so a
batch costs four round trips (first key, holds, the statement, the run's counters), near the speed of a plain
``DELETE`` of the same rows (issue 18).

Acting otherwise: rows of the policy's model plus, through the registry, every declared row whose owner path runs
through them. The bulk statements of a batch run in a savepoint; if one fails (a row still protected, a
constraint), the batch is redone row by row so that one bad row costs one error, not the batch. Accounts
(the user model) always go one by one through the erasure machinery, each in its own savepoint.
"""

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import DatabaseError, connection, models, transaction
from django.db.models import Q, QuerySet
from django.db.models.deletion import Collector

from core.errors import DomainError
from privacy.registry import OnErase, RetentionAction
from privacy.retention.models import RetentionNotice
from privacy.retention.plans import DATE, PolicyPlan, among
from privacy.retention.selectors import active_holds, held_in_batch
from privacy.retention.services.warnings import retention_warning_send
from privacy.services.erasure import anonymise_rows, delete_stored_files, files_of_rows, user_erase_personal_data

logger = logging.getLogger(__name__)

# The value ``account_anonymise`` records as the reason an account went (``ErasureTrigger.INACTIVITY``).
RETENTION_TRIGGER = "inactivity"


@dataclass
class BatchResult:
    """What one batch did; ``cursor`` is the last primary key claimed (None: nothing was left)."""

    examined: int = 0
    deleted: int = 0
    anonymised: int = 0
    skipped_hold: int = 0
    warned: int = 0
    postponed: int = 0
    errors: int = 0
    last_error: str = ""
    cursor: Any = None

    def failed(self, exc: BaseException) -> None:
        self.errors += 1
        # The class only: a database error's message can quote the row's values.
        self.last_error = type(exc).__name__


def claim(rows: QuerySet, *, fields: tuple[str, ...], after: Any, batch_size: int, lock: bool) -> list[tuple]:
    """The next ``batch_size`` rows after primary key ``after``, as ``fields`` tuples (the first is the pk).

    With ``lock`` (inside a transaction) the rows are locked and rows locked by others are skipped, where the
    database can (PostgreSQL); other columns read through joins are not locked.
    """
    if after is not None:
        rows = rows.filter(pk__gt=after)
    rows = rows.order_by("pk")
    features = connection.features
    if lock and features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",) if features.has_select_for_update_of else ())
    return list(rows.values_list(*fields)[:batch_size])


def purge_batch(
    plan: PolicyPlan, *, cutoff: datetime, now: datetime, after: Any, batch_size: int, dry_run: bool
) -> BatchResult:
    """Claim the next batch of due rows after ``after``; delete or anonymise those not under a legal hold.

    Must run inside the caller's transaction (the batch's). With ``dry_run`` nothing is locked or changed and
    the counters say what would have happened. Errors on single rows are counted, not raised.
    """
    if not dry_run and deletes_in_sql(plan):
        return _delete_batch_in_sql(plan, cutoff=cutoff, now=now, after=after, batch_size=batch_size)
    rows = claim(
        plan.due_rows(cutoff=cutoff, now=now),
        fields=("pk", plan.owner_path),
        after=after,
        batch_size=batch_size,
        lock=not dry_run,
    )
    result = BatchResult(examined=len(rows), cursor=rows[-1][0] if rows else None)
    if not rows:
        return result
    held = held_in_batch(model=plan.model, rows=rows)
    result.skipped_hold = len(held)
    due = [pk for pk, _ in rows if pk not in held]
    deletes = plan.policy.action is RetentionAction.DELETE
    if dry_run:
        if deletes:
            result.deleted = len(due)
        else:
            result.anonymised = len(due)
        return result
    done = _accounts_apply(plan, due, result) if plan.is_user_model else _rows_apply(plan, due, result)
    if done and plan.policy.warn_before is not None:
        RetentionNotice.objects.filter(category=plan.category, object_pk__in=[str(pk) for pk in done]).delete()
    return result


def deletes_in_sql(plan: PolicyPlan) -> bool:
    """Whether a batch of ``plan`` can be claimed, checked for holds and deleted in one statement: PostgreSQL, a
    delete policy on a model that is not the user model, with no dependent declaration, no stored file, no
    warning to forget, and nothing Django must cascade or signal for its rows, keyed by integers."""
    model = plan.model
    return (
        connection.vendor == "postgresql"
        and isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField)
        and plan.policy.action is RetentionAction.DELETE
        and not plan.is_user_model
        and not plan.dependents
        and plan.policy.warn_before is None
        and not any(isinstance(field, models.FileField) for field in model._meta.concrete_fields)
        and Collector(using=connection.alias, origin=None).can_fast_delete(model)
    )


def _delete_batch_in_sql(
    plan: PolicyPlan, *, cutoff: datetime, now: datetime, after: Any, batch_size: int
) -> BatchResult:
    """One batch of a ``deletes_in_sql`` plan, by key range: the first due key after the cursor starts a range
    of ``batch_size`` keys, and one ``DELETE`` takes the due rows of that range that no legal hold covers (its
    row count is the batch's count). No key travels to Python, no row is read twice; the held rows of the range
    are counted by a second statement only while holds exist.

    Concurrent runs: each ``DELETE`` locks the rows it removes, so a row goes once and is counted by the run
    whose statement removed it; a run meeting a range another is deleting waits for it, then finds those rows
    gone. (A ``FOR UPDATE SKIP LOCKED`` claim would spare the wait but costs a second write per row.)"""
    due = plan.due_rows(cutoff=cutoff, now=now)
    following = due.filter(pk__gt=after) if after is not None else due
    first = following.order_by("pk").values_list("pk", flat=True).first()
    if first is None:
        return BatchResult()
    last = first + batch_size - 1
    in_range = due.filter(pk__gte=first, pk__lte=last)
    held_users, held_objects = active_holds(model=plan.model)
    held_keys = [int(pk) for pk in held_objects if pk.isdigit()]
    held = Q(**{f"{plan.owner_path}__in": list(held_users)}) | Q(pk__in=held_keys)
    skipped = in_range.filter(held).count() if held_users or held_keys else 0
    # ``_raw_delete``: the one ``DELETE`` Django itself sends when nothing cascades (``deletes_in_sql``).
    deleted = (in_range.exclude(held) if skipped else in_range)._raw_delete(connection.alias)
    return BatchResult(examined=deleted + skipped, deleted=deleted, skipped_hold=skipped, cursor=last)


def warn_batch(
    plan: PolicyPlan, *, cutoff: datetime, period: timedelta, after: Any, batch_size: int, dry_run: bool
) -> BatchResult:
    """Claim the next rows due within ``warn_before`` whose owner was not warned of their date; record a notice
    and email the owner, each row in its own savepoint (a mail failure is an error, retried next run).

    Held rows are passed over. Only ``warned`` and the errors are counted. Must run inside the caller's
    transaction; with ``dry_run`` nothing is recorded or sent.
    """
    rows = claim(
        plan.rows_to_warn(cutoff=cutoff),
        fields=("pk", plan.owner_path, DATE),
        after=after,
        batch_size=batch_size,
        lock=not dry_run,
    )
    result = BatchResult(cursor=rows[-1][0] if rows else None)
    held = held_in_batch(model=plan.model, rows=[(pk, owner) for pk, owner, _ in rows])
    warn_before = plan.policy.warn_before or timedelta(0)
    for pk, owner, reference_at in rows:
        if pk in held or owner is None:
            continue
        if dry_run:
            result.warned += 1
            continue
        try:
            with transaction.atomic():
                warned = _warn_row(
                    plan, pk=pk, owner=owner, reference_at=reference_at, period=period, ahead=warn_before
                )
        except (DatabaseError, DomainError, OSError) as exc:
            result.failed(exc)
            continue
        result.warned += int(warned)
    return result


def _warn_row(plan: PolicyPlan, *, pk: Any, owner: Any, reference_at: datetime, period: timedelta, ahead) -> bool:
    notice, created = RetentionNotice.objects.get_or_create(
        category=plan.category, object_pk=str(pk), reference_at=reference_at
    )
    if not created:
        return False
    # A notice of an earlier date (the row's date moved since) no longer counts.
    RetentionNotice.objects.filter(category=plan.category, object_pk=str(pk)).exclude(pk=notice.pk).delete()
    due_at = max(reference_at + period, notice.warned_at + ahead)
    return retention_warning_send(policy=plan.policy, user_id=owner, due_at=due_at)


# --- rows of any model ------------------------------------------------------------------------------


def _rows_apply(plan: PolicyPlan, pks: list, result: BatchResult) -> list:
    """Apply the policy to ``pks`` in bulk, or row by row when the bulk fails. Returns the pks done."""
    if not pks:
        return []
    try:
        with transaction.atomic():
            _apply(plan, pks)
        done = list(pks)
    except (DatabaseError, DomainError):
        done = []
        for pk in pks:
            try:
                with transaction.atomic():
                    _apply(plan, [pk])
            except (DatabaseError, DomainError) as exc:
                result.failed(exc)
            else:
                done.append(pk)
    if plan.policy.action is RetentionAction.DELETE:
        result.deleted += len(done)
    else:
        result.anonymised += len(done)
    return done


def _apply(plan: PolicyPlan, pks: list) -> None:
    deletes = plan.policy.action is RetentionAction.DELETE
    anonymised: Counter[str] = Counter()
    deleted: Counter[str] = Counter()
    stored_files: list = []
    for dependent in plan.dependents:
        rows = dependent.rows_under(pks)
        if deletes or dependent.declaration.on_erase is OnErase.DELETE_ROW:
            stored_files += files_of_rows(dependent.declaration, rows)
            rows.delete()
        else:
            anonymise_rows(dependent.declaration, rows, anonymised, deleted, stored_files)
    rows = plan.model._base_manager.filter(among("pk", pks))
    if deletes:
        stored_files += files_of_rows(plan.declaration, rows)
        rows.delete()
    else:
        anonymise_rows(plan.declaration, rows, anonymised, deleted, stored_files)
    if stored_files:
        # Files go once the rows are gone for good; a rolled-back savepoint drops this callback.
        transaction.on_commit(partial(delete_stored_files, stored_files))


# --- accounts ---------------------------------------------------------------------------------------


def _accounts_apply(plan: PolicyPlan, user_ids: list, result: BatchResult) -> list:
    """Erase each account in its own savepoint. Returns the ids done (deleted or anonymised)."""
    done = []
    for user_id in user_ids:
        try:
            with transaction.atomic():
                outcome = _account_apply(plan, user_id)
        except (DatabaseError, DomainError, ValueError) as exc:
            result.failed(exc)
            continue
        if outcome == "deleted":
            result.deleted += 1
        elif outcome == "anonymised":
            result.anonymised += 1
        elif outcome == "on_hold":
            result.skipped_hold += 1
            continue
        else:
            result.postponed += 1
            continue
        done.append(user_id)
    return done


def _account_apply(plan: PolicyPlan, user_id: int) -> str:
    """``"deleted"``, ``"anonymised"``, ``"on_hold"`` or another reason the account was left for now."""
    if plan.policy.action is RetentionAction.ANONYMISE:
        # Imported here: the cancellation app sits beside this one in privacy and is not needed to load it.
        from privacy.cancellation.services import account_anonymise

        anonymisation = account_anonymise(user_id=user_id, trigger=RETENTION_TRIGGER)
        return "anonymised" if anonymisation.anonymised else str(anonymisation.outcome)
    user_erase_personal_data(user_id=user_id)
    try:
        with transaction.atomic():
            plan.model._base_manager.filter(pk=user_id).delete()
    except (models.ProtectedError, models.RestrictedError):
        # Something still protects the row (a released legal hold, a staff audit entry): it stays, anonymised.
        return "anonymised"
    return "deleted"
