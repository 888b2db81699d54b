"""Accounts and sign-in: Django's auth, django-allauth (email login, rate limits, second factors, headless),
third-party sign-in and binding."""

from config.settings.django_core import env
from config.settings.security import TRUSTED_PROXY_COUNT

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
# allauth's emails: the shop's name in the subject (not the request's host), people by nickname or masked email.
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{env('SHOP_NAME', default='PrivaShop')}: "
ACCOUNT_USER_DISPLAY = "accounts.display.user_display_name"
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
