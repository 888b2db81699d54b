"""A material policy change in a real browser: staff publish it in the admin, and a signed-in shopper's next
page is the accept page; once they accept, they land where they were going."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from privacy.models import Channel, PolicyAcceptance
from tests.accounts.factories import StaffFactory
from tests.e2e.conftest import account_menu, browser_context, staff_log_in, verified_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_publish_a_material_version_and_the_shopper_accepts_it_on_the_way(
    browser: Browser, signed_in_page: Page, site, accepted_shopper, screenshots
):
    # given: the shopper is browsing, signed in, under the version they accepted at sign-up
    shopper = signed_in_page
    shopper.goto(site + "/privacy/")
    expect(shopper.get_by_role("heading", level=1)).to_be_visible()
    staff = verified_user(StaffFactory, email="editor@example.com")

    # when: staff write and publish a material version in the admin (their own browser)
    admin_context = browser_context(browser)
    admin = admin_context.new_page()
    staff_log_in(admin, site, email=staff.email)
    admin.goto(site + "/admin/privacy/policyversion/add/")
    effective = timezone.localtime() - timedelta(minutes=1)
    admin.get_by_label("Version").fill("2026-02")
    admin.get_by_label("Title").fill("PrivaShop privacy policy")
    admin.get_by_label("Material").check()
    admin.locator("input[name=effective_at_0]").fill(effective.strftime("%Y-%m-%d"))
    admin.locator("input[name=effective_at_1]").fill(effective.strftime("%H:%M:%S"))
    admin.get_by_label("Summary of changes").fill("We now keep delivery addresses for two years.")
    admin.get_by_label("Body").fill("## Who we are\n\nPrivaShop keeps your data safe.")
    admin.get_by_role("button", name="Save and continue editing").click()
    admin.get_by_role("button", name="Save and publish").click()
    # a material version is published only once staff confirm what it does to every signed-in user
    expect(admin.get_by_role("heading", name="Please confirm: publish the privacy policy")).to_be_visible()
    admin.get_by_role("button", name="Yes, publish").click()
    # unfold's admin shows messages as list items (there is no Django ".messagelist")
    expect(admin.get_by_role("listitem").filter(has_text="Version 2026-02 is published")).to_be_visible()
    screenshots.take(admin, "admin-published")
    admin_context.close()

    # when: the shopper goes on to their orders
    account_menu(shopper).get_by_role("link", name="Orders").click()

    # then: they are asked to accept the new version first
    expect(shopper).to_have_url(re.compile(r"/privacy/policy/accept/"))
    expect(shopper.get_by_text("We now keep delivery addresses for two years.")).to_be_visible()
    screenshots.take(shopper, "accept-page")

    # when: they accept
    shopper.get_by_label(re.compile("accept", re.I)).check()
    shopper.get_by_role("button", name="Accept and continue").click()

    # then: they land on the page they were going to, and the acceptance is on record
    expect(shopper).to_have_url(re.compile(r"/orders/$"))
    screenshots.take(shopper, "landed-on-orders")
    assert PolicyAcceptance.objects.filter(
        user=accepted_shopper, version__version="2026-02", channel=Channel.WEB
    ).exists()
