"""No serious or critical WCAG 2 violations (axe-core) on the main pages, for visitors and signed-in shoppers,
on a desktop and a phone-sized screen. Every page checked is also saved as a screenshot, for a person's review."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import axe_script, axe_violations, describe
from tests.e2e.browser import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANONYMOUS_PAGES = ["/", "/?q=linen", "/products/linen-shirt/", "/cart/", "/accounts/login/", "/accounts/signup/"]
SHOPPER_PAGES = [
    "/orders/checkout/",
    "/orders/",
    "/privacy/",
    "/privacy/consents/",
    "/privacy/export/",
    "/privacy/policy/",
]


def _check(page: Page, site: str, paths: list[str], source: str, screenshots) -> dict[str, str]:
    """Each page on a desktop and on a phone-sized screen; the failures by page and screen."""
    failures = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for path in paths:
            page.goto(site + path)
            expect(page.locator("main h1").first).to_be_visible()
            violations = axe_violations(page, source)
            slug = path.strip("/").replace("/", "-").replace("?", "-") or "home"
            screenshots.take(page, f"{name}-{slug}")
            if violations:
                failures[f"{path} ({name})"] = describe(violations)
    return failures


def test_main_pages_have_no_serious_accessibility_violations(page: Page, site, catalog, screenshots):
    # given
    source = axe_script()

    # when
    failures = _check(page, site, ANONYMOUS_PAGES, source, screenshots)

    # then
    assert not failures, "\n".join(f"{path}:\n{found}" for path, found in failures.items())


def test_shopper_pages_have_no_serious_accessibility_violations(
    signed_in_page: Page, site, catalog, delivered_order, screenshots
):
    # given: a shopper with something in the cart and a delivered order
    source = axe_script()
    page = signed_in_page
    page.goto(f"{site}/products/{catalog.shirt_slug}/")
    page.get_by_role("button", name="Add to cart").click()
    order = delivered_order

    # when
    failures = _check(page, site, [*SHOPPER_PAGES, f"/orders/{order.number}/"], source, screenshots)

    # then
    assert not failures, "\n".join(f"{path}:\n{found}" for path, found in failures.items())
