"""``privacy_notices`` in every template: the cookie banner, the notice of a non-material policy update,
a restricted minor's notice that a guardian's consent is needed, and the banner of a pending cancellation.

Everything is computed lazily, when ``templates/privacy/site_notices.html`` (or another template) reads it,
so pages that do not show notices cost nothing.
"""

from functools import cached_property

from privacy.cancellation.selectors import cancellation_pending_exists
from privacy.cookies import cookie_choice, optional_cookies_allowed
from privacy.gate import mark_notice_shown, request_policy_status
from privacy.incidents.selectors import incident_unacknowledged_exists
from privacy.models import PolicyVersion
from privacy.selectors.minors import user_is_restricted


class SiteNotices:
    def __init__(self, request) -> None:
        self._request = request

    @cached_property
    def policy_notice(self) -> PolicyVersion | None:
        """The non-material version in effect, if this signed-in user has not seen it yet; shown once."""
        user = getattr(self._request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        status = request_policy_status(self._request)
        if not status.notice_due:
            return None
        mark_notice_shown(self._request, status.current.pk)
        return status.current

    @cached_property
    def guardian_consent_needed(self) -> bool:
        """True for a signed-in minor without a guardian's consent (A8); a query only for minors."""
        user = getattr(self._request, "user", None)
        return bool(user is not None and user.is_authenticated and user_is_restricted(user=user))

    @cached_property
    def cancellation_pending(self) -> bool:
        """True while the signed-in user's request to cancel the account waits out its window (D4)."""
        user = getattr(self._request, "user", None)
        return bool(user is not None and user.is_authenticated and cancellation_pending_exists(user_id=user.pk))

    @cached_property
    def incident_notice_pending(self) -> bool:
        """True while a security incident notice sent to the signed-in user is not acknowledged (F4)."""
        user = getattr(self._request, "user", None)
        return bool(user is not None and user.is_authenticated and incident_unacknowledged_exists(user_id=user.pk))

    @cached_property
    def cookie_banner(self) -> bool:
        """True until the visitor has chosen which cookies to allow."""
        return cookie_choice(self._request) is None

    @cached_property
    def optional_cookies_allowed(self) -> bool:
        return optional_cookies_allowed(self._request)


def privacy_notices(request) -> dict:
    return {"privacy_notices": SiteNotices(request)}
