"""Website routes of the shop app."""

from django.urls import include, path

from shop.web.seo_views import robots_txt, sitemap_xml

urlpatterns = [
    path("robots.txt", robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap_xml, name="sitemap-xml"),
    path("", include("shop.web.catalog_urls")),
    path("cart/", include("shop.web.cart_urls")),
]
