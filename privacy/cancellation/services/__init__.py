"""Services of account cancellation and anonymisation. The contract other parts of the project use:

* ``account_anonymise(*, user_id, trigger) -> AnonymisationResult``: anonymise one account exactly like a
  completed cancellation (retention calls it with ``trigger="inactivity"``);
* ``cancellation_request`` / ``cancellation_revoke`` / ``cancellation_complete`` / ``cancellation_complete_due``;
* ``legal_hold_place`` / ``legal_hold_release``;
* ``recipient_deletion_send`` and the staff actions on recipient deletion requests;
* ``anonymise_all_preview`` / ``anonymise_all_run`` / ``erasures_reapply`` for the management commands.
"""

from privacy.cancellation.services.anonymise import (
    AnonymisationOutcome,
    AnonymisationResult,
    account_anonymise,
    anonymise_account,
)
from privacy.cancellation.services.bulk import (
    BulkSummary,
    anonymise_all_preview,
    anonymise_all_run,
    erasures_reapply,
    tombstones_restore_from_journal,
)
from privacy.cancellation.services.holds import legal_hold_place, legal_hold_release
from privacy.cancellation.services.recipients import (
    recipient_deletion_give_up,
    recipient_deletion_send,
    recipient_request_mark_done,
    recipient_request_retry,
    recipient_requests_create,
    recipient_requests_resend_stale,
)
from privacy.cancellation.services.requests import (
    cancellation_anonymise_now_queue,
    cancellation_attempt_failed,
    cancellation_complete,
    cancellation_complete_due,
    cancellation_request,
    cancellation_revoke,
    cooling_off,
)

__all__ = [
    "AnonymisationOutcome",
    "AnonymisationResult",
    "BulkSummary",
    "account_anonymise",
    "anonymise_account",
    "anonymise_all_preview",
    "anonymise_all_run",
    "cancellation_anonymise_now_queue",
    "cancellation_attempt_failed",
    "cancellation_complete",
    "cancellation_complete_due",
    "cancellation_request",
    "cancellation_revoke",
    "cooling_off",
    "erasures_reapply",
    "legal_hold_place",
    "legal_hold_release",
    "recipient_deletion_give_up",
    "recipient_deletion_send",
    "recipient_request_mark_done",
    "recipient_request_retry",
    "recipient_requests_create",
    "recipient_requests_resend_stale",
    "tombstones_restore_from_journal",
]
