"""Reading cancellation requests, tombstones and recipient deletion requests."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from privacy.cancellation.models import (
    CancellationRequest,
    CancellationStatus,
    ErasureTombstone,
    RecipientDeletionRequest,
)
from privacy.selectors.holds import held_user_ids, legal_hold_active_for_user


class CancellationState:
    """How a request looks to its user; ``on_hold`` and ``due`` are pending requests seen from outside."""

    COOLING_OFF = "cooling_off"  # pending, the window still runs: the user can revoke it
    DUE = "due"  # pending, the window is over: the account is being anonymised
    ON_HOLD = "on_hold"  # pending, a legal hold postpones the anonymisation
    REVOKED = "revoked"
    COMPLETED = "completed"

    ALL = (COOLING_OFF, DUE, ON_HOLD, REVOKED, COMPLETED)


@dataclass(frozen=True)
class CancellationSnapshot:
    request: CancellationRequest
    state: str

    @property
    def can_revoke(self) -> bool:
        return self.request.status == CancellationStatus.PENDING


def cancellation_state(request: CancellationRequest, *, on_hold: bool, now: datetime | None = None) -> str:
    if request.status != CancellationStatus.PENDING:
        return request.status
    if on_hold:
        return CancellationState.ON_HOLD
    return CancellationState.DUE if request.due_at <= (now or timezone.now()) else CancellationState.COOLING_OFF


def cancellation_latest(*, user_id: int) -> CancellationSnapshot | None:
    """The user's latest request and its state as they see it, or None. Two queries at most."""
    request = CancellationRequest.objects.filter(user_id=user_id).order_by("-requested_at", "-id").first()
    if request is None:
        return None
    on_hold = request.status == CancellationStatus.PENDING and legal_hold_active_for_user(user_id=user_id)
    return CancellationSnapshot(request=request, state=cancellation_state(request, on_hold=on_hold))


def cancellation_pending_exists(*, user_id: int) -> bool:
    """Whether the user has a pending request (the site banner). One query."""
    return CancellationRequest.objects.filter(user_id=user_id, status=CancellationStatus.PENDING).exists()


def cancellation_due_ids(*, now: datetime, limit: int) -> list[int]:
    """Ids of up to ``limit`` pending requests whose window ended, not postponed, whose user is not held;
    oldest due first."""
    return list(
        CancellationRequest.objects.filter(status=CancellationStatus.PENDING, due_at__lte=now)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exclude(user_id__in=held_user_ids())
        .order_by("due_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def tombstone_user_ids_after(*, after_user_id: int, limit: int) -> list[int]:
    """User ids of tombstones, in id order, past ``after_user_id`` (for batched walks)."""
    return list(
        ErasureTombstone.objects.filter(user_id__gt=after_user_id)
        .order_by("user_id")
        .values_list("user_id", flat=True)[:limit]
    )


def accounts_to_anonymise(*, include_staff: bool = False) -> QuerySet:
    """Every account not anonymised yet (no tombstone), staff accounts only when asked: ``anonymise_all``."""
    users = get_user_model()._base_manager.exclude(pk__in=ErasureTombstone.objects.values("user_id"))
    if not include_staff:
        users = users.filter(is_staff=False, is_superuser=False)
    return users.order_by("pk")


def recipient_requests_overdue(*, now: datetime | None = None) -> QuerySet:
    """Deletion requests past their deadline without a confirmed deletion, oldest deadline first."""
    return RecipientDeletionRequest.objects.overdue(now=now).select_related("tombstone").order_by("deadline_at", "id")
