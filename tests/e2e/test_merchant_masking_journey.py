"""The merchant's view of orders in a real browser: phone numbers are masked in the order list, and revealing
one takes the permission and leaves an entry in the access log."""

import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from privacy.models import PiiAccessLog
from tests.e2e.conftest import staff_log_in, verified_user
from tests.orders.factories import PHONE, order_with_line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _merchant(*codenames: str):
    user = verified_user(email="merchant@example.com", is_staff=True)
    for codename in codenames:
        app_label, name = codename.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=name))
    return user


def test_merchant_sees_masked_phones_and_reveals_one_with_the_permission(page: Page, site, screenshots):
    # given: an order, and a merchant who may view orders and reveal personal data
    order = order_with_line()
    merchant = _merchant("orders.view_order", "privacy.view_unmasked_pii")

    # when: the merchant opens the order list
    staff_log_in(page, site, email=merchant.email)
    page.goto(site + "/admin/orders/order/")

    # then: the phone number is masked
    row = page.locator("#result_list tbody tr").filter(has_text=order.number)
    expect(row).to_contain_text("138****5678")
    expect(page.locator("#result_list")).not_to_contain_text(PHONE)
    screenshots.take(page, "order-list-masked")

    # when: they open the order and reveal its personal data, giving a reason
    row.get_by_role("link", name=order.number).click()
    page.get_by_role("link", name=re.compile("Reveal personal data")).click()
    page.get_by_label(re.compile("Reason")).fill("Courier cannot reach the customer")
    page.get_by_role("button", name="Reveal personal data").click()

    # then: the number is shown in the clear, and the access is on record
    expect(page.locator("#content-main")).to_contain_text(PHONE)
    screenshots.take(page, "revealed")
    log = PiiAccessLog.objects.get(staff=merchant)
    assert log.object_id == str(order.pk)
    assert "phone" in log.fields
    assert log.reason == "Courier cannot reach the customer"


def test_merchant_without_the_permission_gets_no_reveal(page: Page, site, screenshots):
    # given
    order = order_with_line()
    merchant = _merchant("orders.view_order")

    # when
    staff_log_in(page, site, email=merchant.email)
    page.goto(site + "/admin/orders/order/")
    page.locator("#result_list").get_by_role("link", name=order.number).click()

    # then
    expect(page.locator("#content-main")).not_to_contain_text(PHONE)
    expect(page.get_by_role("link", name=re.compile("Reveal personal data"))).to_have_count(0)
    screenshots.take(page, "order-masked-no-reveal")
    assert not PiiAccessLog.objects.exists()
