"""Account cancellation in a real browser: a signed-in shopper with no order under way goes from the privacy
centre to the cancellation page, confirms their password, asks to cancel, sees when it will happen, then
changes their mind and keeps the account."""

import re
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from privacy.cancellation.models import CancellationRequest, CancellationStatus
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.e2e.conftest import account_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shopper_asks_to_cancel_their_account_then_keeps_it(
    signed_in_page: Page, site, accepted_shopper, screenshots
):
    # given: a signed-in shopper in the privacy centre
    page = signed_in_page
    account_menu(page).get_by_role("link", name="Privacy centre").click()
    screenshots.take(page, "privacy-centre")

    # when: they open the cancellation page and ask, confirming their password when asked
    page.get_by_role("link", name="Cancel your account").click()
    expect(page).to_have_url(re.compile(r"/privacy/cancellation/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your account")
    page.get_by_label(re.compile("^I understand")).check()
    screenshots.take(page, "cancellation-page")
    page.get_by_role("button", name="Cancel my account").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    screenshots.take(page, "reauthenticate")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Confirm").click()

    # then: the request is pending, the site-wide banner says so and the page gives the due date
    expect(page).to_have_url(re.compile(r"/privacy/cancellation/$"))
    request = CancellationRequest.objects.get(user=accepted_shopper)
    assert request.status == CancellationStatus.PENDING
    banner = page.get_by_role("complementary", name="Account cancellation")
    expect(banner).to_contain_text("You asked to cancel your account.")
    pending = page.get_by_role("region", name="Your account is going to be cancelled")
    expect(pending).to_contain_text("Your account will be anonymised on")
    shown_due = pending.locator("time").last.get_attribute("datetime")
    assert datetime.fromisoformat(shown_due) == request.due_at
    screenshots.take(page, "cancellation-pending")

    # when: they change their mind
    pending.get_by_role("button", name="Keep my account").click()

    # then: the banner is gone, the page offers to cancel again, and the request is revoked
    expect(page.get_by_text("Your account will not be cancelled. Welcome back.")).to_be_visible()
    expect(page.get_by_role("complementary", name="Account cancellation")).to_have_count(0)
    expect(page.get_by_role("button", name="Cancel my account")).to_be_visible()
    screenshots.take(page, "cancellation-revoked")
    request.refresh_from_db()
    assert request.status == CancellationStatus.REVOKED
    assert request.revoked_at is not None
