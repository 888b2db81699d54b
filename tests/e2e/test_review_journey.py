"""A review with a photo in a real browser: a shopper opens their delivered order, follows the review link of
its line, rates the product, writes a few words and attaches a photo carrying camera metadata; the product
page then shows the review under their nickname only, with the rating summary, and the stored photo has lost
its metadata."""

import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from shop.reviews.models import Review, ReviewImage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXIF_MAKE = 0x010F
EXIF_MODEL = 0x0110
REVIEW_TEXT = "Soft linen, true to size, and it keeps its shape after washing."


def photo_with_camera_metadata(folder: Path) -> Path:
    """A small JPEG whose EXIF names the camera, as a phone's photo would."""
    path = folder / "shirt.jpg"
    exif = Image.Exif()
    exif[EXIF_MAKE] = "PhoneMaker"
    exif[EXIF_MODEL] = "Pocket Camera 12"
    Image.new("RGB", (64, 48), (180, 150, 110)).save(path, "JPEG", exif=exif)
    with Image.open(path) as written:
        assert written.getexif().get(EXIF_MAKE) == "PhoneMaker"
    return path


def test_a_buyer_reviews_a_delivered_line_with_a_photo(
    signed_in_page: Page, site, catalog, delivered_order, accepted_shopper, screenshots, tmp_path
):
    # given: a signed-in shopper on the page of their delivered order
    page = signed_in_page
    photo = photo_with_camera_metadata(tmp_path)
    page.goto(f"{site}/orders/{delivered_order.number}/")
    expect(page.locator("#order-status")).to_have_text("Delivered")
    screenshots.take(page, "order-delivered")

    # when: they follow the review link of the line and post a rating, a text and the photo
    page.get_by_role("link", name=f"Review {catalog.shirt_title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your purchase")
    page.get_by_label("4 stars", exact=True).check()
    page.get_by_label("Your review").fill(REVIEW_TEXT)
    page.get_by_label(re.compile("^Photos")).set_input_files(photo)
    screenshots.take(page, "review-form")
    page.get_by_role("button", name="Post review").click()

    # then: the review is thanked for and listed among theirs
    expect(page.get_by_text("Thank you for your review.")).to_be_visible()
    screenshots.take(page, "my-reviews")

    # when: they open the product page
    page.goto(f"{site}/products/{catalog.shirt_slug}/")
    reviews = page.locator("#reviews")

    # then: the review shows under the nickname only, with its photo, and the rating summary counts it
    review = Review.objects.get(user=accepted_shopper)
    article = reviews.locator(f"#review-{review.pk}")
    expect(article).to_contain_text(accepted_shopper.nickname)
    expect(article).to_contain_text(REVIEW_TEXT)
    expect(article).to_contain_text("4 out of 5 stars")
    expect(article.get_by_role("img", name=f"Photo 1 by {accepted_shopper.nickname}")).to_be_visible()
    expect(reviews.locator(".rating-summary")).to_contain_text("4.0 out of 5, from 1 review")
    assert accepted_shopper.email not in reviews.inner_text()
    assert accepted_shopper.email.split("@")[0] not in reviews.inner_text()
    screenshots.take(page, "product-with-review")

    # then: the stored photo kept the picture and lost the camera metadata
    stored = ReviewImage.objects.get(review=review)
    with Image.open(stored.image.path) as image:
        assert image.size == (64, 48)
        assert not image.getexif()
        assert "exif" not in image.info
