"""A user's cancellation request: asked for, revoked during the cooling-off window, completed when due (D4, D5).

``cancellation_request`` opens the window (``PRIVACY_CANCELLATION_COOLING_OFF``, 7 days by default); the
user is emailed (Celery, with the request id) and may revoke it (``cancellation_revoke``) while it runs.
The beat job ``cancellation.anonymise_due`` then calls ``cancellation_complete_due``: each due request is
completed by ``cancellation_complete``, one transaction per user, with ``account_anonymise``'s machinery.

A due request is postponed, not failed, when the account is under a legal hold (until the hold is
released), when a blocker refuses it (orders placed during the window still on their way) or when the last
email could not be sent (``PRIVACY_CANCELLATION_EMAIL_ATTEMPTS`` tries, then the erasure goes ahead
without it): it waits ``PRIVACY_CANCELLATION_RETRY_DELAY`` before the next try, so it never holds up the
others. Locks: the request row, then the user row, in that order everywhere.
"""

import logging
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import NotFound
from core.task_queue import task_enqueue
from privacy.cancellation.conf import setting
from privacy.cancellation.errors import CancellationBlocked, CancellationNotFound, StaffAccountCancellation
from privacy.cancellation.models import CancellationRequest, CancellationStatus, ErasureTrigger
from privacy.cancellation.selectors import cancellation_due_ids
from privacy.cancellation.services.anonymise import AnonymisationOutcome, AnonymisationResult, anonymise_account
from privacy.erasure_hooks import erasure_blocking

logger = logging.getLogger(__name__)

DUE_BATCH_SIZE = 50


def cooling_off() -> timedelta:
    """``PRIVACY_CANCELLATION_COOLING_OFF`` as a duration (a ``timedelta`` or a number of seconds)."""
    value = settings.PRIVACY_CANCELLATION_COOLING_OFF
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def _queue_requested_email(request_id: int, site_url: str) -> None:
    # Imported here: the tasks module imports this one.
    from privacy.cancellation.tasks import cancellation_requested_email

    task_enqueue(cancellation_requested_email, request_id, site_url)


def cancellation_request(*, user_id: int, channel: str, site_url: str = "") -> tuple[CancellationRequest, bool]:
    """Ask for the account ``user_id`` to be cancelled; returns ``(request, created)``.

    A pending request is returned as it is (``created`` False). Otherwise the cooling-off window starts
    now and the confirmation email is queued once committed (``site_url`` starts its link). Locks the
    user's row, so two simultaneous requests create one. Re-authentication is the caller's duty
    (``privacy.reauth``). Raises ``NotFound`` (no such active user), ``StaffAccountCancellation``
    (staff accounts are closed by another administrator) and ``CancellationBlocked`` with the blocker's
    code, e.g. ``orders_in_progress`` with the order numbers in ``blocking``.
    """
    user_model = get_user_model()
    with transaction.atomic():
        user = (
            user_model._base_manager.select_for_update()
            .filter(pk=user_id, is_active=True)
            .values("is_staff", "is_superuser")
            .first()
        )
        if user is None:
            raise NotFound(gettext("There is no such account."))
        if user["is_staff"] or user["is_superuser"]:
            raise StaffAccountCancellation()
        pending = CancellationRequest.objects.filter(user_id=user_id, status=CancellationStatus.PENDING).first()
        if pending is not None:
            return pending, False
        if blocking := erasure_blocking(user_id=user_id):
            blocker, items = blocking
            raise CancellationBlocked(blocker.detail, code=blocker.code, blocking=items)
        now = timezone.now()
        request = CancellationRequest.objects.create(
            user_id=user_id, channel=channel, requested_at=now, due_at=now + cooling_off()
        )
        # Robust: the request stands even when the broker is down; the page and the API show it.
        transaction.on_commit(lambda: _queue_requested_email(request.pk, site_url), robust=True)
    logger.info("Cancellation %s requested by user %s, due %s", request.pk, user_id, request.due_at.isoformat())
    return request, True


def cancellation_revoke(*, user_id: int) -> CancellationRequest:
    """The user changes their mind: their pending request is revoked and nothing is erased.

    Possible until the account is anonymised (also past the due date while a hold or a blocker postpones
    it). Locks the request, so it cannot race its completion. Raises ``CancellationNotFound``.
    """
    with transaction.atomic():
        request = (
            CancellationRequest.objects.select_for_update()
            .filter(user_id=user_id, status=CancellationStatus.PENDING)
            .first()
        )
        if request is None:
            raise CancellationNotFound()
        request.status = CancellationStatus.REVOKED
        request.revoked_at = timezone.now()
        request.save(update_fields=["status", "revoked_at"])
    logger.info("Cancellation %s revoked by user %s", request.pk, user_id)
    return request


def _postpone(request: CancellationRequest, *, code: str, now, delay: int | None = None) -> None:
    delay = settings.PRIVACY_CANCELLATION_RETRY_DELAY if delay is None else delay
    CancellationRequest.objects.filter(pk=request.pk).update(
        attempts=F("attempts") + 1,
        last_error=code[:60],
        next_attempt_at=now + timedelta(seconds=delay),
    )


def cancellation_complete(*, request_id: int, force: bool = False) -> AnonymisationResult | None:
    """Anonymise the account of pending request ``request_id`` if its cooling-off window is over (or at
    once with ``force``: staff's "anonymise now"). Returns what ``account_anonymise`` did, or None when the
    request is not pending (revoked, completed: nothing to do) or not yet due.

    One transaction: locks the request, then the account. On hold: nothing changes. Blocked, or the last
    email not sent while attempts remain: the request is postponed. Idempotent; any other error rolls
    everything back and propagates.
    """
    now = timezone.now()
    with transaction.atomic():
        request = (
            CancellationRequest.objects.select_for_update()
            .filter(pk=request_id, status=CancellationStatus.PENDING)
            .first()
        )
        if request is None or (not force and request.due_at > now):
            return None
        result = anonymise_account(
            user_id=request.user_id,
            trigger=ErasureTrigger.CANCELLATION,
            notify=True,
            email_required=request.attempts + 1 < settings.PRIVACY_CANCELLATION_EMAIL_ATTEMPTS,
        )
        if result.outcome is AnonymisationOutcome.BLOCKED:
            _postpone(request, code=result.blocked_by, now=now)
        elif result.outcome is AnonymisationOutcome.POSTPONED:
            _postpone(request, code="email_not_sent", now=now)
    logger.info("Cancellation %s: %s", request_id, result.outcome)
    return result


def _queue_anonymise_now(request_ids: list[int]) -> None:
    from privacy.cancellation.tasks import cancellation_anonymise_now

    for request_id in request_ids:
        task_enqueue(cancellation_anonymise_now, request_id)


def cancellation_anonymise_now_queue(*, request_ids: list[int]) -> list[int]:
    """Staff's "anonymise now": queue the pending ones of ``request_ids`` to be completed at once (Celery task
    ``cancellation.anonymise_now``, after commit), without waiting for their window to end. Accounts under a
    legal hold or refused by a blocker are still skipped when the task runs. Returns the ids queued."""
    pending = list(
        CancellationRequest.objects.filter(pk__in=request_ids, status=CancellationStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if pending:
        transaction.on_commit(lambda: _queue_anonymise_now(pending), robust=True)
    return pending


def cancellation_attempt_failed(*, request_id: int, code: str) -> None:
    """Record that completing ``request_id`` failed with an error (rolled back): try again in minutes
    (``PRIVACY_CANCELLATION_FAILURE_RETRY_DELAY``, doubling per failure up to ``PRIVACY_CANCELLATION_RETRY_DELAY``);
    an error is often a passing one (a restarted database, a lock timeout)."""
    now = timezone.now()
    request = CancellationRequest.objects.filter(pk=request_id, status=CancellationStatus.PENDING).first()
    if request is not None:
        first = setting("PRIVACY_CANCELLATION_FAILURE_RETRY_DELAY")
        delay = min(settings.PRIVACY_CANCELLATION_RETRY_DELAY, first * 2 ** min(request.attempts, 16))
        _postpone(request, code=code, now=now, delay=delay)


def cancellation_complete_due(*, batch_size: int = DUE_BATCH_SIZE) -> tuple[Counter, bool]:
    """Complete up to ``batch_size`` due requests (cooling-off over, no active hold, not postponed), oldest
    due first, each in its own transaction. Returns ``(outcomes counted, more_left)``.

    One account's error is logged (request id and exception class), recorded on the request and does not
    stop the others. Idempotent: a request completed meanwhile (another worker) is skipped.
    """
    ids = cancellation_due_ids(now=timezone.now(), limit=batch_size)
    outcomes: Counter = Counter()
    for request_id in ids:
        try:
            result = cancellation_complete(request_id=request_id)
        # Whatever went wrong with one account, the others in the batch must still be anonymised.
        except Exception as exc:  # noqa: BLE001
            logger.error("Completing cancellation %s failed (%s); rolled back", request_id, type(exc).__name__)
            cancellation_attempt_failed(request_id=request_id, code="anonymisation_failed")
            outcomes["failed"] += 1
            continue
        outcomes[result.outcome if result is not None else "skipped"] += 1
    return outcomes, len(ids) == batch_size
