"""Template context every page shares: the shop's name and the page's canonical address."""

from django.conf import settings


def site_identity(request) -> dict:
    """``shop_name``, ``site_url`` and ``canonical_url`` (the site's address plus the path, no query string;
    a view that serves several pages on one path passes its own ``canonical_url``)."""
    site_url = settings.SHOP_SITE_URL.rstrip("/")
    return {
        "shop_name": settings.SHOP_NAME,
        "site_url": site_url,
        "canonical_url": site_url + request.path,
    }
