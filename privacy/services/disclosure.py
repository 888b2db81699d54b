"""Recording what personal data left the shop, to whom and why (promises C3, E4)."""

from collections.abc import Iterable

from privacy.models import DisclosureOutcome, DisclosureRecord


def disclosure_record(
    *,
    user_id: int | None,
    recipient: str,
    recipient_ref: str,
    purpose: str,
    fields: Iterable[str],
    cross_border: bool = False,
    reference: str = "",
    outcome: str = DisclosureOutcome.ACCEPTED,
    outcome_code: str = "",
    recipient_region: str = "",
) -> DisclosureRecord:
    """Write one disclosure record: the recipient, the purpose and the *names* of the fields sent.

    Call it when the data is sent, whatever the answer (C3): a refusal (``outcome="rejected"``) or a call
    without an answer that will be retried (``"unavailable"``) is on record too, with its error code; the
    recipient may hold the data either way, so it is asked to delete it when the account goes (C4).
    Field values are never stored here. Raises ``ValueError`` when no field is named: a handoff
    that shares nothing is not a disclosure, and an empty list usually means a caller forgot to pass it.
    """
    field_names = sorted(set(fields))
    if not field_names:
        raise ValueError("A disclosure must name the fields that were shared.")
    return DisclosureRecord.objects.create(
        user_id=user_id,
        recipient=recipient,
        recipient_ref=recipient_ref,
        purpose=purpose,
        fields=field_names,
        cross_border=cross_border,
        reference=reference,
        outcome=DisclosureOutcome(outcome),
        outcome_code=outcome_code[:60],
        recipient_region=recipient_region[:8],
    )
