"""Catalog import and export in the admin: variants, prices and stock as CSV or XLSX, a preview with row-level
errors that saves nothing, and a confirmed import that saves everything or nothing."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from shop.catalog_transfer import VariantResource
from shop.models import Product, ProductVariant
from tests.accounts.factories import StaffFactory
from tests.shop.factories import CategoryFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

VARIANT_IMPORT = reverse("admin:shop_productvariant_import")
VARIANT_PROCESS = reverse("admin:shop_productvariant_process_import")
VARIANT_EXPORT = reverse("admin:shop_productvariant_export")
CSV_FORMAT, XLSX_FORMAT = "0", "1"
HEADER = ["sku", "product", "product_title", "product_brand", "product_category", "attributes", "price", "stock"]


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _csv(rows: list[list]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER[: len(rows[0])] if rows else HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile("catalog.csv", out.getvalue().encode(), content_type="text/csv")


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER[: len(rows[0])])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(
        "catalog.xlsx", out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def _preview(staff_client, upload, file_format=CSV_FORMAT):
    return staff_client.post(VARIANT_IMPORT, {"import_file": upload, "format": file_format, "resource": "0"})


def _confirm(staff_client, preview):
    form = preview.context["confirm_form"]
    return staff_client.post(VARIANT_PROCESS, {name: form.initial[name] for name in form.initial}, follow=True)


def _export(staff_client, file_format):
    """Submit the admin's export form with every column ticked, as a merchant leaves it by default."""
    columns = {f"variantresource_{name}": "on" for name in VariantResource().get_export_order()}
    return staff_client.post(VARIANT_EXPORT, {"format": file_format, "resource": "0", **columns})


def test_a_csv_preview_saves_nothing_and_confirming_creates_products_and_variants(staff_client):
    # given
    category = CategoryFactory(slug="tea")
    existing = ProductVariantFactory(sku="OLD-1", price=Decimal("9.90"), stock=3)
    upload = _csv(
        [
            ["GREEN-50", "green-tea", "Green tea", "Longjing", "tea", '{"weight": "50 g"}', "38.00", "12"],
            ["GREEN-100", "green-tea", "Green tea", "Longjing", "tea", '{"weight": "100 g"}', "68.00", "5"],
            ["OLD-1", existing.product.slug, "", "", "", "{}", "11.50", "40"],
        ]
    )

    # when
    preview = _preview(staff_client, upload)

    # then: a preview, nothing saved
    assert preview.status_code == 200
    assert preview.context["result"].totals["new"] == 2
    assert preview.context["result"].totals["update"] == 1
    assert not ProductVariant.objects.filter(sku__startswith="GREEN").exists()
    assert not Product.objects.filter(slug="green-tea").exists()

    # when
    done = _confirm(staff_client, preview)

    # then
    assert done.status_code == 200
    product = Product.objects.get(slug="green-tea")
    assert (product.title, product.brand, product.category_id) == ("Green tea", "Longjing", category.pk)
    assert sorted(product.variants.values_list("sku", "price", "stock")) == [
        ("GREEN-100", Decimal("68.00"), 5),
        ("GREEN-50", Decimal("38.00"), 12),
    ]
    existing.refresh_from_db()
    assert (existing.price, existing.stock) == (Decimal("11.50"), 40)


def test_row_errors_are_shown_per_row_and_nothing_is_saved(staff_client):
    # given
    CategoryFactory(slug="tea")
    kept = ProductVariantFactory(sku="KEEP-1", price=Decimal("5.00"), stock=2)
    upload = _csv(
        [
            ["KEEP-1", kept.product.slug, "", "", "", "{}", "6.00", "9"],
            ["BAD-PRICE", kept.product.slug, "", "", "", "{}", "-1.00", "1"],
            ["BAD-STOCK", kept.product.slug, "", "", "", "{}", "1.00", "lots"],
            ["BAD-CAT", "new-thing", "New thing", "", "no-such-category", "{}", "1.00", "1"],
            ["BAD-ATTR", kept.product.slug, "", "", "", "[1, 2]", "1.00", "1"],
        ]
    )

    # when
    preview = _preview(staff_client, upload)

    # then
    assert preview.status_code == 200
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    page = preview.content.decode()
    for message in (
        "A price is 0.00 or more",
        "is not a whole number of units",
        "There is no category with the slug",
        "Attributes must be a JSON object",
    ):
        assert message in page
    kept.refresh_from_db()
    assert (kept.price, kept.stock) == (Decimal("5.00"), 2)
    assert not ProductVariant.objects.filter(sku__startswith="BAD").exists()
    assert not Product.objects.filter(slug="new-thing").exists()


def test_an_xlsx_file_updates_price_and_stock_by_sku(staff_client):
    # given
    variant = ProductVariantFactory(sku="XL-1", price=Decimal("10.00"), stock=1)
    upload = _xlsx([["XL-1", variant.product.slug, "", "", "", "{}", "12.30", 7]])

    # when
    done = _confirm(staff_client, _preview(staff_client, upload, XLSX_FORMAT))

    # then
    assert done.status_code == 200
    variant.refresh_from_db()
    assert (variant.price, variant.stock) == (Decimal("12.30"), 7)


def test_variants_export_as_csv_and_xlsx_with_their_product(staff_client):
    # given
    product = ProductFactory(slug="oolong", title="Oolong", category=CategoryFactory(slug="tea"))
    ProductVariantFactory(product=product, sku="OOL-1", attributes={"weight": "50 g"}, price=Decimal("25.00"), stock=4)

    # when
    as_csv = _export(staff_client, CSV_FORMAT)
    as_xlsx = _export(staff_client, XLSX_FORMAT)

    # then
    assert as_csv.status_code == 200
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    row = next(item for item in rows if item["sku"] == "OOL-1")
    assert (row["product"], row["product_title"], row["product_category"]) == ("oolong", "Oolong", "tea")
    assert (json.loads(row["attributes"]), row["price"], row["stock"]) == ({"weight": "50 g"}, "25.00", "4")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert "OOL-1" in [cell.value for cell in sheet["A"]]


def test_only_staff_reach_the_import(client):
    client.force_login(StaffFactory(is_staff=False, is_superuser=False))

    response = client.get(VARIANT_IMPORT)

    assert response.status_code == 302


def test_the_products_sheet_creates_and_updates_products_by_slug(staff_client):
    # given
    CategoryFactory(slug="tea")
    existing = ProductFactory(slug="puer", title="Old title")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["slug", "title", "brand", "category", "description", "active"])
    writer.writerow(["puer", "Pu'er cake", "Yunnan", "tea", "Aged five years.", "1"])
    writer.writerow(["jasmine", "Jasmine tea", "Fujian", "tea", "", "0"])
    upload = SimpleUploadedFile("products.csv", out.getvalue().encode(), content_type="text/csv")

    # when
    preview = staff_client.post(
        reverse("admin:shop_product_import"), {"import_file": upload, "format": CSV_FORMAT, "resource": "0"}
    )
    form = preview.context["confirm_form"]
    staff_client.post(reverse("admin:shop_product_process_import"), dict(form.initial), follow=True)

    # then
    existing.refresh_from_db()
    assert (existing.title, existing.brand, existing.category.slug) == ("Pu'er cake", "Yunnan", "tea")
    jasmine = Product.objects.get(slug="jasmine")
    assert (jasmine.title, jasmine.is_active) == ("Jasmine tea", False)
