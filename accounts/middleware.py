"""Staff must have a second factor before the admin opens (OWASP ASVS V2.2: multi-factor for administrators).

A signed-in staff member who has no authenticator yet (``allauth.mfa``: an authenticator app, TOTP) is
sent from any admin page to the set-up page (which then shows the recovery codes to keep). Signing in to
the admin always goes through allauth's login (``config/urls.py``), which asks for the second factor.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


class StaffSecondFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and request.path_info.startswith(f"/{settings.ADMIN_URL}")
            and not is_mfa_enabled(user)
        ):
            messages.warning(request, "Set up two-factor authentication before you use the admin.")
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
