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
    # Records each session allauth signs in with its user, so erasure can end them without scanning the
    # session store. Its middleware is left out: it only tracks last-seen IP and time, which is not needed.
    "allauth.usersessions",
    "core",
    "privacy",
    "accounts",
    "shop",
    "orders",
    "shop.reviews",
    "privacy.binding",
    "privacy.cancellation",
    "privacy.retention",
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
    # Several models have a "status" field; name the order statuses' enum instead of a hash suffix.
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.OrderStatus",
        "PaymentStatusEnum": "orders.models.PaymentStatus",
    },
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

# --- Orders (orders/services/, orders/payments/, orders/tasks/lifecycle.py) ---
# The payment provider the pay endpoint uses: a dotted path to a PaymentProvider subclass.
ORDERS_PAYMENT_PROVIDER = env("ORDERS_PAYMENT_PROVIDER", default="orders.payments.demo.DemoPaymentProvider")
# The demo provider declines every payment while this is true (to walk the failure path in a demo).
ORDERS_DEMO_PAYMENT_DECLINE = env.bool("ORDERS_DEMO_PAYMENT_DECLINE", default=False)
# Seconds: an unpaid order is cancelled (and restocked) this long after it was placed.
ORDERS_UNPAID_CANCEL_AFTER = env.int("ORDERS_UNPAID_CANCEL_AFTER", default=30 * 60)
# Seconds: a delivered order completes this long after delivery.
ORDERS_AUTO_COMPLETE_AFTER = env.int("ORDERS_AUTO_COMPLETE_AFTER", default=7 * 24 * 60 * 60)
# Orders one run of a lifecycle task moves before it queues itself again.
ORDERS_LIFECYCLE_BATCH_SIZE = env.int("ORDERS_LIFECYCLE_BATCH_SIZE", default=200)
CELERY_BEAT_SCHEDULE["orders-cancel-unpaid"] = {"task": "orders.cancel_unpaid_orders", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["orders-complete-delivered"] = {"task": "orders.complete_delivered_orders", "schedule": 3600.0}

# --- Logistics: the carrier handoff and webhooks (orders/services/logistics.py, orders/carriers/) ---
# Seconds to connect to a carrier's API, and to wait for its answer.
LOGISTICS_CARRIER_CONNECT_TIMEOUT = env.float("LOGISTICS_CARRIER_CONNECT_TIMEOUT", default=5.0)
LOGISTICS_CARRIER_READ_TIMEOUT = env.float("LOGISTICS_CARRIER_READ_TIMEOUT", default=15.0)
# A handoff the carrier could not take (network error, 5xx, 429) is retried this many times, waiting
# RETRY_BACKOFF seconds, then twice as long each time, at most RETRY_BACKOFF_MAX (0: retry at once).
LOGISTICS_HANDOFF_MAX_RETRIES = env.int("LOGISTICS_HANDOFF_MAX_RETRIES", default=6)
LOGISTICS_HANDOFF_RETRY_BACKOFF = env.int("LOGISTICS_HANDOFF_RETRY_BACKOFF", default=30)
LOGISTICS_HANDOFF_RETRY_BACKOFF_MAX = env.int("LOGISTICS_HANDOFF_RETRY_BACKOFF_MAX", default=30 * 60)
# Minutes after which a shipment still waiting for its booking shows as overdue in the admin.
LOGISTICS_HANDOFF_OVERDUE_MINUTES = env.int("LOGISTICS_HANDOFF_OVERDUE_MINUTES", default=30)
# Hours after its booking a parcel the carrier has reported nothing about shows as overdue.
LOGISTICS_PICKUP_OVERDUE_HOURS = env.int("LOGISTICS_PICKUP_OVERDUE_HOURS", default=24)
# Seconds a signed carrier webhook's timestamp may be off from our clock, either way.
LOGISTICS_WEBHOOK_TOLERANCE = env.int("LOGISTICS_WEBHOOK_TOLERANCE", default=5 * 60)
# The demo carrier (orders/demo_carrier/) answers under /demo-carrier/ only when enabled (development).
DEMO_CARRIER_ENABLED = env.bool("DEMO_CARRIER_ENABLED", default=False)
DEMO_CARRIER_API_BASE_URL = env("DEMO_CARRIER_API_BASE_URL", default="http://127.0.0.1:8000/demo-carrier/api")
# When set, the demo carrier refuses bookings without "Authorization: Bearer <this key>", and a demo carrier
# row created by seed_demo is configured with it; empty, it takes any key or none.
DEMO_CARRIER_API_KEY = env("DEMO_CARRIER_API_KEY", default="")

# --- Privacy: the policy gate and cookie consent (privacy/gate.py, privacy/cookies.py) ---
# Path prefixes a signed-in user reaches even before accepting a material policy version: the policy
# itself, their rights (consents, export, cancellation), signing in and out, and what the site needs.
PRIVACY_GATE_EXEMPT_PATHS = [
    "/privacy/policy/",
    "/privacy/consents/",
    "/privacy/cookies/",
    "/privacy/export/",
    "/privacy/cancellation/",
    # A guardian's one-time consent link: whoever is signed in in that browser, the guardian must reach it.
    "/privacy/guardian/confirm/",
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
    # Carriers call this signed webhook; there is no user who could accept anything.
    "/api/v1/logistics/webhooks/",
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
# An account owning at most this many exported rows gets its file at once, in the request; larger ones wait
# for the Celery task (privacy/services/export.py). 0 queues every export.
PRIVACY_EXPORT_INLINE_MAX_ROWS = env.int("PRIVACY_EXPORT_INLINE_MAX_ROWS", default=1000)
# Daily: delete expired export files and mark their jobs expired (privacy/tasks.py).
CELERY_BEAT_SCHEDULE["privacy-export-expire"] = {"task": "privacy.export_expire", "schedule": 24 * 60 * 60.0}
# Under this age an account needs a guardian's consent before it can order or review (promise A8).
PRIVACY_MINOR_AGE = env.int("PRIVACY_MINOR_AGE", default=18)
# Days a guardian's confirmation link stays valid (privacy/services/minors.py).
PRIVACY_GUARDIAN_LINK_TTL_DAYS = env.int("PRIVACY_GUARDIAN_LINK_TTL_DAYS", default=14)

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
