"""How a person is named where others (or they themselves) read it: never "User #N"."""

from privacy.masking import mask_email, mask_name


def user_display_name(user) -> str:
    """The nickname, else the masked email address (``m***@example.com``); allauth's ``ACCOUNT_USER_DISPLAY``."""
    nickname = (getattr(user, "nickname", "") or "").strip()
    if nickname:
        return nickname
    email = getattr(user, "email", "") or ""
    return mask_email(email) or "—"


def user_masked_name(user) -> str:
    """How a user is named where staff or logs may read it (``str(user)``, the admin): the nickname masked
    like a name (``"王*"``), else the masked email; the full value stays behind the admin's reveal."""
    nickname = (getattr(user, "nickname", "") or "").strip()
    if nickname:
        return mask_name(nickname) or "—"
    return mask_email(getattr(user, "email", "") or "") or "—"
