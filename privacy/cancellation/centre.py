"""The privacy centre's cancellation card (registered with ``privacy.extensions.centre_summary_register``)."""

from typing import Any

from privacy.cancellation.selectors import CancellationState, cancellation_latest

PENDING_STATES = (CancellationState.COOLING_OFF, CancellationState.DUE, CancellationState.ON_HOLD)


def cancellation_centre_summary(*, user_id: int) -> dict[str, Any]:
    cancellation = cancellation_latest(user_id=user_id)
    state = cancellation.state if cancellation else None
    return {
        "cancellation_state": state,
        "cancellation_due_at": cancellation.request.due_at if cancellation else None,
        "cancellation_pending": state in PENDING_STATES,
    }
