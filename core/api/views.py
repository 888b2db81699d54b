"""The one base of every API endpoint: authentication, access, the policy gate, throttles, documented errors.

An endpoint subclasses ``ApiView`` (or mixes ``ApiMixin`` into a DRF generic view) and states only what is
special about it:

* ``access``: who may call it. ``Access.SIGNED_IN`` (the default), ``Access.PUBLIC``, or
  ``Access.PUBLIC_READ`` (anyone reads, only signed-in users write).
* ``throttle_scope``: the rate limit of its unsafe methods (``core.api.throttling``), if any.
* markers, as decorators on the class: ``privacy.gate.policy_gate_exempt`` (reachable before accepting the
  policy) and ``core.cache_control.cacheable`` (anonymous reads may be cached).

Authentication comes from ``REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]``; the site-wide checks every
endpoint passes after its access rule (the policy gate) from ``DEFAULT_PERMISSION_CLASSES``: core names no
app, ``config`` wires them. A view may not set ``permission_classes`` (a test walks every API URL).

The schema (``core.api.schema.ApiAutoSchema``) adds to each operation the error responses these rules can
give (401/403 for access and the gate, 429 for the throttle), so a view documents only its own errors.
"""

import enum
from collections import defaultdict

from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView

from core.api.throttling import ActionRateThrottle


class Access(enum.Enum):
    SIGNED_IN = "signed_in"
    PUBLIC = "public"
    PUBLIC_READ = "public_read"


_ACCESS_PERMISSION = {
    Access.SIGNED_IN: permissions.IsAuthenticated,
    Access.PUBLIC: permissions.AllowAny,
    Access.PUBLIC_READ: permissions.IsAuthenticatedOrReadOnly,
}


class ApiMixin:
    """What every API view shares; see the module docstring."""

    access: Access = Access.SIGNED_IN
    throttle_scope: str | None = None

    def get_permissions(self) -> list:
        return [_ACCESS_PERMISSION[self.access](), *super().get_permissions()]

    def get_throttles(self) -> list:
        return [ActionRateThrottle()] if self.throttle_scope else []

    def documented_errors(self, method: str) -> dict[int, list[str]]:
        """The error codes per status that the shared rules can answer for ``method``, for the schema."""
        errors: dict[int, list[str]] = defaultdict(list)
        unsafe = method.upper() not in permissions.SAFE_METHODS
        if self.access is Access.SIGNED_IN or (self.access is Access.PUBLIC_READ and unsafe):
            errors[401].append("not_authenticated")
            errors[403].append("not_authenticated")
        if unsafe and any(isinstance(a, SessionAuthentication) for a in self.get_authenticators()):
            errors[403].append("permission_denied")
        for permission in super().get_permissions():
            for status_code, codes in getattr(permission, "documented_errors", lambda view: {})(self).items():
                errors[status_code].extend(codes)
        if unsafe and self.throttle_scope:
            errors[429].append("rate_limited")
        return dict(errors)


class ApiView(ApiMixin, APIView):
    """An API endpoint on DRF's ``APIView``."""
