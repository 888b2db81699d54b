"""Settings shared by every environment. Values come from the environment (django-environ).

Development defaults need no environment at all: SQLite, local memory cache, and Celery tasks run
eagerly in-process. Setting ``DATABASE_URL`` and ``REDIS_URL`` switches to PostgreSQL and Redis.
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.headless",
    "core",
    "privacy",
    "accounts",
    "shop",
    "orders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: signed-in users who must accept a material policy version go nowhere else.
    "privacy.gate.PolicyGateMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop.context_processors.cart_summary",
                "privacy.context_processors.privacy_notices",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

LANGUAGE_CODE = "en"
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="PrivaShop <no-reply@privashop.local>")

# --- django-allauth: email is the login identifier; there is no username. ---
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Date of birth and acceptance of the privacy policy, on the website, headless and third-party sign-up.
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_LOGOUT_ON_GET = False
HEADLESS_CLIENTS = ("app", "browser")
HEADLESS_SERVE_SPECIFICATION = True

# --- Django REST framework and the OpenAPI schema ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny", "privacy.gate.PolicyAcceptanceGate"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "core.api_errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PrivaShop API",
    "DESCRIPTION": (
        "Shop API of PrivaShop. Authenticate with the website session (and CSRF) or with an allauth "
        "headless app session token in the `X-Session-Token` header. Every error has the shape "
        '`{"code": "...", "detail": "...", "fields": {...}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "sessionToken": {"type": "apiKey", "in": "header", "name": "X-Session-Token"},
        }
    },
}

# --- Celery: Redis when REDIS_URL is set, otherwise tasks run eagerly in-process. ---
CELERY_BROKER_URL = REDIS_URL or None
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}

# --- The shop ---
SHOP_CURRENCY = env("SHOP_CURRENCY", default="CNY")
SHOP_IMAGE_MAX_BYTES = env.int("SHOP_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
SHOP_IMAGE_MAX_PIXELS = env.int("SHOP_IMAGE_MAX_PIXELS", default=4096)

# --- Privacy: the policy gate and cookie consent (privacy/gate.py, privacy/cookies.py) ---
# Path prefixes a signed-in user reaches even before accepting a material policy version: the policy
# itself, their rights (consents, export, cancellation), signing in and out, and what the site needs.
PRIVACY_GATE_EXEMPT_PATHS = [
    "/privacy/policy/",
    "/privacy/consents/",
    "/privacy/cookies/",
    "/privacy/export/",
    "/privacy/cancellation/",
    "/api/v1/privacy/policy/",
    "/api/v1/privacy/consents/",
    "/api/v1/privacy/export/",
    "/api/v1/privacy/cancellation/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/reauthenticate/",
    "/_allauth/",
    "/api/schema/",
    "/api/docs/",
    "/healthz",
]
# Staff also reach these without accepting, so that they can publish versions in the admin.
PRIVACY_GATE_STAFF_EXEMPT_PATHS = ["/admin/"]
# Paths under this prefix get the JSON 403 instead of the redirect to the accept page.
PRIVACY_GATE_API_PREFIX = "/api/"
PRIVACY_COOKIE_CONSENT_NAME = "cookie_consent"
PRIVACY_COOKIE_CONSENT_MAX_AGE = 60 * 60 * 24 * 182
# Non-essential cookies the site may set after an opt-in; "Essential only" deletes them.
PRIVACY_OPTIONAL_COOKIE_NAMES: list[str] = []

# --- Privacy: encryption at rest and keyed hashes (privacy/encryption.py, privacy/hashing.py) ---
# Fernet keys, newest first: the first encrypts, all decrypt. Rotate by putting a new key first, running
# `manage.py rotate_encryption_keys`, then dropping the old one. The defaults are for development and
# tests ONLY; production.py requires both from the environment and refuses these values.
DEV_ONLY_ENCRYPTION_KEY = "xAOJz_8i-89z3MRu0tDbqN2ZPb8Ez0xh3X4rqCv9_PY="
DEV_ONLY_HASH_KEY = "dev-only-privacy-hash-key-never-use-in-production"
PRIVACY_ENCRYPTION_KEYS = env.list("PRIVACY_ENCRYPTION_KEYS", default=[DEV_ONLY_ENCRYPTION_KEY])
PRIVACY_HASH_KEY = env("PRIVACY_HASH_KEY", default=DEV_ONLY_HASH_KEY)
# Data exports: private folder (never under MEDIA_ROOT) and how long a finished export can be downloaded.
PRIVACY_EXPORT_ROOT = Path(env("PRIVACY_EXPORT_ROOT", default=str(BASE_DIR / "var" / "exports")))
PRIVACY_EXPORT_TTL_DAYS = env.int("PRIVACY_EXPORT_TTL_DAYS", default=7)
# Under this age an account needs a guardian's consent before it can order or review (promise A8).
PRIVACY_MINOR_AGE = env.int("PRIVACY_MINOR_AGE", default=18)

# Every handler carries the redaction filter: emails and phone numbers never reach a log line (promise F5).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "privacy.log_redaction.PersonalDataRedactionFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_personal_data"]}
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
