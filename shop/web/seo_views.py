"""What search engines read: ``/robots.txt`` and ``/sitemap.xml``."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from core.cache_control import cacheable
from privacy.gate import policy_gate_exempt
from shop.sitemaps import SITEMAPS

# Pages that are somebody's own (orders, account) or machine interfaces are not indexed. The cart stays open:
# a crawler's cart is empty, and a blocked page fails the SEO audits of `make lighthouse`. The admin is not
# named: its address (ADMIN_URL) is not advertised.
DISALLOWED = ("/accounts/", "/orders/", "/api/", "/_allauth/", "/demo-carrier/", "/demo-payments/")


@policy_gate_exempt
@cacheable
@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {settings.SHOP_SITE_URL.rstrip('/')}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@policy_gate_exempt
@cacheable
@require_GET
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return sitemap(request, sitemaps=SITEMAPS)
