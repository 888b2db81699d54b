"""The merchant admin's theme: every registered admin is themed and has one place in the sidebar's sections,
the sections come in the merchant's order without duplicate headings, and the dashboard's figures are right,
link to their filtered lists and cost a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from unfold.admin import ModelAdmin as ThemedModelAdmin

from config.admin_theme import SIDEBAR_SECTIONS, sidebar_navigation
from orders.models import Carrier, OrderStatus, Shipment, ShipmentStatus
from orders.selectors.dashboard import dashboard_figures
from orders.services.logistics import carrier_save
from privacy.requests.models import PrivacyRequest, RequestKind, RequestStatus
from privacy.retention.models import PurgeRun, PurgeStatus, PurgeTrigger
from tests.accounts.factories import StaffFactory
from tests.orders.factories import OrderFactory

NOW = timezone.make_aware(timezone.datetime(2026, 6, 15, 12, 0))


def test_every_registered_admin_is_themed():
    # when
    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ThemedModelAdmin)
    ]

    # then
    assert plain == []


def test_every_registered_admin_has_exactly_one_place_in_the_sidebar():
    # given
    placed = [label for _, entries in SIDEBAR_SECTIONS for label, _ in entries]
    registered = {model._meta.label for model in admin.site._registry}

    # then
    assert len(placed) == len(set(placed))
    assert set(placed) == registered


def test_the_sections_come_in_the_merchants_order_without_duplicate_headings():
    # when
    titles = [str(title) for title, _ in SIDEBAR_SECTIONS]

    # then
    assert titles == ["Orders", "Catalog", "Customers", "Marketing", "Privacy", "Settings"]


@pytest.mark.django_db
def test_staff_see_only_the_sections_and_entries_they_may_view(rf):
    # given: staff who may only view orders
    staff = StaffFactory(is_superuser=False)
    staff.user_permissions.add(Permission.objects.get(codename="view_order"))
    request = rf.get("/admin/")
    request.user = staff

    # when
    sections = sidebar_navigation(request)

    # then
    assert [(str(section["title"]), [item["title"] for item in section["items"]]) for section in sections] == [
        ("Orders", ["Orders"])
    ]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_dashboard_figures_count_what_the_merchant_acts_on():
    # given
    carrier = carrier_save(
        carrier=Carrier(name="Quick Parcel", slug="quick", api_base_url="https://carrier.test/api"),
        webhook_secret="s" * 32,
    )
    OrderFactory(status=OrderStatus.PAID, total=Decimal("100.00"))
    handed = OrderFactory(status=OrderStatus.AWAITING_PICKUP, total=Decimal("50.00"))
    OrderFactory(status=OrderStatus.PENDING_PAYMENT, total=Decimal("999.00"))  # today, but no money yet
    yesterday = OrderFactory(status=OrderStatus.PAID, total=Decimal("30.00"))
    yesterday.created_at = NOW - timedelta(days=1)
    yesterday.save(update_fields=["created_at"])
    Shipment.objects.create(order=handed, carrier=carrier, status=ShipmentStatus.FAILED)
    PrivacyRequest.objects.create(
        kind=RequestKind.DELETION,
        status=RequestStatus.OPEN,
        due_at=NOW - timedelta(days=1),
        email="someone@example.com",
        details="Please.",
    )
    PrivacyRequest.objects.create(
        kind=RequestKind.ACCESS,
        status=RequestStatus.OPEN,
        due_at=NOW - timedelta(days=1),
        email="someone@example.com",
        details="Please.",
    )
    PrivacyRequest.objects.create(
        kind=RequestKind.DELETION, status=RequestStatus.ANSWERED, email="someone@example.com", details="Please."
    )
    for hours in range(7):
        PurgeRun.objects.create(
            category="history",
            status=PurgeStatus.COMPLETED,
            triggered_by=PurgeTrigger.SCHEDULE,
            batch_size=10,
            queued_at=NOW - timedelta(hours=hours),
        )

    # when
    with CaptureQueriesContext(connection) as queries:
        figures = dashboard_figures()

    # then
    assert len(queries) == 5
    assert figures.orders_to_ship == 3  # two paid today and yesterday, one awaiting pickup
    assert figures.orders_today == 3
    assert figures.revenue_today == Decimal("150.00")
    assert figures.failed_handoffs == 1
    assert figures.overdue_deletion_requests == 1
    assert figures.open_privacy_requests == 2
    assert [run.queued_at for run in figures.recent_purge_runs] == [NOW - timedelta(hours=h) for h in range(5)]


@pytest.mark.django_db
def test_the_dashboard_links_each_figure_to_its_filtered_list(client):
    # given
    client.force_login(StaffFactory())
    OrderFactory(status=OrderStatus.PAID)
    OrderFactory(status=OrderStatus.COMPLETED)

    # when
    response = client.get(reverse("admin:index"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Orders to ship" in html and "Last purge runs" in html
    cards = {str(card["title"]): card for card in response.context["dashboard_cards"]}
    to_ship = client.get(cards["Orders to ship"]["link"])
    assert to_ship.status_code == 200
    assert [order.status for order in to_ship.context["cl"].result_list] == [OrderStatus.PAID]
    for card in cards.values():
        assert client.get(card["link"]).status_code == 200, card["title"]
