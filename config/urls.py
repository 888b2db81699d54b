from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.health import healthz

# The admin's own login form knows no second factor: signing in to the admin goes through allauth's login.
admin.site.login = secure_admin_login(admin.site.login)

api_v1 = [
    path("", include("shop.api.urls")),
    path("", include("accounts.api_urls")),
    path("privacy/history/", include("shop.api.history_urls")),
    path("privacy/third-party-accounts/", include("privacy.binding.api_urls")),
    path("privacy/", include("privacy.api_urls")),
    path("", include("orders.api.urls")),
    path("", include("shop.reviews.api_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("privacy/history/", include("shop.web.history_urls")),
    path("privacy/third-party/", include("privacy.binding.urls")),
    path("privacy/profile/", include("accounts.urls")),
    path("privacy/", include("privacy.urls")),
    path("demo-carrier/", include("orders.demo_carrier.urls")),
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
