"""Settings shared by every environment. Values come from the environment (django-environ).

Development defaults need no environment at all: SQLite, local memory cache, and Celery tasks run
eagerly in-process. Setting ``DATABASE_URL`` and ``REDIS_URL`` switches to PostgreSQL and Redis.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

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
    # Before staticfiles: runserver serves static files the way WhiteNoise does in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
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
    # Fails open: with Redis down a read is a miss and a write is dropped, never a 500 (core/cache.py).
    CACHES = {"default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": REDIS_URL}}
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
# Where the admin lives (no leading slash): a path of its own keeps it off scanners' lists of /admin/ URLs.
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")
LOGIN_URL = "account_login"

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
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Every email goes through privacy's backend, which writes it to the recipients' disclosure logs (C3, E4) and
# hands it to the real one. The email provider's name and region as shoppers read them in their log.
EMAIL_BACKEND = "privacy.email_delivery.DisclosingEmailBackend"
PRIVACY_EMAIL_DELIVERY_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
PRIVACY_EMAIL_PROVIDER_NAME = env("PRIVACY_EMAIL_PROVIDER_NAME", default="The shop's email provider")
PRIVACY_EMAIL_PROVIDER_REGION = env("PRIVACY_EMAIL_PROVIDER_REGION", default="")
# False: a relay that keeps no copy after delivery (nothing to ask on erasure); True: staff ask it by hand.
PRIVACY_EMAIL_PROVIDER_KEEPS_COPIES = env.bool("PRIVACY_EMAIL_PROVIDER_KEEPS_COPIES", default=False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="PrivaShop <no-reply@privashop.local>")

# --- Content Security Policy (django-csp, core/csp.py): scripts, styles and images only from the site itself. ---
# The site's templates have no inline script or style; the admin path also allows inline styles (core/csp.py).
# The two API documentation pages (Swagger UI, allauth's Redoc) load their viewer from a CDN, one with an
# inline script, so they are left without a policy; they show no personal data.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/docs/", "/_allauth/openapi.html"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}

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
# The owner of an account is emailed when its password or email addresses change (OWASP ASVS V2.2.3).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# allauth's own limits ("amount/period/per": ip, key = the email typed in, user). Website and headless alike;
# the 429 carries Retry-After (core/rate_limits.py). Unlisted actions keep allauth's defaults.
ACCOUNT_RATE_LIMITS = {
    "login": env("RATE_LIMIT_LOGIN", default="30/m/ip"),
    "login_failed": env("RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "signup": env("RATE_LIMIT_SIGNUP", default="20/m/ip"),
    "reset_password": env("RATE_LIMIT_RESET_PASSWORD", default="20/m/ip,5/m/key"),
    "reset_password_from_key": env("RATE_LIMIT_RESET_PASSWORD_FROM_KEY", default="20/m/ip"),
    "reauthenticate": env("RATE_LIMIT_REAUTHENTICATE", default="10/m/user"),
    "change_password": env("RATE_LIMIT_CHANGE_PASSWORD", default="5/m/user"),
    "manage_email": env("RATE_LIMIT_MANAGE_EMAIL", default="10/m/user"),
}
# Seconds a client is told to wait (Retry-After) when allauth refuses: allauth does not say when its window ends,
# so this is the longest window above.
RATE_LIMIT_RETRY_AFTER = env.int("RATE_LIMIT_RETRY_AFTER", default=5 * 60)
# Proxies in front of gunicorn that append to X-Forwarded-For: per-IP limits (allauth's and DRF's) then count
# the client's address, not the proxy's. 0 (no proxy) trusts no forwarded header.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# --- allauth.mfa: TOTP apps and single-use recovery codes (WebAuthn is not offered). ---
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="PrivaShop")
HEADLESS_SERVE_SPECIFICATION = True

# --- Third-party sign-in and binding (privacy/binding/, accounts/adapters.py SocialAccountAdapter) ---
# Providers are social apps in the admin (client id, secret; OpenID Connect: settings {"server_url": ...}),
# or `manage.py configure_social_app`. These settings only say how each kind is asked.
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    # Any compliant identity provider; the scopes of a binding are narrowed to the fields the user grants.
    "openid_connect": {"OAUTH_PKCE_ENABLED": True, "SCOPE": ["openid", "profile", "email"]},
    # The public profile needs no scope; user:email reads the addresses (imported only if granted).
    "github": {"SCOPE": ["user:email"]},
    # WeChat website login (QR code). Inside WeChat's own browser, set AUTHORIZE_URL to
    # https://open.weixin.qq.com/connect/oauth2/authorize and SCOPE to ["snsapi_userinfo"].
    "weixin": {"SCOPE": ["snsapi_login"]},
}
# Always show the sign-up form: the policy must be accepted, and the fields to import chosen, first.
SOCIALACCOUNT_AUTO_SIGNUP = False
# A provider's email never signs anyone into an existing account nor connects to one by itself.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
# The shop calls no provider API after sign-in, so access tokens are not kept (A7: no more than needed).
# A shop that needs them turns this on; unbinding and account erasure delete them.
SOCIALACCOUNT_STORE_TOKENS = env.bool("SOCIALACCOUNT_STORE_TOKENS", default=False)
SOCIALACCOUNT_LOGIN_ON_GET = False
# Seconds a choice of fields made before the redirect waits for the provider to send the user back.
PRIVACY_BINDING_PENDING_TTL = env.int("PRIVACY_BINDING_PENDING_TTL", default=600)
# A granted avatar is fetched from the provider within these limits (privacy/binding/avatar.py).
PRIVACY_BINDING_AVATAR_MAX_BYTES = env.int("PRIVACY_BINDING_AVATAR_MAX_BYTES", default=2 * 1024 * 1024)
PRIVACY_BINDING_AVATAR_CONNECT_TIMEOUT = env.float("PRIVACY_BINDING_AVATAR_CONNECT_TIMEOUT", default=5.0)
PRIVACY_BINDING_AVATAR_READ_TIMEOUT = env.float("PRIVACY_BINDING_AVATAR_READ_TIMEOUT", default=10.0)
# Only for development and tests against a provider on the local network: never in production.
PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS = env.bool("PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS", default=False)

# --- Django REST framework and the OpenAPI schema ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["privacy.gate.PolicyAcceptanceGate"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.ApiAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "core.api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Per-action limits (core/throttling.py), counted in the default cache (Redis when REDIS_URL is set), per
    # signed-in user. Only the views that name a throttle class are limited; the rest are not.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "checkout": env("RATE_LIMIT_CHECKOUT", default="10/min"),
        "export": env("RATE_LIMIT_EXPORT", default="5/hour"),
        "review_post": env("RATE_LIMIT_REVIEW_POST", default="10/hour"),
        "sign_out_everywhere": env("RATE_LIMIT_SIGN_OUT_EVERYWHERE", default="10/hour"),
    },
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
        "ThirdPartyGrantStatusEnum": "privacy.binding.models.GrantStatus",
        "ProfileFieldEnum": "privacy.binding.models.ProfileField",
        "PrivacyRequestKindEnum": "privacy.requests.models.RequestKind",
    },
    # The default enum hook, then the 400/415 every body-reading operation can answer (core/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_transport_errors",
    ],
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
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 5}
# Queuing a task never holds a request up when Redis is down: no caller waits on a result (so no subscription
# to the result backend at publish), one quick publish attempt, and the caller logs the failure and goes on
# (core/task_queue.py); the row-based sweeps re-queue what was lost. A task that returns a result for a
# caller (core.health_probe) says so itself.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_EXPIRES = 3600
# Workers log through LOGGING below (JSON in production, the redaction filter on every handler), not their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}

# --- The shop ---
SHOP_CURRENCY = env("SHOP_CURRENCY", default="CNY")
SHOP_IMAGE_MAX_BYTES = env.int("SHOP_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
SHOP_IMAGE_MAX_PIXELS = env.int("SHOP_IMAGE_MAX_PIXELS", default=4096)

# --- Reviews (shop/reviews/) ---
# "publish": a buyer's review shows at once; "approve_first": it waits in the admin's moderation queue.
REVIEWS_MODERATION = env("REVIEWS_MODERATION", default="publish")
# Seconds after posting during which the author may still edit a review (deleting is always possible).
REVIEWS_EDIT_WINDOW = env.int("REVIEWS_EDIT_WINDOW", default=30 * 24 * 60 * 60)
# When an account is erased, its reviews stay as "Anonymous" ("anonymise") or go with their photos ("delete").
REVIEWS_ON_ACCOUNT_ERASURE = env("REVIEWS_ON_ACCOUNT_ERASURE", default="anonymise")
REVIEWS_TEXT_MIN_LENGTH = env.int("REVIEWS_TEXT_MIN_LENGTH", default=10)
REVIEWS_TEXT_MAX_LENGTH = env.int("REVIEWS_TEXT_MAX_LENGTH", default=2000)
REVIEWS_MAX_IMAGES = env.int("REVIEWS_MAX_IMAGES", default=5)

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
CELERY_BEAT_SCHEDULE["orders-reconcile-payments"] = {"task": "orders.reconcile_pending_payments", "schedule": 120.0}

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
# Seconds after which a shipment still ``requested`` with no activity has its handoff task queued again
# (its message was lost: the broker was down when the payment queued it). Checked every minute, so a lost
# handoff is caught up within about three minutes; a handoff queued twice books once (idempotency key).
LOGISTICS_HANDOFF_REQUEUE_AFTER = env.int("LOGISTICS_HANDOFF_REQUEUE_AFTER", default=2 * 60)
CELERY_BEAT_SCHEDULE["orders-requeue-pending-handoffs"] = {"task": "orders.requeue_pending_handoffs", "schedule": 60.0}
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
# Every two minutes: queue again the exports whose task a broker outage lost (privacy/services/export.py).
CELERY_BEAT_SCHEDULE["privacy-export-requeue"] = {"task": "privacy.export_requeue_lost", "schedule": 120.0}
# Under this age an account needs a guardian's consent before it can order or review (promise A8).
PRIVACY_MINOR_AGE = env.int("PRIVACY_MINOR_AGE", default=18)
# Days a guardian's confirmation link stays valid (privacy/services/minors.py).
PRIVACY_GUARDIAN_LINK_TTL_DAYS = env.int("PRIVACY_GUARDIAN_LINK_TTL_DAYS", default=14)

# --- Privacy: account cancellation and anonymisation (privacy/cancellation/) ---
# Seconds between a cancellation request and the anonymisation; the user can revoke it meanwhile.
PRIVACY_CANCELLATION_COOLING_OFF = env.int("PRIVACY_CANCELLATION_COOLING_OFF", default=7 * 24 * 60 * 60)
# Accounts one run of the due job anonymises before it queues itself again.
PRIVACY_CANCELLATION_BATCH_SIZE = env.int("PRIVACY_CANCELLATION_BATCH_SIZE", default=50)
# Seconds a due cancellation waits before its next try when postponed (orders in progress, email refused).
PRIVACY_CANCELLATION_RETRY_DELAY = env.int("PRIVACY_CANCELLATION_RETRY_DELAY", default=60 * 60)
# Tries to send the last email before the account is anonymised without it.
PRIVACY_CANCELLATION_EMAIL_ATTEMPTS = env.int("PRIVACY_CANCELLATION_EMAIL_ATTEMPTS", default=3)
# Every 5 minutes: anonymise the accounts whose cooling-off window ended (promise D5: minutes, not days).
CELERY_BEAT_SCHEDULE["cancellation-anonymise-due"] = {"task": "cancellation.anonymise_due", "schedule": 5 * 60.0}
# Deletion requests to the recipients of an erased user's data (C4): deadline, and retries with backoff.
PRIVACY_RECIPIENT_DELETION_DEADLINE_DAYS = env.int("PRIVACY_RECIPIENT_DELETION_DEADLINE_DAYS", default=30)
PRIVACY_RECIPIENT_DELETION_MAX_RETRIES = env.int("PRIVACY_RECIPIENT_DELETION_MAX_RETRIES", default=8)
PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF = env.int("PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF", default=60)
PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF_MAX = env.int("PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF_MAX", default=6 * 3600)
# Daily: send again the deletion requests whose task was lost.
CELERY_BEAT_SCHEDULE["cancellation-recipient-requests-resend"] = {
    "task": "cancellation.recipient_requests_resend",
    "schedule": 24 * 60 * 60.0,
}
# One JSON line per anonymised account (ids only), kept OUTSIDE the database so that `manage.py
# reapply_erasures` still knows every erasure after a restore from an older backup. Empty: no journal.
PRIVACY_ERASURE_JOURNAL = env("PRIVACY_ERASURE_JOURNAL", default=str(BASE_DIR / "var" / "erasure-journal.jsonl"))
# Cache keys holding copies of a user's data, deleted when the user is erased ("{user_id}" is replaced).
PRIVACY_ERASURE_CACHE_KEYS: list[str] = []

# --- Privacy: retention rules and purge jobs (privacy/retention/, declarations in each app's personal_data.py) ---
# Default periods in days per purge category; ops override each in the admin (Retention rules), which shows
# these beside. A category missing here uses its declaration's default_period.
PRIVACY_RETENTION_DEFAULTS = {
    "cart_anonymous": 30,  # anonymous carts, after their last activity
    "history": 180,  # search and browsing history
    "signup_unverified": 7,  # sign-ups whose email was never verified: deleted
    "order_cancelled_unpaid": 90,  # cancelled before payment: deleted
    "order_closed": 3 * 365,  # completed or refunded: personal fields anonymised, accounting keeps the rest
    "account_inactive": 3 * 365,  # no sign-in: warned 30 days before, then anonymised like a cancelled account
    "export_file": 7,  # data export files and their jobs
    "pii_access_log": 365,  # admin log of revealed personal data
    "consent_proof_acceptance": 5 * 365,  # proof records: 5 years after the account's anonymisation
    "consent_proof_consent": 5 * 365,
    "consent_proof_notice": 5 * 365,
    "consent_proof_disclosure": 5 * 365,
    "consent_proof_guardian": 5 * 365,
}
# Rows per batch (one transaction each), seconds to pause between batches (to spare replicas), seconds a task
# works before it queues itself again for the rest, minutes without a heartbeat before a run counts as dead.
PRIVACY_RETENTION_BATCH_SIZE = env.int("PRIVACY_RETENTION_BATCH_SIZE", default=1000)
PRIVACY_RETENTION_BATCH_PAUSE = env.float("PRIVACY_RETENTION_BATCH_PAUSE", default=0.0)
PRIVACY_RETENTION_TASK_BUDGET = env.int("PRIVACY_RETENTION_TASK_BUDGET", default=8 * 60)
PRIVACY_RETENTION_STALE_AFTER = env.int("PRIVACY_RETENTION_STALE_AFTER", default=60)
# When the daily purge starts, as a crontab line in CELERY_TIMEZONE ("minute hour day month weekday").
PRIVACY_RETENTION_SCHEDULE = env("PRIVACY_RETENTION_SCHEDULE", default="30 3 * * *")
# Every minute: queue again the runs whose worker died (heartbeat older than PRIVACY_RETENTION_RECLAIM_AFTER).
CELERY_BEAT_SCHEDULE["privacy-retention-reclaim"] = {"task": "privacy.retention.reclaim_stale", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["privacy-retention-purge"] = {
    "task": "privacy.retention.purge_all",
    "schedule": crontab(*PRIVACY_RETENTION_SCHEDULE.split()),
}

# Daily: remind staff of privacy requests due soon (privacy/requests/).
CELERY_BEAT_SCHEDULE["privacy-requests-remind"] = {"task": "privacy_requests.remind", "schedule": 24 * 60 * 60.0}

# Every handler carries the redaction filter: emails and phone numbers never reach a log line (promise F5).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_personal_data": {"()": "privacy.log_redaction.PersonalDataRedactionFilter"},
        "request_id": {"()": "core.request_id.RequestIdFilter"},
        "development_access_log": {"()": "core.access_log.DevelopmentServerAccessLogFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.json_logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("DJANGO_LOG_FORMAT", default="plain"),
            "filters": ["request_id", "development_access_log", "redact_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Django's own handlers (runserver's access log, the console handler of DEBUG) carry no redaction filter:
    # their loggers hand every record to the root's handler above instead.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True, "level": "INFO"},
    },
}
