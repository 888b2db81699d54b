"""The site's URLs plus the bare reference view the benchmark compares the product list with."""

from django.urls import include, path

from bench.reference import reference_products
from bench.workload import REFERENCE_PATH
from config.urls import handler404, handler500  # noqa: F401 - Django looks them up on the root URLconf

urlpatterns = [
    path(REFERENCE_PATH.strip("/") + "/", reference_products, name="bench-reference-products"),
    path("", include("config.urls")),
]
