"""``privacy_notices`` in every template: the cookie banner, the notice of a non-material policy update,
a restricted minor's notice that a guardian's consent is needed, and the banner of a pending cancellation.

Everything is computed lazily, when ``templates/privacy/site_notices.html`` (or another template) reads it,
so pages that do not show notices cost nothing.
"""

from functools import cached_property

from privacy.cookies import cookie_choice, optional_cookies_allowed
from privacy.extensions import site as extensions
from privacy.gate import mark_notice_shown, request_policy_status
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

    def __getattr__(self, name: str) -> bool:
        """A banner a sub-app registered (``privacy.extensions.site_notice_register``): ``cancellation_pending``
        (D4), ``incident_notice_pending`` (F4). Asked once per request, for a signed-in user only."""
        check = extensions.site_notices.get(name)
        if check is None:
            raise AttributeError(name)
        user = getattr(self._request, "user", None)
        shown = bool(user is not None and user.is_authenticated and check(user_id=user.pk))
        self.__dict__[name] = shown
        return shown

    @cached_property
    def cookie_banner(self) -> bool:
        """True until the visitor has chosen which cookies to allow."""
        return cookie_choice(self._request) is None

    @cached_property
    def optional_cookies_allowed(self) -> bool:
        return optional_cookies_allowed(self._request)


def privacy_notices(request) -> dict:
    return {"privacy_notices": SiteNotices(request)}
