"""Erasing what was collected from a minor without a guardian's consent (promise A8), with the machinery of
account cancellation. The consent itself is the engine's (``privacy.services.minors``)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from privacy.cancellation.models import ErasureTrigger
from privacy.cancellation.services.anonymise import account_anonymise
from privacy.errors import MinorErasureHeld, NotARestrictedMinor
from privacy.selectors.minors import user_is_restricted_minor


def minor_erase_unconsented_data(*, user_id: int):
    """Erase the personal data of a minor's account that has no guardian's consent (A8) through the
    machinery of account cancellation (``privacy.cancellation.services.account_anonymise``): a legal hold
    is respected, a tombstone and a journal entry let a restore re-apply it, and every recipient in the
    disclosure log is asked to delete the data. Returns the ``AnonymisationResult``.

    Raises ``NotARestrictedMinor`` for any other account (an adult, a minor with consent, an account
    already erased), checked under the lock the erasure holds, so nothing else is ever erased here;
    ``MinorErasureHeld`` (409) while a legal hold (or a registered blocker) keeps the account.
    """
    with transaction.atomic():
        # The user row, locked: the check below and the erasure see the same account state.
        get_user_model().objects.select_for_update().filter(pk=user_id).first()
        if not user_is_restricted_minor(user_id=user_id):
            raise NotARestrictedMinor()
        result = account_anonymise(user_id=user_id, trigger=ErasureTrigger.MINOR_WITHOUT_CONSENT)
        if not result.anonymised:
            raise MinorErasureHeld(outcome=str(result.outcome))
    return result
