"""The website: reviews and the rating summary on the product page, the review form reached from a
delivered order, editing, deleting, reporting and voting, all without JavaScript."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from orders.models import OrderStatus
from shop.reviews.models import HelpfulVote, Review, ReviewImage, ReviewReport, ReviewStatus
from shop.reviews.services.reviews import review_create
from tests.accounts.factories import UserFactory
from tests.reviews.factories import ReviewFactory, ReviewImageFactory, bought_line, image_bytes, image_upload
from tests.shop.factories import ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

TEXT = "Sturdy handle and it keeps the tea hot."


def product_page(slug: str) -> str:
    return reverse("product-detail", kwargs={"slug": slug})


@pytest.fixture
def web(client, buyer):
    client.force_login(buyer)
    return client


def test_the_product_page_shows_the_summary_and_the_reviews_with_nicknames_only(client, publish_at_once):
    # given
    product = ProductFactory(slug="teapot")
    ProductVariantFactory(product=product)
    author = UserFactory(nickname="Tea Lover", email="lover.of.tea@example.com")
    line = bought_line(user=author, product=product, attributes={"size": "M", "colour": "blue"})
    review_create(user=author, order_line_id=line.pk, rating=4, text=TEXT)
    other = UserFactory(nickname="")
    review_create(user=other, order_line_id=bought_line(user=other, product=product).pk, rating=2, text=TEXT)

    # when
    response = client.get(product_page("teapot"))

    # then
    assert response.status_code == 200
    assertContains(response, "3.0</strong> out of 5, from 2 reviews")
    assertContains(response, "Tea Lover")
    assertContains(response, "Anonymous")
    assertContains(response, "Bought: Size M, blue.")
    assertContains(response, TEXT)
    assertNotContains(response, "lover.of.tea")


def test_a_product_without_reviews_says_so(client):
    # given
    ProductVariantFactory(product=ProductFactory(slug="new"))

    # when
    response = client.get(product_page("new"))

    # then
    assertContains(response, "No reviews yet.")


@pytest.mark.parametrize("size", [1, 20])
def test_the_product_page_query_count_does_not_grow_with_reviews(client, django_assert_num_queries, size):
    # given
    product = ProductFactory(slug="busy")
    ProductVariantFactory(product=product)
    for _ in range(size):
        author = UserFactory()
        author.avatar.save("a.png", ContentFile(image_bytes("PNG")), save=True)
        ReviewImageFactory(review=ReviewFactory(user=author, order_line=bought_line(user=author, product=product)))

    # when: the product page's own queries, then on this cold catalog cache the sale boundaries and the running
    # sales (each read once per catalog version), then the review count, the page of reviews and their photos
    with django_assert_num_queries(9):
        response = client.get(product_page("busy"))

    # then
    assert response.status_code == 200


def test_the_product_page_sorts_and_pages_the_reviews(client):
    # given
    product = ProductFactory(slug="many")
    ProductVariantFactory(product=product)
    for rating in [1, 5, 3] * 4:
        ReviewFactory(
            order_line=bought_line(product=product), product=product, rating=rating, text=f"Rated {rating} of 5 stars."
        )

    # when
    response = client.get(product_page("many"), {"reviews_ordering": "-rating", "reviews_page": 2})

    # then
    page = response.context["page"]
    assert [review.rating for review in page.object_list] == [1, 1]
    assertContains(response, "Page 2 of 2")


def test_the_order_page_links_delivered_lines_to_the_review_form(web, line):
    # when
    response = web.get(reverse("orders:order-detail", kwargs={"number": line.order.number}))

    # then
    assertContains(response, reverse("reviews:new", kwargs={"order_line_id": line.pk}))


def test_an_undelivered_order_has_no_review_link(web, buyer):
    # given
    line = bought_line(user=buyer, status=OrderStatus.PAID)

    # when
    response = web.get(reverse("orders:order-detail", kwargs={"number": line.order.number}))

    # then
    assertNotContains(response, reverse("reviews:new", kwargs={"order_line_id": line.pk}))


def test_the_buyer_posts_a_review_with_a_photo_from_the_form(web, line, publish_at_once):
    # given
    url = reverse("reviews:new", kwargs={"order_line_id": line.pk})
    form_page = web.get(url)

    # when
    response = web.post(url, {"rating": "5", "text": TEXT, "images": [image_upload()]})

    # then
    assert form_page.status_code == 200
    assertContains(form_page, 'enctype="multipart/form-data"')
    assertRedirects(response, reverse("reviews:mine"))
    review = Review.objects.get()
    assert (review.rating, review.text, review.status) == (5, TEXT, ReviewStatus.PUBLISHED)
    assert ReviewImage.objects.filter(review=review).count() == 1


def test_the_form_shows_refusals_next_to_the_fields(web, line):
    # when
    response = web.post(reverse("reviews:new", kwargs={"order_line_id": line.pk}), {"rating": "5", "text": "Meh"})

    # then
    assertContains(response, "Write at least 10 characters.", status_code=400)
    assert not Review.objects.exists()


def test_another_shoppers_line_gets_the_refusal_page(client, line):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(reverse("reviews:new", kwargs={"order_line_id": line.pk}))

    # then
    assert response.status_code == 403
    assertContains(response, "Only the buyer of a delivered order", status_code=403)


def test_a_restricted_minor_is_sent_to_ask_a_guardian(client, product):
    # given
    minor = UserFactory(date_of_birth=date(timezone.localdate().year - 14, 1, 1))
    line = bought_line(user=minor, product=product)
    client.force_login(minor)

    url = reverse("reviews:new", kwargs={"order_line_id": line.pk})

    # when
    form_page = client.get(url)
    response = client.post(url, {"rating": "5", "text": TEXT})

    # then
    assertContains(form_page, reverse("privacy:guardian"), status_code=403)
    assertContains(response, reverse("privacy:guardian"), status_code=403)
    assert not Review.objects.exists()


def test_a_second_visit_to_the_form_leads_to_editing_the_review(web, buyer, line):
    # given
    review = review_create(user=buyer, order_line_id=line.pk, rating=3, text=TEXT)

    # when
    response = web.get(reverse("reviews:new", kwargs={"order_line_id": line.pk}))

    # then
    assertRedirects(response, reverse("reviews:edit", kwargs={"review_id": review.pk}))


def test_the_review_pages_need_an_account(client, line):
    # when
    response = client.get(reverse("reviews:new", kwargs={"order_line_id": line.pk}))

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_author_edits_and_then_deletes_a_review(web, buyer, line, django_capture_on_commit_callbacks):
    # given
    review = review_create(user=buyer, order_line_id=line.pk, rating=3, text=TEXT, images=[image_upload()])
    photo = ReviewImage.objects.get()
    edit_url = reverse("reviews:edit", kwargs={"review_id": review.pk})

    # when
    with django_capture_on_commit_callbacks(execute=True):
        edited = web.post(
            edit_url, {"rating": "4", "text": "Better than I first thought.", "remove_images": [photo.pk]}
        )
        photos_after_edit = ReviewImage.objects.count()
        deleted = web.post(reverse("reviews:delete", kwargs={"review_id": review.pk}))

    # then
    assertRedirects(edited, reverse("reviews:mine"))
    assert photos_after_edit == 0
    assertRedirects(deleted, reverse("reviews:mine"))
    assert not Review.objects.exists()
    assert not photo.image.storage.exists(photo.image.name)


def test_the_author_sees_the_reason_staff_gave(web, buyer, line):
    # given
    ReviewFactory(
        user=buyer, order_line=line, status=ReviewStatus.HIDDEN, moderation_reason="It shows a delivery label."
    )

    # when
    response = web.get(reverse("reviews:mine"))

    # then
    assertContains(response, "It shows a delivery label.")
    assertContains(response, "Hidden")


def test_another_shoppers_review_has_no_edit_or_delete_page(client, line):
    # given
    review = ReviewFactory()
    client.force_login(UserFactory())

    # when
    responses = [
        client.get(reverse("reviews:edit", kwargs={"review_id": review.pk})),
        client.post(reverse("reviews:delete", kwargs={"review_id": review.pk})),
    ]

    # then
    assert [response.status_code for response in responses] == [404, 404]
    assert Review.objects.filter(pk=review.pk).exists()


def test_a_shopper_reports_and_upvotes_from_the_product_page(client):
    # given
    review = ReviewFactory()
    client.force_login(UserFactory())
    page = client.get(product_page(review.product.slug))

    # when
    reported = client.post(reverse("reviews:report", kwargs={"review_id": review.pk}), {"reason": "spam"})
    again = client.post(reverse("reviews:report", kwargs={"review_id": review.pk}), {"reason": "spam"}, follow=True)
    voted = client.post(reverse("reviews:helpful", kwargs={"review_id": review.pk}))

    # then
    assertContains(page, reverse("reviews:report", kwargs={"review_id": review.pk}))
    assert reported.status_code == 302
    assertContains(again, "You have already reported this review.")
    assert again.redirect_chain[-1][0] == product_page(review.product.slug) + "#reviews"
    assert voted.status_code == 302
    assert ReviewReport.objects.filter(review=review).count() == 1
    assert HelpfulVote.objects.filter(review=review).count() == 1
