"""Catalog writes done by the merchant."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from shop.models import Product
from shop.services.catalog_version import catalog_version_bump


@transaction.atomic
def product_set_active(*, product_ids: Iterable[int], is_active: bool) -> int:
    """Show (``is_active=True``) or hide the given products in the shop; returns how many changed.

    Idempotent: products already in the requested state are left untouched and not counted, and
    unknown ids are ignored. One ``UPDATE``; ``updated_at`` is set because ``update()`` skips
    ``auto_now``.
    """
    changed = (
        Product.objects.filter(pk__in=list(product_ids))
        .exclude(is_active=is_active)
        .update(is_active=is_active, updated_at=timezone.now())
    )
    if changed:
        catalog_version_bump()
    return changed


def product_view_subject(product_id: int) -> str:
    """The key of a product in the privacy-preserving view counter (``privacy.analytics``)."""
    return f"product:{product_id}"
