"""Django REST framework and the OpenAPI schema (drf-spectacular)."""

from config.settings.django_core import env
from config.settings.security import TRUSTED_PROXY_COUNT

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
    "CONTACT": {"name": "PrivaShop"},
    # A path: core.api.schema.declare_servers makes it absolute on the serving host.
    "LICENSE": {"name": "Proprietary: the terms of the PrivaShop API", "url": "/api/docs/"},
    # Every tag an operation uses is declared here with what it covers (the schema linters check it).
    "TAGS": [
        {"name": "account", "description": "Your profile, recommendations and signing out everywhere."},
        {"name": "addresses", "description": "Your address book."},
        {"name": "cart", "description": "The cart of a visitor or a signed-in shopper, its voucher and shipping."},
        {"name": "catalog", "description": "Categories and products, with search and filters."},
        {"name": "guest orders", "description": "Orders without an account: placed, opened by link, paid, erased."},
        {"name": "logistics", "description": "Carrier tracking webhooks (carriers only, HMAC-signed)."},
        {"name": "orders", "description": "Checkout, your orders, payment, cancellation and invoices."},
        {"name": "payments", "description": "Payment provider webhooks (the provider only, HMAC-signed)."},
        {"name": "privacy", "description": "The privacy policy, consents, your data and your privacy rights."},
        {"name": "returns", "description": "Returns of delivered order lines."},
        {"name": "reviews", "description": "Verified-purchase reviews, their photos, reports and helpful votes."},
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" field; name the order statuses' enum instead of a hash suffix.
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.OrderStatus",
        "PaymentStatusEnum": "orders.models.PaymentStatus",
        "ThirdPartyGrantStatusEnum": "privacy.binding.models.GrantStatus",
        "ProfileFieldEnum": "privacy.binding.models.ProfileField",
        "PrivacyRequestKindEnum": "privacy.requests.models.RequestKind",
        "ReviewStatusEnum": "shop.reviews.models.ReviewStatus",
    },
    # The default enum hook, then the 400/415 every body-reading operation can answer (core/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_transport_errors",
        "core.api.schema.type_nullable_references",
        "core.api.schema.declare_servers",
    ],
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "sessionToken": {"type": "apiKey", "in": "header", "name": "X-Session-Token"},
        }
    },
}
