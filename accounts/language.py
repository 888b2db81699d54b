"""The shopper's language: the header switcher and the middleware that picks the language of each request.

The choice is Django's language cookie (an essential cookie, declared on the cookies page). A signed-in
user's choice is also saved on the account, so that their other devices and the emails sent to them use it.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.services import user_set_language
from privacy.gate import policy_gate_exempt


class AccountLocaleMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware`` placed after authentication: the language cookie first, then the language
    saved on the signed-in account, then the browser's Accept-Language."""

    def process_request(self, request):
        super().process_request(request)
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return
        user = getattr(request, "user", None)
        saved = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if saved and translation.check_for_language(saved):
            translation.activate(saved)
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The language also comes from a cookie: a shared cache must not serve one visitor's language to another.
        patch_vary_headers(response, ("Cookie",))
        return super().process_response(request, response)


@policy_gate_exempt
@require_POST
def language_set(request):
    """Django's ``set_language`` (the cookie, a safe redirect back), and the choice saved on the account."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and translation.check_for_language(language):
        user_set_language(user=request.user, language=language)
    return response
