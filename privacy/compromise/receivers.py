"""Announcements the compromise reports listen to: a completed password reset closes the user's reports."""

from privacy.compromise.services import compromise_reports_close


def close_reports_on_password_reset(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:
        compromise_reports_close(user_id=user.pk)
