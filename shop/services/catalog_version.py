"""The catalog version: one counter that every change a shopper could see in the catalog moves.

Catalog reads (``shop.api.catalog_cache``) derive their entity tags and the keys of the shared response cache
from it, so a moved version makes every earlier tag and cached answer obsolete at once: nothing is deleted,
nothing can be missed. What moves it: products, variants, images and categories changed (admin, import,
activation), prices and stock (admin, checkout, restocking), sales (admin), and ratings (every change of a
product's rating summary, deletions by erasure included). A sale starting or ending at its time is not a
write: ``shop.selectors.catalog_version.catalog_state`` adds the sale boundaries passed.

The counter lives in the default cache (Redis in production, shared by every worker). It is moved twice: at
once, so the writing transaction's own later reads and tests see it, and again after commit, so that an answer
computed from the old rows while the change was uncommitted and cached under the version of the first move is
never served afterwards. A lost counter (Redis flushed or down) restarts from the clock, never from a value an
earlier answer was cached under.
"""

import time

from django.core.cache import cache
from django.db import transaction

CATALOG_VERSION_KEY = "catalog:version"


def catalog_version_initial() -> int:
    """A start value above any the counter can have reached before it was lost: microseconds of the clock."""
    return time.time_ns() // 1000


def _move() -> None:
    try:
        cache.incr(CATALOG_VERSION_KEY)
    except ValueError:
        # No counter yet (or it was evicted): start one; a concurrent start is as good as ours.
        cache.add(CATALOG_VERSION_KEY, catalog_version_initial(), timeout=None)


def catalog_version_bump() -> None:
    """Make every catalog answer cached or tagged so far obsolete (see the module docstring). Call it in the
    transaction that changes the catalog (or after it); two cache writes, no query."""
    _move()
    transaction.on_commit(_move)
