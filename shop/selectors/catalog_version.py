"""The state a catalog answer depends on besides its URL: the catalog version and the sale boundaries passed.

``catalog_state()`` gives a ``CatalogState`` whose ``key`` is ``"<version>.<boundaries passed>"``, or ``None``
when the cache does not answer (then nothing is tagged or cached). The boundaries are the start and end times
of the active sales, read once per version (a sale edited in the admin moves the version), so a sale that
starts or ends on its own changes the state at that very moment without any write. What is derived from one
version (the boundaries, the running sales per boundary passed) travels in one cache entry: two cache reads
per request, whatever is derived.
"""

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from shop.promotions.models import Sale
from shop.services.catalog_version import CATALOG_VERSION_KEY, catalog_version_initial

_DERIVED_TIMEOUT = 24 * 3600


def catalog_version() -> int | None:
    """The current catalog version (``shop.services.catalog_version``); starts it when missing."""
    version = cache.get(CATALOG_VERSION_KEY)
    if version is None:
        cache.add(CATALOG_VERSION_KEY, catalog_version_initial(), timeout=None)
        version = cache.get(CATALOG_VERSION_KEY)
    return version


@dataclass(frozen=True)
class CatalogState:
    version: int
    passed: int
    derived: dict

    @property
    def key(self) -> str:
        return f"{self.version}.{self.passed}"

    def derive(self, name: str, compute: Callable[[], object]) -> object:
        """What ``compute()`` gives in this state, computed once per state and kept with the version."""
        slot = (name, self.passed)
        if slot not in self.derived:
            self.derived[slot] = compute()
            cache.set(_derived_key(self.version), self.derived, timeout=_DERIVED_TIMEOUT)
        return self.derived[slot]


def _derived_key(version: int) -> str:
    return f"catalog:derived:{version}"


def catalog_state() -> CatalogState | None:
    """The catalog's state now; ``None`` without a cache to keep the version in."""
    version = catalog_version()
    if version is None:
        return None
    derived = cache.get(_derived_key(version))
    if derived is None:
        # Past sales too: the count of boundaries passed must only grow while the version stays.
        boundaries = sorted(
            moment.timestamp()
            for starts_at, ends_at in Sale.objects.filter(is_active=True).values_list("starts_at", "ends_at")
            for moment in (starts_at, ends_at)
            if moment is not None
        )
        derived = {"boundaries": boundaries}
        cache.set(_derived_key(version), derived, timeout=_DERIVED_TIMEOUT)
    passed = bisect_right(derived["boundaries"], timezone.now().timestamp())
    return CatalogState(version=version, passed=passed, derived=derived)
