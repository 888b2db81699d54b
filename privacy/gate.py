"""The policy gate (promise B1): a signed-in user who has not accepted the binding material version
reaches nothing but the policy itself and their rights until they accept it.

Two halves, one rule (``privacy.selectors.policy``):

* ``PolicyGateMiddleware`` (after ``AuthenticationMiddleware``) sees session users: website pages redirect
  to the accept page with ``?next=``; ``/api/`` paths answer the JSON 403. It also records that a policy
  notice was shown, once the page that showed it has been served.
* ``PolicyAcceptanceGate``, a DRF permission in ``DEFAULT_PERMISSION_CLASSES``, sees users authenticated
  inside the view (``X-Session-Token``). An API view that sets its own ``permission_classes`` must list
  it too (a test walks the API URLs to check).

Paths in ``PRIVACY_GATE_EXEMPT_PATHS`` (prefixes) are always reachable, and ``PRIVACY_GATE_STAFF_EXEMPT_PATHS``
for staff (the admin, where versions are published). The state is computed once per request (one query).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from rest_framework.permissions import BasePermission

from privacy.errors import PolicyAcceptanceRequired
from privacy.selectors.policy import PolicyStatus, policy_status
from privacy.services.policy import policy_notice_record_shown

_NOTICE_SHOWN_ATTR = "_privacy_notice_version_id"
_NOTICE_HEADER_ATTR = "_privacy_notice_header"
# On API responses to a signed-in user while a non-material version's notice is due (B2): its label.
NOTICE_HEADER = "X-Policy-Notice"


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


def _always_reachable(path: str) -> bool:
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/") and path.startswith(url):
            return True
    return path.startswith(tuple(settings.PRIVACY_GATE_EXEMPT_PATHS))


def path_is_exempt(path: str, user) -> bool:
    if _always_reachable(path):
        return True
    return bool(user.is_staff) and path.startswith(tuple(settings.PRIVACY_GATE_STAFF_EXEMPT_PATHS))


def acceptance_required_error(status: PolicyStatus) -> PolicyAcceptanceRequired:
    return PolicyAcceptanceRequired(
        policy_version=status.current.version,
        accept_url=reverse("api:privacy-policy-accept"),
    )


class PolicyGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._gate(request)
        if response is None:
            response = self.get_response(request)
        self._record_notice(request, response)
        notice_version = getattr(request, _NOTICE_HEADER_ATTR, None)
        if notice_version:
            response[NOTICE_HEADER] = notice_version
        return response

    def _gate(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path_info
        if _always_reachable(path):
            return None
        user = request.user
        if not user.is_authenticated or path_is_exempt(path, user):
            return None
        status = request_policy_status(request)
        if not status.acceptance_required:
            return None
        if path.startswith(settings.PRIVACY_GATE_API_PREFIX):
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
        if not user or not user.is_authenticated or path_is_exempt(request.path_info, user):
            return True
        status = request_policy_status(request, user=user)
        if status.acceptance_required:
            raise acceptance_required_error(status)
        if status.notice_due:
            # Apps learn of a non-material update from this header until they acknowledge it (B2).
            setattr(_http_request(request), _NOTICE_HEADER_ATTR, status.current.version)
        return True
