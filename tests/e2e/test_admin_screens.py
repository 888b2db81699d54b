"""The merchant admin at 1280 by 800, as a merchant and an ops person use it: the dashboard, the order list and
an order page, the catalog lists, the purge runs and the privacy requests. The key columns (order total,
stock, purge counters, due dates) must be in view without scrolling sideways. The screenshots are left in
``var/e2e-artifacts/admin/``."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from orders.models import OrderStatus
from privacy.requests.models import PrivacyRequest, RequestKind, RequestStatus
from privacy.retention.models import PurgeRun, PurgeStatus, PurgeTrigger
from tests.accounts.factories import StaffFactory
from tests.e2e.browser import Screenshots
from tests.e2e.conftest import staff_log_in, verified_user
from tests.orders.factories import order_with_line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1280, "height": 800}


def _shop_history():
    """Orders in several states, an overdue deletion request and purge runs with large counters; returns the
    paid order."""
    paid = order_with_line(status=OrderStatus.PAID, quantity=3)
    for status in (OrderStatus.AWAITING_PICKUP, OrderStatus.DELIVERED, OrderStatus.REFUNDED):
        order_with_line(status=status, quantity=3)
    now = timezone.now()
    PrivacyRequest.objects.create(
        kind=RequestKind.DELETION,
        status=RequestStatus.OPEN,
        email="someone@example.com",
        details="Please delete my data.",
        received_at=now - timedelta(days=40),
        due_at=now - timedelta(days=10),
    )
    for hours, category in enumerate(("history", "pii_access_log", "carts")):
        PurgeRun.objects.create(
            category=category,
            status=PurgeStatus.COMPLETED,
            triggered_by=PurgeTrigger.SCHEDULE,
            batch_size=1000,
            queued_at=now - timedelta(hours=hours),
            started_at=now - timedelta(hours=hours),
            finished_at=now - timedelta(hours=hours) + timedelta(minutes=2),
            examined=123456,
            deleted=12345,
            anonymised=1234,
            skipped_hold=12,
            warned=345,
            postponed=6,
            errors=1,
        )
    return paid


def _in_view(page: Page, selector: str) -> None:
    """The first cell matching ``selector`` is fully inside the viewport, and its table scrolls nowhere."""
    cell = page.locator(selector).first
    expect(cell).to_be_visible()
    box = cell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"], selector
    overflow = page.evaluate(
        "() => { const t = document.querySelector('#result_list');"
        " const box = t && t.closest('[data-simplebar]') || t && t.parentElement;"
        " return box ? box.scrollWidth - box.clientWidth : 0; }"
    )
    assert overflow <= 1, f"{selector}: the list scrolls sideways by {overflow}px"


def test_the_merchant_admin_fits_1280_px(page: Page, site):
    # given: a merchant with a second factor, and a shop with orders, a privacy request and purge runs
    merchant = verified_user(factory=StaffFactory, email="merchant@example.com")
    paid = _shop_history()
    page.set_viewport_size(VIEWPORT)
    shots = Screenshots("admin")

    # when: the merchant signs in, they land on the dashboard
    staff_log_in(page, site, email=merchant.email)
    page.goto(site + "/admin/")

    # then: the figures, each a link
    expect(page.get_by_role("link", name="Orders to ship")).to_be_visible()
    expect(page.get_by_role("heading", name="Last purge runs")).to_be_visible()
    shots.take(page, "dashboard")

    # when / then: each list keeps its key columns in view
    for path, name, key_cells in (
        ("/admin/orders/order/", "orders", ("td.field-total_amount", "td.field-status_label")),
        ("/admin/shop/product/", "products", ("td.field-total_stock",)),
        ("/admin/shop/productvariant/", "variants", ("td.field-stock", "td.field-price")),
        ("/admin/retention/purgerun/", "purge-runs", ("td.field-errors", "td.field-postponed", "td.field-deleted")),
        ("/admin/privacy_requests/privacyrequest/", "privacy-requests", ("td.field-due_at", "td.field-status")),
    ):
        page.goto(site + path)
        for selector in key_cells:
            _in_view(page, selector)
        shots.take(page, name)

    # when: the merchant opens a paid order
    page.goto(site + "/admin/orders/order/")
    page.locator("#result_list").get_by_role("link", name=paid.number).click()

    # then: the status buttons the state machine allows are there, the money-moving ones behind a confirmation
    expect(page.get_by_role("group", name="Order status")).to_be_visible()
    shots.take(page, "order")
    expect(page.get_by_role("button", name="Hand off to carrier")).to_be_visible()
    expect(page.get_by_role("button", name="Mark shipped")).to_have_count(0)
    page.get_by_role("link", name="Refund in full…").click()
    expect(page.get_by_text("Please confirm")).to_be_visible()
    expect(page.get_by_text("3 units of")).to_be_visible()
    shots.take(page, "order-refund-confirmation")
