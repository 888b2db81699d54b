"""Seed the Oscar anchor with PrivaShop's bench catalog (the JSON ``bench/compare_catalog.py`` writes).

Each PrivaShop product is an Oscar parent product in the same category path, and each of its variants a child
product with one stock record (same SKU, price and stock), which is how Oscar models variants. Idempotent: a
catalog already holding as many parents is left alone.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from oscar.apps.catalogue.categories import create_from_sequence
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")


class Command(BaseCommand):
    help = "Create the bench products from a catalog JSON file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("catalog")

    def handle(self, *args, catalog, **options):
        rows = json.loads(Path(catalog).read_text())
        if Product.objects.filter(structure=Product.PARENT).count() >= len(rows):
            self.stdout.write(f"oscar bench catalog: {len(rows)} products already there")
            return
        with transaction.atomic():
            Product.objects.all().delete()
            product_class, _ = ProductClass.objects.get_or_create(
                name="Bench", defaults={"track_stock": True, "requires_shipping": True}
            )
            partner, _ = Partner.objects.get_or_create(name="PrivaShop bench")
            categories = {}
            for row in rows:
                path = tuple(row["category"])
                if path not in categories:
                    categories[path] = create_from_sequence(list(path))[-1]
            parents = Product.objects.bulk_create(
                [
                    Product(
                        structure=Product.PARENT,
                        title=row["title"],
                        slug=row["slug"],
                        description=row["description"],
                        product_class=product_class,
                        is_public=True,
                    )
                    for row in rows
                ],
                batch_size=1000,
            )
            ProductCategory.objects.bulk_create(
                [
                    ProductCategory(product=product, category=categories[tuple(row["category"])])
                    for product, row in zip(parents, rows, strict=True)
                ],
                batch_size=1000,
            )
            children, variants = [], []
            for parent, row in zip(parents, rows, strict=True):
                for variant in row["variants"]:
                    children.append(
                        Product(
                            structure=Product.CHILD,
                            parent=parent,
                            title=", ".join(variant["attributes"].values()),
                            slug=parent.slug,
                            upc=variant["sku"],
                            is_public=True,
                        )
                    )
                    variants.append(variant)
            children = Product.objects.bulk_create(children, batch_size=2000)
            StockRecord.objects.bulk_create(
                [
                    StockRecord(
                        product=child,
                        partner=partner,
                        partner_sku=variant["sku"],
                        price_currency="CNY",
                        price=Decimal(variant["price"]),
                        num_in_stock=variant["stock"],
                    )
                    for child, variant in zip(children, variants, strict=True)
                ],
                batch_size=2000,
            )
        self.stdout.write(f"oscar bench catalog: {len(parents)} products, {len(children)} variants created")
