"""Sign-up's own steps, beyond what allauth does: the date of birth and the acceptance of the policy in effect.

The sign-up form (``accounts.forms.SignupForm``, every sign-up allauth builds: website, headless, third-party)
only asks; these services check and write. ``AccountAdapter.save_user`` calls ``signup_complete`` inside the
transaction that creates the user, so there is never a user who signed up without the proof of what they
accepted (promises A8, B1, B4).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import InvalidProfile
from privacy.models import Channel
from privacy.services.policy import policy_accept

OLDEST_PLAUSIBLE_AGE_YEARS = 130


# The profile's refusal (code ``invalid``, ``fields.date_of_birth``): a date of birth is part of the profile.
InvalidDateOfBirth = InvalidProfile


def date_of_birth_check(value: datetime.date) -> datetime.date:
    """``value`` if it is a plausible date of birth; raises ``InvalidDateOfBirth`` (``fields.date_of_birth``)."""
    today = timezone.localdate()
    if value > today:
        message = "The date of birth cannot be in the future."
    elif value.year < today.year - OLDEST_PLAUSIBLE_AGE_YEARS:
        message = "Please check the year of your date of birth."
    else:
        return value
    raise InvalidDateOfBirth(message, fields={"date_of_birth": [message]})


def signup_complete(
    *,
    user: User,
    date_of_birth: datetime.date,
    policy_version: str | None,
    ip_address: str | None,
    user_agent: str,
) -> None:
    """Store ``user``'s date of birth and record their acceptance of ``policy_version`` (channel ``signup``).

    Idempotent (allauth may call it twice for one sign-up): an unchanged date is not written again and the
    acceptance is recorded once. ``policy_version`` is ``None`` before any policy is published. Raises
    ``InvalidDateOfBirth``, and ``PolicyVersionNotCurrent`` when another version took effect since the form
    was shown, which rolls the caller's sign-up back.
    """
    date_of_birth_check(date_of_birth)
    with transaction.atomic():
        if user.date_of_birth != date_of_birth:
            user.date_of_birth = date_of_birth
            user.save(update_fields=["date_of_birth"])
        if policy_version is not None:
            policy_accept(
                user=user, version=policy_version, ip_address=ip_address, user_agent=user_agent, channel=Channel.SIGNUP
            )
