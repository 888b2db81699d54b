from importlib import import_module

from allauth import urls as allauth_urls
from allauth.account.decorators import secure_admin_login
from allauth.headless import urls as allauth_headless_urls
from allauth.mfa import urls as allauth_mfa_urls
from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.language import language_set
from core.cache_control import cacheable
from core.health import healthz
from core.view_markers import urlpattern_names
from privacy.gate import gate_exempt_urlpatterns, policy_gate_exempt

# The admin's own login form knows no second factor: signing in to the admin goes through allauth's login.
admin.site.login = secure_admin_login(admin.site.login)
# The index is the merchant's dashboard (config/admin_theme.py), titled as such.
admin.site.index_title = _("Dashboard")

# allauth's pages a user reaches before accepting a new policy: signing in (and its steps) and out, and the
# re-authentication that the rights pages (export, cancellation) ask for. Staff also reach the second-factor
# set-up that the admin sends them to first (accounts/middleware.py).
_SIGN_IN_AND_OUT = [
    "account_login",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    # Session management: the signed-in devices, and signing out of the others.
    "usersessions_list",
]
# The same for allauth's headless API (browser and app clients): its configuration, signing in (with its code
# and second-factor steps, and the email verification a pending sign-in waits for), the session itself (and
# signing out), re-authentication, token refresh and session management. Changing the email, the password,
# the second factors or the linked providers waits for acceptance like everything else.
_HEADLESS_SIGN_IN_AND_OUT = [
    "config",
    "login",
    "confirm_login_code",
    "authenticate",
    "verify_email",
    "resend_email_verification_code",
    "current_session",
    "reauthenticate",
    "refresh",
    "sessions",
]
accounts_urls = gate_exempt_urlpatterns(allauth_urls.urlpatterns, names=_SIGN_IN_AND_OUT)
accounts_urls = gate_exempt_urlpatterns(
    accounts_urls, names=urlpattern_names(allauth_mfa_urls.urlpatterns), staff_only=True
)
# The admin, for staff, so that they can publish a policy version before accepting it.
admin_urls, admin_app_name, admin_namespace = admin.site.urls
admin_urls = gate_exempt_urlpatterns(admin_urls, staff_only=True)

# The privacy engine's routes and its sub-apps' share one namespace ("privacy:cancellation", "api:privacy-requests"):
# wired here, so that the engine imports none of its sub-apps.
PRIVACY_API_SUB_APPS = ("cancellation", "incidents", "compromise", "requests")
PRIVACY_SITE_SUB_APPS = ("cancellation", "incidents", "compromise", "marketing", "requests")
privacy_site_urlpatterns = [
    *import_module("privacy.urls").urlpatterns,
    *(pattern for sub_app in PRIVACY_SITE_SUB_APPS for pattern in import_module(f"privacy.{sub_app}.urls").urlpatterns),
]

api_v1 = [
    path("", include("shop.api.urls")),
    path("", include("accounts.api_urls")),
    path("privacy/history/", include("shop.api.history_urls")),
    path("privacy/third-party-accounts/", include("privacy.binding.api_urls")),
    path("privacy/", include("privacy.api.urls")),
    *(path("privacy/", include(f"privacy.{sub_app}.api_urls")) for sub_app in PRIVACY_API_SUB_APPS),
    path("", include("orders.api.urls")),
    path("", include("orders.returns.api_urls")),
    path("", include("shop.reviews.api_urls")),
]

# The demo carrier and the fake payment provider exist only where the demo app is installed (local and test
# settings); production has no such URL.
demo_urlpatterns = (
    [
        path("demo-carrier/", include("demo.carrier.urls")),
        path("demo-payments/", include("demo.payments.urls")),
    ]
    if apps.is_installed("demo")
    else []
)

urlpatterns = [
    path("healthz", policy_gate_exempt(healthz), name="healthz"),
    # The header's language switcher (Django's set_language, and the account's saved language).
    path("i18n/setlang/", language_set, name="set_language"),
    path(settings.ADMIN_URL, (admin_urls, admin_app_name, admin_namespace)),
    path("accounts/", include(accounts_urls)),
    # allauth headless answers its own JSON; only its sign-in, session and token flows work before acceptance.
    path(
        "_allauth/",
        include(
            (gate_exempt_urlpatterns(allauth_headless_urls.urlpatterns, names=_HEADLESS_SIGN_IN_AND_OUT), "headless")
        ),
    ),
    path("api/schema/", policy_gate_exempt(cacheable(SpectacularAPIView.as_view())), name="api-schema"),
    path(
        "api/docs/",
        policy_gate_exempt(cacheable(SpectacularSwaggerView.as_view(url_name="api-schema"))),
        name="api-docs",
    ),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("privacy/history/", include("shop.web.history_urls")),
    path("privacy/third-party/", include("privacy.binding.urls")),
    path("privacy/profile/", include("accounts.urls")),
    path("privacy/", include((privacy_site_urlpatterns, "privacy"))),
    *demo_urlpatterns,
    path("orders/", include("orders.urls")),
    path("reviews/", include("shop.reviews.urls")),
    path("", include("shop.urls")),
]

# Unknown /api/ URLs answer in the JSON error shape; other pages get the HTML error page.
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
