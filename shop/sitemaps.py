"""``/sitemap.xml`` (django.contrib.sitemaps): the catalog's pages, on the shop's public address.

The addresses start with ``SHOP_SITE_URL`` rather than the request's host, as the canonical links do.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from shop.models import Category, Product


class _ShopSitemap(Sitemap):
    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SHOP_SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SHOP_SITE_URL).scheme or "https"


class ProductSitemap(_ShopSitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Product.objects.filter(is_active=True).only("slug", "updated_at").order_by("id")

    def location(self, product) -> str:
        return reverse("product-detail", args=[product.slug])

    def lastmod(self, product):
        return product.updated_at


class CategorySitemap(_ShopSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.only("slug").order_by("id")

    def location(self, category) -> str:
        return f"{reverse('product-list')}?category={category.slug}"


class PagesSitemap(_ShopSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["product-list", "privacy:policy-list"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"pages": PagesSitemap, "categories": CategorySitemap, "products": ProductSitemap}
