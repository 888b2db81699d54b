"""Fixtures of the browser journeys: the site on a live loopback server with a small catalog, the
demo carrier and payment provider, a shared headless Chromium, one fresh browser context per test, and
helpers for the steps several journeys share (sign up and verify, log in, add to cart).

Extension points for journeys other features finish later: ``delivered_order`` with ``signed_in_page`` (a
signed-in shopper with a delivered order: the starting point of the review-with-an-image journey) and
``signed_in_page`` alone (an account, signed in: the starting point of the cancellation journey).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from demo.carrier.setup import demo_carrier_configure
from orders.models import OrderStatus
from privacy.models import Channel, PolicyAcceptance, PolicyVersion
from shop.models import ProductVariant
from tests.accounts.factories import DEFAULT_PASSWORD, STAFF_TOTP_SECRET, UserFactory
from tests.accounts.totp import totp_code
from tests.e2e.browser import DESKTOP, Screenshots, chromium_launch
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.privacy.factories import PolicyVersionFactory
from tests.shop.factories import CategoryFactory, ProductFactory, ProductVariantFactory

EXPECT_TIMEOUT_MS = 10_000
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")


@dataclass
class Catalog:
    shirt_slug: str
    shirt_title: str
    lamp_slug: str


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module. Per module, so Playwright's event loop is gone before the rest of the
    suite runs in this thread. While it runs, the ORM calls the tests and their fixtures make beside it are
    synchronous and safe, so Django's "async unsafe" guard would only be a false alarm: it is lifted for the
    module's lifetime, not for the rest of the suite."""
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = chromium_launch(playwright)
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def browser_context(browser: Browser) -> BrowserContext:
    """A fresh context (cookies, storage) with the journeys' defaults; close it when done."""
    # The site's Content Security Policy forbids inline scripts; the accessibility check injects axe-core.
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True, accept_downloads=True, locale="en-GB")
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    return context


@pytest.fixture
def context(request, browser: Browser) -> Iterator[BrowserContext]:
    context = browser_context(browser)
    yield context
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        # What the browser showed when the test failed, next to the journey's other screenshots.
        shots = Screenshots(request.node.name, keep=True)
        for page in context.pages:
            shots.take(page, "FAILED")
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def screenshots(request) -> Screenshots:
    return Screenshots(request.node.name)


@pytest.fixture
def site(live_server, transactional_db, settings) -> str:
    """The shop on a live loopback server: a material policy in effect, a few products, the demo carrier
    booking on this server. Returns the server's base URL."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    # A staff code typed at the end of a 30-second window still counts when the server checks it just after.
    settings.MFA_TOTP_TOLERANCE = 1
    PolicyVersionFactory(version="2026-01", material=True, summary_of_changes="")
    clothing = CategoryFactory(name="Clothing", slug="clothing")
    home = CategoryFactory(name="Home", slug="home")
    shirt = ProductFactory(title="Linen Shirt", slug="linen-shirt", brand="Harbour Street", category=clothing)
    ProductVariantFactory(product=shirt, sku="SHIRT-M", attributes={"size": "M"}, price=Decimal("89.00"), stock=5)
    ProductVariantFactory(product=shirt, sku="SHIRT-L", attributes={"size": "L"}, price=Decimal("89.00"), stock=0)
    lamp = ProductFactory(title="Desk Lamp", slug="desk-lamp", brand="Casa Verde", category=home)
    ProductVariantFactory(product=lamp, sku="LAMP-1", attributes={"colour": "Black"}, price=Decimal("439.00"))
    demo_carrier_configure(api_base_url=f"{live_server.url}/demo-carrier/api")
    # The fake payment provider is served by the same live server; its hosted page sends the shopper back.
    settings.DEMO_PAYMENTS_API_BASE_URL = f"{live_server.url}/demo-payments/api"
    settings.SHOP_SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def catalog(site) -> Catalog:
    return Catalog(shirt_slug="linen-shirt", shirt_title="Linen Shirt", lamp_slug="desk-lamp")


def confirm_link_from_outbox(address: str) -> str:
    """The email-verification link of the last message sent to ``address``."""
    for message in reversed(mail.outbox):
        if address in message.to:
            found = CONFIRM_LINK.search(message.body)
            if found:
                return found.group(0)
    raise AssertionError(f"no verification email in the outbox ({len(mail.outbox)} messages)")


def log_in(page: Page, site: str, *, email: str, password: str = DEFAULT_PASSWORD, next_path: str = "") -> None:
    """Sign in through the login page (``next_path`` is where the site should send the user after)."""
    page.goto(f"{site}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def account_menu(page: Page):
    """The header's account menu (orders, privacy centre, log in or out), opened: it folds behind an icon."""
    menu = page.locator("details.account-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    return menu


def verified_user(factory=UserFactory, **fields):
    """A user whose email address is verified, so the login page lets them in."""
    user = factory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def staff_log_in(page: Page, site: str, *, email: str, next_path: str = "/admin/") -> None:
    """Sign a staff member in: password, then the code of their authenticator app (``STAFF_TOTP_SECRET``)."""
    page.goto(f"{site}/accounts/login/?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()
    code = totp_code(STAFF_TOTP_SECRET)
    page.get_by_label("Code").fill(code)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


@pytest.fixture
def accepted_shopper(site):
    """A verified shopper who accepted the policy in effect (no browser involved)."""
    user = verified_user(email="returning@example.com")
    version = PolicyVersion.objects.get(version="2026-01")
    PolicyAcceptance.objects.create(
        user=user,
        version=version,
        body_digest=version.body_digest,
        ip_address="127.0.0.1",
        user_agent="e2e",
        channel=Channel.SIGNUP,
    )
    return user


@pytest.fixture
def signed_in_page(page: Page, site: str, accepted_shopper) -> Page:
    """A browser page signed in as ``accepted_shopper``."""
    log_in(page, site, email=accepted_shopper.email)
    expect(account_menu(page).get_by_role("button", name="Log out")).to_be_visible()
    return page


@pytest.fixture
def delivered_order(accepted_shopper, catalog):
    """A delivered order of ``accepted_shopper`` for one Linen Shirt (M), made directly in the database."""
    order = OrderFactory(user=accepted_shopper, status=OrderStatus.DELIVERED)
    OrderLineFactory(order=order, variant=ProductVariant.objects.get(sku="SHIRT-M"), quantity=1)
    return order
