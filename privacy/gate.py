"""The policy gate (promise B1): a signed-in user who has not accepted the binding material version
reaches nothing but the policy itself and their rights until they accept it.

Two halves, one rule (``privacy.selectors.policy``):

* ``PolicyGateMiddleware`` (after ``AuthenticationMiddleware``) gates website pages for session users: they
  are redirected to the accept page with ``?next=``. allauth's headless API (``/_allauth/``) is gated for
  session and app-token users alike, with the JSON 403. It also records that a policy notice was shown, once
  the page that showed it has been served.
* ``PolicyAcceptanceGate``, a DRF permission in ``DEFAULT_PERMISSION_CLASSES`` that every API view built on
  ``core.api.views.ApiView`` checks, gates API calls of session and token users with the JSON 403.

A view marked ``@policy_gate_exempt`` (the policy itself, the user's rights, signing in and out) is always
reachable; one marked ``@policy_gate_exempt_for_staff`` (the admin, where versions are published) is for
staff. Third-party views are marked where their URLs are mounted (``gate_exempt_urlpatterns``). The state is
computed once per request (one query).
"""

from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from rest_framework.permissions import BasePermission

from core.json_paths import wants_json
from core.view_markers import mark_urlpatterns, mark_view, view_is_marked
from privacy.errors import PolicyAcceptanceRequired
from privacy.selectors.policy import PolicyStatus, policy_status
from privacy.services.policy import policy_notice_record_shown

_NOTICE_SHOWN_ATTR = "_privacy_notice_version_id"
_NOTICE_HEADER_ATTR = "_privacy_notice_header"
# On API responses to a signed-in user while a non-material version's notice is due (B2): its label.
NOTICE_HEADER = "X-Policy-Notice"
_EXEMPT = "policy_gate_exempt"
_STAFF_EXEMPT = "policy_gate_exempt_for_staff"


def policy_gate_exempt(view):
    """Marks a view (function or class) that a signed-in user reaches before accepting the policy."""
    return mark_view(view, _EXEMPT)


def policy_gate_exempt_for_staff(view):
    """Marks a view that staff reach before accepting the policy (so that they can publish a version)."""
    return mark_view(view, _STAFF_EXEMPT)


def gate_exempt_urlpatterns(patterns: Iterable, *, names: Iterable[str] | None = None, staff_only: bool = False):
    """``patterns`` with their views (only those named in ``names``, if given) marked exempt from the gate."""
    return mark_urlpatterns(patterns, _STAFF_EXEMPT if staff_only else _EXEMPT, names=names)


def view_is_gate_exempt(view, user) -> bool:
    """Whether ``view`` (a resolved view function, or a DRF view instance) is exempt for ``user``."""
    if view_is_marked(view, _EXEMPT) or getattr(view, _EXEMPT, False):
        return True
    return bool(user.is_staff) and (view_is_marked(view, _STAFF_EXEMPT) or getattr(view, _STAFF_EXEMPT, False))


def _http_request(request) -> HttpRequest:
    return getattr(request, "_request", request)


def request_policy_status(request, user=None) -> PolicyStatus:
    """The policy status of ``user`` (default ``request.user``), computed at most once per request."""
    user = user if user is not None else request.user
    user_id = user.pk if user.is_authenticated else None
    http_request = _http_request(request)
    memo = getattr(http_request, "_privacy_policy_status", None)
    if memo is not None and memo[0] == user_id:
        return memo[1]
    status = policy_status(user_id=user_id)
    http_request._privacy_policy_status = (user_id, status)
    return status


def forget_request_policy_status(request) -> None:
    """Drop the memo after the state changed within the request (an acceptance)."""
    http_request = _http_request(request)
    if hasattr(http_request, "_privacy_policy_status"):
        del http_request._privacy_policy_status


def mark_notice_shown(request, version_id: int) -> None:
    """Ask the middleware to record the notice once the response that shows it has been served."""
    setattr(_http_request(request), _NOTICE_SHOWN_ATTR, version_id)


def _static_or_media(path: str) -> bool:
    prefixes = [url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/")]
    return path.startswith(tuple(prefixes))


def acceptance_required_error(status: PolicyStatus) -> PolicyAcceptanceRequired:
    return PolicyAcceptanceRequired(
        policy_version=status.current.version,
        accept_url=reverse("api:privacy-policy-accept"),
    )


def _token_user(request: HttpRequest):
    """The user of a headless app's ``X-Session-Token`` (allauth reads it inside its views, after middleware)."""
    if not request.headers.get("X-Session-Token"):
        return None
    from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication

    authenticated = XSessionTokenAuthentication().authenticate(request)
    return authenticated[0] if authenticated else None


class PolicyGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        self._record_notice(request, response)
        notice_version = getattr(request, _NOTICE_HEADER_ATTR, None)
        if notice_version:
            response[NOTICE_HEADER] = notice_version
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if getattr(view_func, "cls", None) is not None:  # DRF's as_view() keeps its view class as ``cls``
            # API views run PolicyAcceptanceGate themselves, for token users too, and answer the JSON 403.
            return None
        json_api = wants_json(request)
        user = request.user if request.user.is_authenticated or not json_api else _token_user(request)
        if user is None or not user.is_authenticated or _static_or_media(request.path_info):
            return None
        if view_is_gate_exempt(view_func, user):
            return None
        status = request_policy_status(request, user=user)
        if not status.acceptance_required:
            return None
        if json_api:
            error = acceptance_required_error(status)
            return JsonResponse(error.as_dict(), status=error.status_code)
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('privacy:policy-accept')}?{query}")

    def _record_notice(self, request: HttpRequest, response: HttpResponse) -> None:
        version_id = getattr(request, _NOTICE_SHOWN_ATTR, None)
        if version_id is not None and response.status_code == 200 and request.user.is_authenticated:
            policy_notice_record_shown(user_id=request.user.pk, version_id=version_id)


class PolicyAcceptanceGate(BasePermission):
    """Refuses API calls of a signed-in user who must first accept the policy (403 ``policy_acceptance_required``)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated or view_is_gate_exempt(view, user):
            return True
        status = request_policy_status(request, user=user)
        if status.acceptance_required:
            raise acceptance_required_error(status)
        if status.notice_due:
            # Apps learn of a non-material update from this header until they acknowledge it (B2).
            setattr(_http_request(request), _NOTICE_HEADER_ATTR, status.current.version)
        return True

    def documented_errors(self, view) -> dict[int, list[str]]:
        """For the schema (``core.api.schema.ApiAutoSchema``): what this permission can refuse with."""
        return {} if getattr(view, _EXEMPT, False) else {403: ["policy_acceptance_required"]}
