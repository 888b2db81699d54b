"""The state a catalog answer depends on besides its URL: the catalog version and the sale boundaries passed.

``catalog_state()`` is ``"<version>.<boundaries passed>"``, or ``None`` when the cache does not answer (then
nothing is tagged or cached). The boundaries are the start and end times of the active sales, read once per
version (a sale edited in the admin moves the version), so a sale that starts or ends on its own changes the
state at that very moment without any write.
"""

from bisect import bisect_right

from django.core.cache import cache
from django.utils import timezone

from shop.promotions.models import Sale
from shop.services.catalog_version import CATALOG_VERSION_KEY, catalog_version_initial


def catalog_version() -> int | None:
    """The current catalog version (``shop.services.catalog_version``); starts it when missing."""
    version = cache.get(CATALOG_VERSION_KEY)
    if version is None:
        cache.add(CATALOG_VERSION_KEY, catalog_version_initial(), timeout=None)
        version = cache.get(CATALOG_VERSION_KEY)
    return version


def _sale_boundaries(version: int) -> list[float]:
    key = f"catalog:sale-boundaries:{version}"
    boundaries = cache.get(key)
    if boundaries is None:
        # Past sales too: the count of boundaries passed must only grow while the version stays.
        boundaries = sorted(
            moment.timestamp()
            for starts_at, ends_at in Sale.objects.filter(is_active=True).values_list("starts_at", "ends_at")
            for moment in (starts_at, ends_at)
            if moment is not None
        )
        cache.set(key, boundaries, timeout=24 * 3600)
    return boundaries


def catalog_state() -> str | None:
    """``"<version>.<sale boundaries passed>"``; ``None`` without a cache to keep the version in."""
    version = catalog_version()
    if version is None:
        return None
    passed = bisect_right(_sale_boundaries(version), timezone.now().timestamp())
    return f"{version}.{passed}"
