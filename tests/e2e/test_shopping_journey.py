"""The shopper's journey in a real browser: browse and search anonymously, fill the cart, sign up
(accepting the policy, verifying the email), keep the cart, check out with a new address, pay, follow the
parcel to the door, and take away a copy of one's data."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from orders.models import Shipment
from tests.e2e.conftest import account_menu, confirm_link_from_outbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "new.shopper@example.com"
PASSWORD = "a-long-and-unusual-passphrase-42"


def test_browse_sign_up_buy_follow_delivery_and_export(page: Page, site, catalog, screenshots):
    # given: an anonymous visitor on the catalog
    page.goto(site + "/")
    screenshots.take(page, "catalog")

    # when: they search and open a product
    page.get_by_role("search").get_by_label("Search products").fill("linen")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("linen")
    screenshots.take(page, "search-results")
    page.get_by_role("link", name=catalog.shirt_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(catalog.shirt_title)
    screenshots.take(page, "product")
    page.get_by_role("button", name="Add to cart").click()
    screenshots.take(page, "added-to-cart")
    expect(page.locator(".site-nav .count")).to_contain_text("1")

    # when: they sign up, accepting the policy, and follow the link in the verification email
    account_menu(page).get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Date of birth").fill("1990-05-17")
    page.get_by_label(re.compile("accept the privacy policy")).check()
    screenshots.take(page, "signup")
    page.locator("main").get_by_role("button", name="Sign Up").click()
    screenshots.take(page, "verify-email-sent")
    page.goto(confirm_link_from_outbox(EMAIL))
    screenshots.take(page, "confirm-email")
    page.locator("main").get_by_role("button", name="Confirm").click()

    # then: they are signed in and the cart they filled anonymously is still theirs
    expect(account_menu(page).get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Cart")).click()  # the header's, not the footer's
    expect(page.get_by_role("link", name=catalog.shirt_title)).to_be_visible()
    screenshots.take(page, "cart-kept")

    # when: they check out to a new address and pay with the demo provider
    page.get_by_role("link", name="Check out").click()
    page.get_by_label("A new address").check()
    page.get_by_label("Recipient's name").fill("Wang Xiaoming")
    page.get_by_label("Phone").fill("13812345678")
    page.get_by_label("Region / province").fill("Zhejiang")
    page.get_by_label("City").fill("Hangzhou")
    page.get_by_label("Street line").fill("100 Wensan Road, Flat 501")
    screenshots.take(page, "checkout")
    page.get_by_role("button", name="Place order").click()
    expect(page.locator("#order-status")).to_have_text("Pending payment")
    screenshots.take(page, "order-placed")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    # the fake provider's hosted page: pay, and the signed webhook confirms it to the shop
    expect(page.get_by_role("heading", name="Demo Pay")).to_be_visible()
    screenshots.take(page, "payment-page")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect(page.locator("#order-status")).to_have_text("Awaiting pickup")
    screenshots.take(page, "order-paid")

    # when: the demo carrier's courier walks the parcel to the door (signed webhooks to this server)
    order_number = page.get_by_role("heading", level=1).inner_text().removeprefix("Order ").strip()
    shipment = Shipment.objects.get(order__number=order_number)
    for _ in range(4):
        call_command("demo_carrier_advance", shipment.tracking_number, stdout=io.StringIO())
    page.reload()

    # then
    expect(page.locator("#order-status")).to_have_text("Delivered")
    screenshots.take(page, "order-delivered")

    # when: they ask for a copy of their data, confirm their password, and download it
    account_menu(page).get_by_role("link", name="Privacy centre").click()
    screenshots.take(page, "privacy-centre")
    page.goto(site + "/privacy/export/")
    page.get_by_role("button", name="Request a copy of my data").click()
    screenshots.take(page, "reauthenticate")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name=re.compile("^Download"))).to_be_visible()
    screenshots.take(page, "export-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Download")).click()

    # then: the file is their data, as JSON
    exported = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert EMAIL in json.dumps(exported, ensure_ascii=False)
    assert order_number in json.dumps(exported, ensure_ascii=False)
