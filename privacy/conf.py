"""Settings of the privacy engine (cookies, encryption and hashing, exports, minors), with their defaults
(``core.conf``). The sub-apps (binding, cancellation, retention, ...) declare theirs in their own ``conf.py``."""

from pathlib import Path

from core.conf import AppSetting, AppSettings

# For development and tests ONLY: production.py requires both keys from the environment and refuses these.
DEV_ONLY_ENCRYPTION_KEY = "xAOJz_8i-89z3MRu0tDbqN2ZPb8Ez0xh3X4rqCv9_PY="
DEV_ONLY_HASH_KEY = "dev-only-privacy-hash-key-never-use-in-production"


class PrivacySettings(AppSettings):
    PRIVACY_COOKIE_CONSENT_NAME = AppSetting("cookie_consent", "The cookie that holds a visitor's cookie choice.")
    PRIVACY_COOKIE_CONSENT_MAX_AGE = AppSetting(60 * 60 * 24 * 182, "Seconds a cookie choice is remembered.")
    PRIVACY_OPTIONAL_COOKIE_NAMES = AppSetting(
        [], 'Non-essential cookies the site may set after an opt-in; "Essential only" deletes them.'
    )
    PRIVACY_ENCRYPTION_KEYS = AppSetting(
        [DEV_ONLY_ENCRYPTION_KEY],
        "Fernet keys, newest first: the first encrypts, all decrypt. Rotate by putting a new key first, running "
        "`manage.py rotate_encryption_keys`, then dropping the old one.",
    )
    PRIVACY_HASH_KEY = AppSetting(
        DEV_ONLY_HASH_KEY, "The key of the keyed hashes that find a person by email or phone."
    )
    PRIVACY_EXPORT_ROOT = AppSetting(
        Path("var/exports"), "Private folder of data export files (never under MEDIA_ROOT); relative to BASE_DIR."
    )
    PRIVACY_EXPORT_TTL_DAYS = AppSetting(7, "Days a finished export can be downloaded.")
    PRIVACY_EXPORT_INLINE_MAX_ROWS = AppSetting(
        1000,
        "An account owning at most this many exported rows gets its file at once, in the request; larger ones "
        "wait for the Celery task. 0 queues every export.",
    )
    PRIVACY_MINOR_AGE = AppSetting(18, "Under this age an account needs a guardian's consent to order or review.")
    PRIVACY_STORAGE_REGION = AppSetting(
        "CN", "The shop's storage region (ISO 3166 country code), for cross-border checks."
    )
    PRIVACY_EMAIL_DELIVERY_BACKEND = AppSetting(
        "django.core.mail.backends.console.EmailBackend",
        "The backend that really sends email, behind privacy's disclosing EMAIL_BACKEND (env DJANGO_EMAIL_BACKEND).",
    )
    PRIVACY_EMAIL_PROVIDER_NAME = AppSetting(
        "The shop's email provider", "The email provider's name as shoppers read it in their disclosure log."
    )
    PRIVACY_EMAIL_PROVIDER_KEY = AppSetting(
        "default", 'The email provider\'s part of its recipient reference in the disclosure log ("email:<key>").'
    )
    PRIVACY_EMAIL_PROVIDER_KEEPS_COPIES = AppSetting(
        False,
        "False: a relay that keeps no copy after delivery (nothing to ask on erasure); True: staff ask it by hand.",
    )
    PRIVACY_EMAIL_PROVIDER_REGION = AppSetting(
        "", "The email provider's region (ISO 3166 country code); empty: the storage region."
    )
    PRIVACY_GUARDIAN_LINK_TTL_DAYS = AppSetting(14, "Days a guardian's confirmation link stays valid.")

    PRIVACY_ERASURE_CACHE_KEYS = AppSetting(
        [], 'Cache keys holding copies of a user\'s data, deleted when the user is erased ("{user_id}" is replaced).'
    )


privacy_settings = PrivacySettings()
