"""Security headers and boundaries shared by every environment: the Content Security Policy, the admin's path,
the proxies trusted for the client's address. Production adds HTTPS-only settings (production.py)."""

from csp.constants import NONE, SELF

from config.settings.django_core import env

# Where the admin lives (no leading slash): a path of its own keeps it off scanners' lists of /admin/ URLs.
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")
# Proxies in front of gunicorn that append to X-Forwarded-For: per-IP limits (allauth's and DRF's) then count
# the client's address, not the proxy's. 0 (no proxy) trusts no forwarded header.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

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
