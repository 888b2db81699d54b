"""The bench catalog as data: PrivaShop's ``seed_demo`` products 0..N-1, written to a JSON file for the Oscar seed.

``bench/compare.py`` runs this with PrivaShop's virtualenv; the Oscar anchor's ``seed_bench`` command reads the
file, so both shops hold the same titles, slugs, brands, descriptions, categories, variant prices and stock
(``demo.catalog.demo_product`` is the one source of both).
"""

import json
import sys
from pathlib import Path


def catalog_rows(count: int) -> list[dict]:
    from demo.catalog import demo_product

    rows = []
    for number in range(count):
        spec = demo_product(number)
        rows.append(
            {
                "title": spec.title,
                "slug": spec.slug,
                "brand": spec.brand,
                "description": spec.description,
                "category": list(spec.leaf.path),
                "variants": [
                    {"sku": v.sku, "attributes": v.attributes, "price": str(v.price), "stock": v.stock}
                    for v in spec.variants
                ],
            }
        )
    return rows


def main() -> None:
    import django

    target, count = Path(sys.argv[1]), int(sys.argv[2])
    django.setup()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(catalog_rows(count)))


if __name__ == "__main__":
    main()
