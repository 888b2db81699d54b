"""Defaults of the hardening settings (override any of them in the settings module or the environment).

Read with ``core.conf.setting(NAME)``: the settings module's value when it sets one, else the default here.
"""

from django.conf import settings

DEFAULTS = {
    # Deepest nesting of arrays and objects a JSON body may have: deeper bodies are refused with 400
    # ``json_too_deep`` before any parser recurses into them.
    "REQUEST_JSON_MAX_DEPTH": 32,
    # Pixels (width x height) one uploaded image may decode to, and all images of one request together.
    "SHOP_IMAGE_MAX_IMAGE_PIXELS": 4096 * 4096,
    "SHOP_IMAGE_MAX_REQUEST_PIXELS": 6 * 4096 * 4096,
    # Seconds a client is told to wait (Retry-After) when the database does not answer.
    "SERVICE_UNAVAILABLE_RETRY_AFTER": 30,
    # Seconds a cache call may wait for Redis before the cache is treated as down (and fails open).
    "CACHE_SOCKET_TIMEOUT": 1.0,
    # Rates of the actions the website and the API share (core/api/throttling.py); DEFAULT_THROTTLE_RATES wins.
    "THROTTLE_RATES": {
        "checkout": "10/min",
        "export": "5/hour",
        "review_post": "10/hour",
        "review_edit": "20/hour",
        "cancellation": "10/hour",
        "guardian_request": "10/hour",
        "sign_out_everywhere": "10/hour",
    },
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
