"""Django itself: apps, middleware, templates, language and time, static and media files, email.

Values come from the environment (django-environ); development needs none of it.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-secret-key-change-me-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # The admin's theme (config/admin_theme.py); before django.contrib.admin so its templates win.
    "unfold",
    "unfold.contrib.import_export",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver serves static files the way WhiteNoise does in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Catalog import and export in the admin (shop.catalog_transfer).
    "import_export",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.headless",
    # Records each session allauth signs in with its user, so erasure can end them without scanning the
    # session store. Its middleware is left out: it only tracks last-seen IP and time, which is not needed.
    "allauth.usersessions",
    # Second factors (TOTP and recovery codes); staff must have one before the admin opens (accounts/middleware.py).
    "allauth.mfa",
    # Third-party sign-in and binding (privacy.binding): each provider is configured in the admin as a social app.
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.weixin",
    "core",
    "privacy",
    "accounts",
    "shop",
    "orders",
    "orders.invoices",
    "orders.returns",
    "shop.reviews",
    "shop.shipping",
    "shop.tax",
    "shop.promotions",
    "privacy.binding",
    "privacy.cancellation",
    "privacy.retention",
    "privacy.incidents",
    "privacy.compromise",
    "privacy.marketing",
    "privacy.analytics",
    "privacy.announcements",
    "privacy.requests",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First after security: every log line of the request, including other middleware's, carries its id.
    "core.request_id.RequestIdMiddleware",
    # Outside everything that answers: signed-in and API responses leave with Cache-Control: no-store.
    "core.cache_control.NoStoreMiddleware",
    # Control characters in paths (404) and over-deep JSON bodies (400) are refused before anything parses them.
    "core.request_guards.RequestShapeGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    # allauth answers its own rate limits with a bare 429; this adds the Retry-After clients wait for.
    "core.rate_limits.RetryAfterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LocaleMiddleware, after authentication: the language cookie, else the signed-in account's saved
    # language, else Accept-Language (accounts/language.py).
    "accounts.language.AccountLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The website's one mapping of domain errors to a 404, a 403 or a message (core/web_errors.py).
    "core.web_errors.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A browser that signed in before keeps its own count of failed sign-ins (accounts/login_devices.py).
    "accounts.login_devices.LoginDeviceCookieMiddleware",
    # Staff without a second factor are sent to set one up before any admin page.
    "accounts.middleware.StaffSecondFactorMiddleware",
    # After authentication: signed-in users who must accept a material policy version go nowhere else.
    "privacy.gate.PolicyGateMiddleware",
]

ROOT_URLCONF = "config.urls"
# Under /api/ a missing CSRF token is answered in the JSON error shape (core/views.py).
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop.context_processors.cart_summary",
                "core.context_processors.site_identity",
                "privacy.context_processors.privacy_notices",
            ],
        },
    },
]

# --- Languages (README "Languages"): English and Simplified Chinese, catalogs committed under locale/. ---
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The shopper's choice from the header switcher (django.views.i18n.set_language): an essential, functional cookie
# (declared on the cookies page), kept a year, never read by scripts.
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
# The site's own date formats (config/formats/<language>/formats.py) before Django's.
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Every email goes through privacy's backend, which writes it to the recipients' disclosure logs (C3, E4) and
# hands it to the real one, PRIVACY_EMAIL_DELIVERY_BACKEND (privacy/conf.py; DJANGO_EMAIL_BACKEND sets it, base.py).
EMAIL_BACKEND = "privacy.email_delivery.DisclosingEmailBackend"
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="PrivaShop <no-reply@privashop.local>")
