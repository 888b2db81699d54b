"""How a person is named where others (or they themselves) read it: never "User #N"."""

from privacy.masking import mask_email


def user_display_name(user) -> str:
    """The nickname, else the masked email address (``m***@example.com``); allauth's ``ACCOUNT_USER_DISPLAY``."""
    nickname = (getattr(user, "nickname", "") or "").strip()
    if nickname:
        return nickname
    email = getattr(user, "email", "") or ""
    return mask_email(email) or "—"
