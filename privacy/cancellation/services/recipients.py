"""Asking every recipient of an erased user's data to delete it too (promise C4).

``recipient_requests_create`` runs inside the anonymisation's transaction: one request per distinct
``recipient_ref`` of the user's disclosure log (the log itself is kept, pseudonymous), with what the
recipient received (``references``: order numbers) and a deadline (``PRIVACY_RECIPIENT_DELETION_DEADLINE_DAYS``).
Once committed, each request is sent by the Celery task ``cancellation.recipient_deletion_send`` through
the handler its app registered (``privacy.erasure_hooks``); the answer is recorded, an unavailable
recipient is retried with backoff, and a request nobody could confirm shows as overdue in the admin.

Requests carry the references the disclosure log holds and a request key, never personal data.
"""

import logging
from collections import OrderedDict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import Conflict, NotFound
from core.task_queue import task_enqueue
from privacy.cancellation.models import ErasureTombstone, RecipientDeletionRequest, RecipientRequestStatus
from privacy.erasure_hooks import RecipientRejected, RecipientUnavailable, recipient_handler_for
from privacy.models import DisclosureRecord

logger = logging.getLogger(__name__)

# A request still pending this long after it was created lost its task (a broker outage at commit time).
STALE_AFTER = timedelta(days=1)
RESEND_BATCH_SIZE = 200


def _queue_send(request_ids: list[int]) -> None:
    # Imported here: the tasks module imports this one.
    from privacy.cancellation.tasks import recipient_deletion_send_task

    for request_id in request_ids:
        task_enqueue(recipient_deletion_send_task, request_id)


def recipient_requests_create(*, tombstone: ErasureTombstone) -> int:
    """Create the missing deletion requests of ``tombstone``'s user and queue them once committed.

    Call it inside the anonymisation's transaction. Idempotent: a recipient already asked is not asked
    again. A recipient without a registered handler gets an ``unsupported`` request for staff to handle.
    Two queries (plus one insert when something is new), whatever the size of the disclosure log.
    Returns how many requests were created.
    """
    grouped: OrderedDict[str, tuple[str, set[str]]] = OrderedDict()
    disclosures = (
        DisclosureRecord.objects.filter(Q(user_id=tombstone.user_id) | Q(user_ref=tombstone.user_ref))
        .order_by("created_at", "id")
        .values_list("recipient_ref", "recipient", "reference")
    )
    for recipient_ref, recipient, reference in disclosures:
        _, references = grouped.get(recipient_ref, ("", set()))
        if reference:
            references.add(reference)
        grouped[recipient_ref] = (recipient, references)
    asked = set(tombstone.recipient_requests.values_list("recipient_ref", flat=True))
    now = timezone.now()
    deadline = now + timedelta(days=settings.PRIVACY_RECIPIENT_DELETION_DEADLINE_DAYS)
    new = [
        RecipientDeletionRequest(
            tombstone=tombstone,
            recipient_ref=recipient_ref,
            recipient=recipient,
            references=sorted(references),
            status=(
                RecipientRequestStatus.PENDING
                if recipient_handler_for(recipient_ref) is not None
                else RecipientRequestStatus.UNSUPPORTED
            ),
            created_at=now,
            deadline_at=deadline,
        )
        for recipient_ref, (recipient, references) in grouped.items()
        if recipient_ref not in asked
    ]
    if not new:
        return 0
    created = RecipientDeletionRequest.objects.bulk_create(new)
    to_send = [request.pk for request in created if request.status == RecipientRequestStatus.PENDING]
    if to_send:
        # Robust: a broker that is down must not undo an erasure; the daily sweep sends them later.
        transaction.on_commit(lambda: _queue_send(to_send), robust=True)
    return len(created)


def _request_key(request: RecipientDeletionRequest) -> str:
    """Stable per request (the recipient's idempotency key); the creation time keeps it unique across restores."""
    return f"privashop-erasure-{request.pk}-{int(request.created_at.timestamp())}"


def recipient_deletion_send(*, request_id: int) -> str:
    """Send pending request ``request_id`` through its recipient's handler and record the answer.

    Returns the request's status afterwards (``done``, ``accepted``, ``rejected``, ``unsupported``...).
    Does nothing to a request that is not pending (answered, given up, unknown: returns its status or "").
    Raises ``RecipientUnavailable`` after recording the attempt and its code, for the task to retry; the
    recipient's idempotency key makes a repeated send harmless. No lock is held while calling out.
    """
    request = RecipientDeletionRequest.objects.filter(pk=request_id).first()
    if request is None:
        return ""
    if request.status != RecipientRequestStatus.PENDING:
        return request.status
    pending = RecipientDeletionRequest.objects.filter(pk=request_id, status=RecipientRequestStatus.PENDING)
    handler = recipient_handler_for(request.recipient_ref)
    if handler is None:
        pending.update(status=RecipientRequestStatus.UNSUPPORTED)
        return RecipientRequestStatus.UNSUPPORTED
    now = timezone.now()
    try:
        answer = handler(
            recipient_ref=request.recipient_ref, references=list(request.references), request_key=_request_key(request)
        )
    except RecipientRejected as exc:
        pending.update(
            status=RecipientRequestStatus.REJECTED, attempts=F("attempts") + 1, last_error=exc.code, answered_at=now
        )
        logger.warning("Deletion request %s refused by its recipient: %s", request_id, exc.code)
        return RecipientRequestStatus.REJECTED
    except RecipientUnavailable as exc:
        pending.update(attempts=F("attempts") + 1, last_error=exc.code)
        logger.info("Deletion request %s: recipient unavailable (%s), will retry", request_id, exc.code)
        raise
    status = RecipientRequestStatus.DONE if answer.done else RecipientRequestStatus.ACCEPTED
    pending.update(
        status=status,
        attempts=F("attempts") + 1,
        last_error="",
        answer_reference=answer.reference[:100],
        answered_at=now,
    )
    logger.info("Deletion request %s answered: %s", request_id, status)
    return status


def recipient_deletion_give_up(*, request_id: int, code: str) -> None:
    """Mark pending request ``request_id`` failed with ``code`` (its retries are exhausted)."""
    RecipientDeletionRequest.objects.filter(pk=request_id, status=RecipientRequestStatus.PENDING).update(
        status=RecipientRequestStatus.FAILED, last_error=code[:60]
    )
    logger.warning("Deletion request %s gave up: %s", request_id, code)


def recipient_request_retry(*, request_id: int) -> None:
    """Staff send a failed, refused or accepted-but-unconfirmed request again (queued after commit).

    Raises ``NotFound`` and ``Conflict`` (``recipient_request_not_retryable``) for a confirmed one or one
    whose recipient has no handler.
    """
    with transaction.atomic():
        request = RecipientDeletionRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None:
            raise NotFound(gettext("This deletion request does not exist."))
        retryable = (RecipientRequestStatus.FAILED, RecipientRequestStatus.REJECTED, RecipientRequestStatus.ACCEPTED)
        if request.status not in retryable or recipient_handler_for(request.recipient_ref) is None:
            raise Conflict(
                gettext("Only a failed, refused or unconfirmed request to a recipient with an API can be sent again."),
                code="recipient_request_not_retryable",
            )
        request.status = RecipientRequestStatus.PENDING
        request.last_error = ""
        request.save(update_fields=["status", "last_error"])
        transaction.on_commit(lambda: _queue_send([request.pk]), robust=True)


def recipient_request_mark_done(*, request_id: int) -> bool:
    """Staff record that the recipient confirmed the deletion another way (a letter, a call).
    Returns False when the request was already confirmed."""
    return bool(
        RecipientDeletionRequest.objects.filter(pk=request_id)
        .exclude(status=RecipientRequestStatus.DONE)
        .update(status=RecipientRequestStatus.DONE, answered_at=timezone.now(), last_error="")
    )


def recipient_requests_resend_stale(*, batch_size: int = RESEND_BATCH_SIZE) -> int:
    """Queue again up to ``batch_size`` requests still pending ``STALE_AFTER`` after their creation (their
    task was lost). Idempotent; returns how many were queued."""
    stale = list(
        RecipientDeletionRequest.objects.filter(
            status=RecipientRequestStatus.PENDING, created_at__lt=timezone.now() - STALE_AFTER
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    _queue_send(stale)
    return len(stale)
