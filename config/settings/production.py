"""Production settings. The secret key, allowed hosts, PostgreSQL and Redis have no default: a missing one fails
at start, never a silent fallback to SQLite, eager in-process tasks or a per-process cache."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, LOGGING, env
from privacy.conf import DEV_ONLY_ENCRYPTION_KEY, DEV_ONLY_HASH_KEY

DEBUG = False

# PostgreSQL and Redis are required: without them base.py would fall back to SQLite, tasks run in the request
# and rate limits counted per process. gunicorn.conf.py checks the same before any worker starts.
if not env("DATABASE_URL", default="").startswith(("postgres://", "postgresql://", "pgsql://")):
    raise ImproperlyConfigured("DATABASE_URL must name the PostgreSQL database (postgres://...) in production.")
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database in production.")
if not env("REDIS_URL", default="").startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("REDIS_URL must name the Redis server (redis://...) in production.")
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# Encryption and hash keys come only from the environment; the development defaults are refused.
PRIVACY_ENCRYPTION_KEYS = env.list("PRIVACY_ENCRYPTION_KEYS")
PRIVACY_HASH_KEY = env("PRIVACY_HASH_KEY")
if DEV_ONLY_ENCRYPTION_KEY in PRIVACY_ENCRYPTION_KEYS or PRIVACY_HASH_KEY == DEV_ONLY_HASH_KEY:
    raise ImproperlyConfigured("PRIVACY_ENCRYPTION_KEYS / PRIVACY_HASH_KEY must not use the development defaults.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# No script of ours reads the CSRF cookie (forms carry the token), so scripts may not read it either.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# allauth builds the links in verification and password-reset emails; they must be https.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Hashed file names (site.3f2a1c9e.css) let browsers cache static files for good; ``collectstatic`` writes
# the manifest and gzip/Brotli copies at deploy time, a template naming a file that is not there fails
# loudly, and WhiteNoise serves them from gunicorn with far-future cache headers (no separate file server).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Verification and password-reset emails must really leave: SMTP unless told otherwise.
PRIVACY_EMAIL_DELIVERY_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=True)

# One JSON object per line with the request id (core/json_logging.py), for the log collector; the redaction
# filter stays on the handler. DJANGO_LOG_FORMAT=plain switches back to text.
LOGGING["handlers"]["console"]["formatter"] = env("DJANGO_LOG_FORMAT", default="json")
