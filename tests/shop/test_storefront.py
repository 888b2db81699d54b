"""What shoppers and search engines read on the storefront: headings, pictures, ratings, JSON-LD, sitemap, robots."""

import json
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from demo.catalog import demo_catalog_seed
from demo.product_images import demo_images_seed
from shop.models import ProductImage
from shop.reviews.models import ProductRating
from tests.shop.factories import CategoryFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

SITE = "https://shop.example.com"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SHOP_SITE_URL = SITE


@pytest.fixture
def lamp():
    home = CategoryFactory(name="Home", slug="home")
    lamps = CategoryFactory(name="Desk Lamps", slug="desk-lamps", parent=home)
    product = ProductFactory(title="Brass Desk Lamp", slug="brass-desk-lamp", brand="Oakhouse", category=lamps)
    ProductVariantFactory(product=product, sku="LAMP-B", attributes={"colour": "Black"}, price=Decimal("439.00"))
    ProductVariantFactory(
        product=product, sku="LAMP-W", attributes={"colour": "White"}, price=Decimal("459.00"), stock=0
    )
    return product


def _json_ld(html: str) -> dict:
    found = JSON_LD.search(html)
    assert found, "no JSON-LD block on the page"
    return json.loads(found.group(1))


def test_product_page_describes_the_product_for_search_engines(client, lamp):
    # when
    html = client.get("/products/brass-desk-lamp/").content.decode()

    # then: valid JSON-LD with one offer per variant, its availability, no rating before any review
    data = _json_ld(html)
    assert data["@type"] == "Product"
    assert data["name"] == "Brass Desk Lamp"
    assert data["brand"] == {"@type": "Brand", "name": "Oakhouse"}
    assert [(offer["sku"], offer["price"], offer["availability"]) for offer in data["offers"]] == [
        ("LAMP-B", "439.00", "https://schema.org/InStock"),
        ("LAMP-W", "459.00", "https://schema.org/OutOfStock"),
    ]
    assert "aggregateRating" not in data
    assert f'<link rel="canonical" href="{SITE}/products/brass-desk-lamp/">' in html
    assert '<meta name="description" content="A plain, well-made product.">' in html


def test_product_json_ld_carries_the_rating_when_reviews_exist(client, lamp):
    # given
    ProductRating.objects.create(product=lamp, count=3, rating_sum=13, average=Decimal("4.33"), stars_4=2, stars_5=1)

    # when
    data = _json_ld(client.get("/products/brass-desk-lamp/").content.decode())

    # then
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.3",
        "reviewCount": 3,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_json_ld_cannot_be_closed_by_a_product_title(client, lamp):
    # given
    lamp.title = "Lamp </script><script>alert(1)</script>"
    lamp.save()

    # when
    html = client.get("/products/brass-desk-lamp/").content.decode()

    # then
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["name"] == lamp.title


def test_a_category_page_is_titled_with_the_category_and_points_to_its_canonical_address(client, lamp):
    # when
    html = client.get("/?category=desk-lamps&ordering=price&in_stock=true").content.decode()

    # then
    assert re.search(r"<h1[^>]*>Desk Lamps</h1>", html)
    assert "<title>Desk Lamps \u2013 PrivaShop</title>" in html
    assert f'<link rel="canonical" href="{SITE}/?category=desk-lamps">' in html
    assert 'name="description" content="Shop Desk Lamps at PrivaShop' in html


def test_cards_show_the_rating_with_an_accessible_text(client, lamp):
    # given
    ProductRating.objects.create(product=lamp, count=2, rating_sum=9, average=Decimal("4.50"), stars_4=1, stars_5=1)

    # when
    html = client.get("/").content.decode()

    # then
    assert 'data-rating="4.5"' in html
    assert "Rated 4.5 out of 5" in html
    assert "2 reviews" in html


def test_sitemap_lists_every_active_product_on_the_public_address(client, lamp):
    # given
    ProductFactory(slug="retired", is_active=False, category=lamp.category)

    # when
    response = client.get("/sitemap.xml")

    # then
    assert response.status_code == 200
    locations = {
        element.text
        for element in ElementTree.fromstring(response.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    assert f"{SITE}/products/brass-desk-lamp/" in locations
    assert f"{SITE}/products/retired/" not in locations
    assert f"{SITE}/?category=desk-lamps" in locations


def test_robots_txt_names_the_sitemap_and_keeps_private_pages_out(client):
    # when
    response = client.get("/robots.txt")

    # then
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    assert "Disallow: /orders/" in text


def test_demo_pictures_are_webp_in_several_widths_and_shown_with_srcset(client, settings, tmp_path):
    # given: three demo products with their pictures, one per colour
    settings.MEDIA_ROOT = tmp_path
    demo_catalog_seed(product_count=3)

    # when
    counts = demo_images_seed(product_count=3)

    # then
    images = list(ProductImage.objects.order_by("product_id", "position"))
    assert counts.created["product images"] == len(images) >= 3
    for image in images:
        assert image.image.name.endswith(".webp")
        assert (tmp_path / image.image.name).read_bytes()[8:12] == b"WEBP"
        for width, url in image.renditions:
            assert (tmp_path / url.removeprefix(settings.MEDIA_URL)).exists(), width
    html = client.get("/").content.decode()
    first, *others = re.findall(r"<img [^>]*>", html)
    assert 'loading="eager"' in first and 'fetchpriority="high"' in first
    assert all('loading="lazy"' in tag for tag in others)
    assert all("srcset=" in tag and 'width="800" height="800"' in tag for tag in [first, *others])
    # and a second run draws nothing again
    assert demo_images_seed(product_count=3).created.get("product images", 0) == 0


def test_demo_descriptions_claim_no_rating():
    from demo.catalog import demo_product

    assert not any("Rated" in demo_product(number).description for number in range(240))
