"""Anonymising one account, exactly as a completed cancellation does (promises D4, C4, E2, E3).

``account_anonymise`` is the one entry point for every reason an account goes: the user's cancellation
once its cooling-off window ended, an inactive account (retention), a shop that ceases operation
(``anonymise_all``), and the re-application after a backup restore (``reapply_erasures``). In one
transaction per user, holding the lock on the user's row:

1. an account under an active legal hold is left alone (``on_hold``); one a registered blocker refuses
   (orders still on their way) is left alone too (``blocked``), unless it was erased before;
2. the registry-driven erasure (``privacy.services.erasure``) deletes or blanks every declared row, ends
   the sessions and app tokens, runs the apps' erasure handlers and anonymises the account row (login
   impossible); pending export files go once the transaction commits;
3. a tombstone records the erasure (user id, pseudonymous reference, counts per model and per retention
   category); a pending cancellation request of the user is completed;
4. a deletion request is created for every recipient in the user's disclosure log (sent after commit);
5. last, just before the commit, the user is told by email, at the address read before step 2. The
   email goes once: only the run that creates the tombstone sends it. If the mail server refuses, the
   email is skipped and the tombstone says so (``confirmation_email_sent``), unless the caller asked for
   the email to be required, in which case the whole erasure rolls back to be tried again later.

Idempotent: a second run of an erased account changes nothing more (it re-applies the rules, which find
nothing left; the tombstone counts one more application). Crash-safe: any error inside rolls the user
back entirely. Nothing here logs or passes personal data: user ids, counts and codes.
"""

import logging
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.i18n import language_of
from privacy.cancellation.errors import ConfirmationEmailNotSent
from privacy.cancellation.models import CancellationRequest, CancellationStatus, ErasureTombstone, ErasureTrigger
from privacy.cancellation.services.emails import account_anonymised_email_send, deliverable
from privacy.cancellation.services.journal import journal_append
from privacy.cancellation.services.recipients import recipient_requests_create
from privacy.erasure_hooks import erasure_blocking
from privacy.pseudonyms import user_ref_for
from privacy.registry import for_model
from privacy.selectors.holds import legal_hold_active_for_user
from privacy.services.erasure import ErasureSummary, user_erase_personal_data

logger = logging.getLogger(__name__)

# Who is told by email that their account is gone. A shop that ceases operation gives its notice before.
NOTIFIED_TRIGGERS = frozenset({ErasureTrigger.CANCELLATION, ErasureTrigger.INACTIVITY})


class AnonymisationOutcome(StrEnum):
    ANONYMISED = "anonymised"  # erased now, tombstone written
    ALREADY_ANONYMISED = "already_anonymised"  # had a tombstone: the rules were applied again
    ON_HOLD = "on_hold"  # an active legal hold: nothing changed
    BLOCKED = "blocked"  # a registered blocker (``blocked_by``) refused: nothing changed
    POSTPONED = "postponed"  # the required last email could not be sent: rolled back
    NOT_FOUND = "not_found"  # no such user


@dataclass(frozen=True)
class AnonymisationResult:
    """What ``account_anonymise`` did to one account; ``summary`` is the erasure's own report."""

    user_id: int
    outcome: AnonymisationOutcome
    tombstone_id: int | None = None
    summary: ErasureSummary | None = None
    blocked_by: str = ""
    blocking: tuple[str, ...] = ()
    email_sent: bool = False
    recipient_requests: int = 0

    @property
    def anonymised(self) -> bool:
        """True when the account is anonymised now (this run or an earlier one)."""
        return self.outcome in (AnonymisationOutcome.ANONYMISED, AnonymisationOutcome.ALREADY_ANONYMISED)


def account_anonymise(*, user_id: int, trigger: str) -> AnonymisationResult:
    """Anonymise account ``user_id`` exactly like a completed cancellation; see the module docstring.

    ``trigger`` is an ``ErasureTrigger`` value (``"inactivity"`` for retention). Skips and reports an
    account under an active legal hold (``on_hold``) or refused by a blocker (``blocked``). Idempotent,
    one transaction for the user (crash-safe), irreversible. Sends the last email for the triggers in
    ``NOTIFIED_TRIGGERS`` when the account has a deliverable address; a mail failure does not stop it.
    Raises ``ValueError`` for an unknown trigger.
    """
    trigger = ErasureTrigger(trigger)
    return anonymise_account(user_id=user_id, trigger=trigger, notify=trigger in NOTIFIED_TRIGGERS)


def anonymise_account(
    *, user_id: int, trigger: ErasureTrigger, notify: bool, email_required: bool = False
) -> AnonymisationResult:
    """``account_anonymise`` with the email policy spelled out: ``notify`` sends the last email,
    ``email_required`` rolls everything back (outcome ``postponed``) when it cannot be sent."""
    try:
        return _anonymise(user_id=user_id, trigger=trigger, notify=notify, email_required=email_required)
    except ConfirmationEmailNotSent:
        return AnonymisationResult(user_id=user_id, outcome=AnonymisationOutcome.POSTPONED)


def _counts(summary: ErasureSummary) -> dict:
    by_category: Counter[str] = Counter()
    for label, count in (*summary.deleted.items(), *summary.anonymised.items()):
        declaration = for_model(label)
        by_category[declaration.retention if declaration else "cascade"] += count
    return {
        "deleted": summary.deleted,
        "anonymised": summary.anonymised,
        "by_category": dict(sorted(by_category.items())),
    }


def _anonymise(*, user_id: int, trigger: ErasureTrigger, notify: bool, email_required: bool) -> AnonymisationResult:
    user_model = get_user_model()
    with transaction.atomic():
        if not list(user_model._base_manager.select_for_update().filter(pk=user_id).values_list("pk", flat=True)):
            return AnonymisationResult(user_id=user_id, outcome=AnonymisationOutcome.NOT_FOUND)
        if legal_hold_active_for_user(user_id=user_id):
            logger.info("User %s is under a legal hold: anonymisation postponed", user_id)
            return AnonymisationResult(user_id=user_id, outcome=AnonymisationOutcome.ON_HOLD)
        tombstone = ErasureTombstone.objects.select_for_update().filter(user_id=user_id).first()
        if tombstone is None and (blocking := erasure_blocking(user_id=user_id)):
            blocker, items = blocking
            logger.info("User %s cannot be anonymised yet: %s", user_id, blocker.code)
            return AnonymisationResult(
                user_id=user_id, outcome=AnonymisationOutcome.BLOCKED, blocked_by=blocker.code, blocking=tuple(items)
            )
        address = ""
        language = ""
        if tombstone is None and notify:
            # The address and the language of the last email, read before the erasure blanks them.
            row = user_model._base_manager.get(pk=user_id)
            address = getattr(row, user_model.get_email_field_name())
            language = language_of(row)

        summary = user_erase_personal_data(user_id=user_id)

        now = timezone.now()
        created = tombstone is None
        if created:
            tombstone = ErasureTombstone.objects.create(
                user_id=user_id,
                user_ref=user_ref_for(user_id),
                trigger=trigger,
                completed_at=now,
                last_applied_at=now,
                counts=_counts(summary),
                sessions_ended=summary.sessions_ended,
            )
            transaction.on_commit(
                partial(journal_append, user_id=user_id, user_ref=tombstone.user_ref, trigger=trigger, completed_at=now)
            )
        else:
            ErasureTombstone.objects.filter(pk=tombstone.pk).update(
                last_applied_at=now, applied_count=F("applied_count") + 1
            )
        CancellationRequest.objects.filter(user_id=user_id, status=CancellationStatus.PENDING).update(
            status=CancellationStatus.COMPLETED, completed_at=now, tombstone=tombstone, last_error=""
        )
        new_requests = recipient_requests_create(tombstone=tombstone)

        # Last, so that the email is sent only when everything else is in place, right before the commit.
        email_sent = False
        if created and deliverable(address):
            email_sent = _send_last_email(
                user_id=user_id,
                address=address,
                language=language,
                trigger=trigger,
                completed_at=now,
                required=email_required,
            )
            if email_sent:
                ErasureTombstone.objects.filter(pk=tombstone.pk).update(confirmation_email_sent=True)

    logger.info(
        "Anonymised user %s (%s): tombstone %s, %s recipient deletion requests",
        user_id,
        "new" if created else "re-applied",
        tombstone.pk,
        new_requests,
    )
    return AnonymisationResult(
        user_id=user_id,
        outcome=AnonymisationOutcome.ANONYMISED if created else AnonymisationOutcome.ALREADY_ANONYMISED,
        tombstone_id=tombstone.pk,
        summary=summary,
        email_sent=email_sent,
        recipient_requests=new_requests,
    )


def _send_last_email(*, user_id: int, address: str, language: str, trigger: str, completed_at, required: bool) -> bool:
    try:
        account_anonymised_email_send(address=address, language=language, trigger=trigger, completed_at=completed_at)
    except OSError as exc:
        logger.warning("The last email to user %s was not sent (%s)", user_id, type(exc).__name__)
        if required:
            raise ConfirmationEmailNotSent() from None
        return False
    return True
