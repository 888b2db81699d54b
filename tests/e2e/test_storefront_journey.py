"""The storefront on a desktop (1280x800) and a phone (390x844): pictures, the category page, the variant picker,
the sticky add-to-cart bar, the cart and orders as cards, and the privacy centre dashboard. Each screen is saved in
var/e2e-artifacts/ for a person's review; on the phone no page is wider than the screen."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import Page, expect

from demo.images import RENDITION_WIDTHS, colour_rgb, product_picture, webp_renditions
from shop.models import Product, ProductImage
from shop.reviews.models import ProductRating
from tests.e2e.conftest import account_menu, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _picture(product: Product, *, code: str, colour: str) -> None:
    """A drawn picture of ``product`` in ``colour``, stored with its smaller copies, as seed_demo does."""
    files = webp_renditions(product_picture(code=code, colour=colour_rgb(colour), seed=product.slug))
    stem = f"products/e2e/{product.slug}-{colour.lower()}"
    for width in RENDITION_WIDTHS[:-1]:
        default_storage.save(f"{stem}-{width}w.webp", ContentFile(files[width]))
    name = default_storage.save(f"{stem}.webp", ContentFile(files[RENDITION_WIDTHS[-1]]))
    assert name == f"{stem}.webp", "the test media folder should be empty of this journey's files"
    ProductImage.objects.create(
        product=product, image=name, alt_text=f"{product.title}, {colour.lower()}", colour=colour,
        rendition_widths=list(RENDITION_WIDTHS[:-1]),
    )  # fmt: skip


@pytest.fixture
def storefront(site, catalog, settings):
    settings.ROOT_URLCONF = "tests.e2e.media_urls"
    for stale in ("products/e2e",):
        if default_storage.exists(stale):
            for name in default_storage.listdir(stale)[1]:
                default_storage.delete(f"{stale}/{name}")
    shirt = Product.objects.get(slug=catalog.shirt_slug)
    lamp = Product.objects.get(slug=catalog.lamp_slug)
    _picture(shirt, code="SHT", colour="Sky Blue")
    _picture(lamp, code="LMP", colour="Black")
    ProductRating.objects.create(product=shirt, count=4, rating_sum=18, average=Decimal("4.50"), stars_4=2, stars_5=2)
    return site


def _no_sideways_scroll(page: Page, viewport: dict) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url} is {width}px wide on a {viewport['width']}px screen"


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_shopper_browses_picks_a_variant_and_reviews_cart_orders_and_privacy(
    page: Page, storefront, catalog, accepted_shopper, delivered_order, screenshots, screen
):
    viewport = DESKTOP if screen == "desktop" else PHONE
    page.set_viewport_size(viewport)
    # Pages with pictures take longer to load on a shared, busy machine than the journeys' default allows.
    page.set_default_navigation_timeout(45_000)
    site = storefront

    # when: the shopper opens the shop
    page.goto(site + "/")

    # then: product pictures, the rating and prices on the cards; the first product within the first screen
    first_card = page.locator(".product-card").first
    expect(first_card.locator("img")).to_be_visible()
    assert first_card.bounding_box()["y"] < viewport["height"] - 100
    expect(page.locator(".product-card", has_text=catalog.shirt_title).locator(".rating")).to_contain_text(
        "Rated 4.5 out of 5"
    )
    _no_sideways_scroll(page, viewport)
    screenshots.take(page, f"{screen}-home")

    # when: they open a category
    page.goto(site + "/?category=clothing")

    # then: it is titled with the category's name; on a phone the filters are folded away
    expect(page.locator("main h1")).to_have_text("Clothing")
    if screen == "phone":
        expect(page.locator(".catalog-refine .filters")).to_be_hidden()
        page.get_by_text("Categories and filters").click()
        expect(page.locator(".catalog-refine .filters")).to_be_visible()
    _no_sideways_scroll(page, viewport)
    screenshots.take(page, f"{screen}-category")

    # when: they open the shirt and pick a size with the keyboard-accessible buttons
    page.goto(f"{site}/products/{catalog.shirt_slug}/")
    expect(page.locator(".option-group--buttons")).to_be_visible()
    expect(page.locator(".variant-list")).to_be_hidden()
    size_m = page.get_by_role("radio", name="M", exact=True)
    expect(size_m).to_be_checked()
    size_m.focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("button", name="Add to cart")).to_be_disabled()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("button", name="Add to cart")).to_be_enabled()

    # then: on a phone the add-to-cart bar stays on screen while the page scrolls
    if screen == "phone":
        page.mouse.wheel(0, 1500)
        bar = page.locator(".buy-bar").bounding_box()
        assert bar["y"] + bar["height"] <= viewport["height"] + 1
    _no_sideways_scroll(page, viewport)
    screenshots.take(page, f"{screen}-product")
    page.get_by_role("button", name="Add to cart").click()

    # then: the cart lists it (as a card on a phone)
    page.goto(site + "/cart/")
    expect(page.get_by_role("link", name=catalog.shirt_title)).to_be_visible()
    _no_sideways_scroll(page, viewport)
    screenshots.take(page, f"{screen}-cart")

    # when: they sign in and look at their orders and the privacy centre
    log_in(page, site, email=accepted_shopper.email, next_path="/orders/")
    expect(page.get_by_role("link", name=f"Order {delivered_order.number}")).to_be_visible()
    _no_sideways_scroll(page, viewport)
    screenshots.take(page, f"{screen}-orders")
    account_menu(page).get_by_role("link", name="Privacy centre").click()

    # then: each right is a card with its current state
    cards = page.locator(".right-card")
    expect(cards).to_have_count(6)
    expect(page.locator("#right-consents")).to_contain_text("of")
    expect(page.locator("#right-deletion .button-danger-outline")).to_be_visible()
    _no_sideways_scroll(page, viewport)
    screenshots.take(page, f"{screen}-privacy-centre")

    # and the policy page never runs wider than the screen
    page.goto(site + "/privacy/policy/2026-01/")
    _no_sideways_scroll(page, viewport)
    screenshots.take(page, f"{screen}-policy")
