"""Writes about consents to optional purposes (promises A3, A6, D3, B5)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from privacy.errors import GuardianApprovalRequired, UnknownPurpose
from privacy.models import Channel, ConsentRecord
from privacy.profile import date_of_birth
from privacy.pseudonyms import user_ref_for
from privacy.purposes import ANALYTICS_COOKIES, GUARDIAN_APPROVED_PURPOSES, PURPOSES_BY_CODE
from privacy.selectors.consent import consent_state
from privacy.selectors.minors import guardian_approved_purposes, user_is_minor
from privacy.selectors.policy import policy_version_current


def consent_set(
    *, user, changes: dict[str, bool], ip_address: str | None, user_agent: str, channel: str
) -> dict[str, bool]:
    """Apply ``changes`` (``{purpose: granted}``) and return the user's whole new state.

    Writes one record per purpose whose state actually changes, bound to the policy version in effect
    (A6); a choice equal to the current state writes nothing, so calling it twice is harmless. A
    withdrawal counts from the commit on: ``consent_is_granted`` reads the latest record. Locks the
    user's row so two concurrent changes cannot both see the old state. Raises ``UnknownPurpose``
    (with the unknown names in ``fields``) before writing anything.
    """
    unknown = sorted(set(changes) - PURPOSES_BY_CODE.keys())
    if unknown:
        raise UnknownPurpose(fields={purpose: ["Unknown purpose."] for purpose in unknown})
    _guardian_approval_check(user=user, changes=changes)
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        state = consent_state(user=user)
        changed = {purpose: bool(granted) for purpose, granted in changes.items() if state[purpose] != bool(granted)}
        if changed:
            current = policy_version_current()
            user_ref = user_ref_for(user.pk)
            ConsentRecord.objects.bulk_create(
                ConsentRecord(
                    user=user,
                    user_ref=user_ref,
                    purpose=purpose,
                    granted=granted,
                    policy_version=current,
                    ip_address=ip_address,
                    user_agent=user_agent,
                    channel=Channel(channel),
                )
                for purpose, granted in changed.items()
            )
        state.update(changed)
    return state


def _guardian_approval_check(*, user, changes: dict[str, bool]) -> None:
    """A minor switches on personalisation or marketing only when their guardian approved it (A8).
    Raises ``GuardianApprovalRequired`` naming the purposes at fault; switching off is always allowed."""
    wanted = [p for p, granted in changes.items() if granted and p in GUARDIAN_APPROVED_PURPOSES]
    if not wanted or not user_is_minor(date_of_birth=date_of_birth(user)):
        return
    missing = sorted(set(wanted) - guardian_approved_purposes(user_id=user.pk))
    if missing:
        raise GuardianApprovalRequired(
            fields={p: ["Your parent or guardian must approve this first."] for p in missing}
        )


def cookie_choice_record(*, user, allow_optional: bool, ip_address: str | None, user_agent: str) -> None:
    """Record a signed-in visitor's cookie banner choice as consent to ``analytics_cookies`` (B5)."""
    consent_set(
        user=user,
        changes={ANALYTICS_COOKIES: allow_optional},
        ip_address=ip_address,
        user_agent=user_agent,
        channel=Channel.WEB,
    )
