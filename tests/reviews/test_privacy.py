"""Reviews and the privacy engine: the registry declarations, export, and account erasure in both modes
(``REVIEWS_ON_ACCOUNT_ERASURE``: keep the review as "Anonymous", or delete it with its photos)."""

import pytest
from django.core.files.base import ContentFile

from privacy.export.builder import export_document
from privacy.registry import declarations, for_model
from privacy.services.erasure import user_erase_personal_data
from shop.reviews.conf import OnAccountErasure
from shop.reviews.models import HelpfulVote, ProductRating, Review, ReviewImage, ReviewReport
from shop.reviews.personal_data import review_declarations
from tests.accounts.factories import UserFactory
from tests.reviews.conftest import client_for
from tests.reviews.factories import bought_line, image_bytes, image_upload

pytestmark = pytest.mark.django_db

TEXT = "Lovely colour, washes well at forty degrees."
REVIEW_MODELS = {"reviews.Review", "reviews.ReviewImage"}


@pytest.fixture
def author():
    user = UserFactory(nickname="Mei", email="mei@example.com")
    user.avatar.save("mei.png", ContentFile(image_bytes("PNG")), save=True)
    return user


@pytest.fixture
def review(author, publish_at_once):
    line = bought_line(user=author)
    body = {"order_line": line.pk, "rating": 4, "text": TEXT, "images": [image_upload()]}
    response = client_for(author).post(
        f"/api/v1/products/{line.variant.product.slug}/reviews/", body, format="multipart"
    )
    return Review.objects.get(pk=response.json()["id"])


def declarations_with_reviews(mode: OnAccountErasure):
    return [item for item in declarations() if item.model not in REVIEW_MODELS] + review_declarations(mode)


def test_the_default_declarations_keep_reviews_as_anonymous_content():
    # when
    review_declaration = for_model("reviews.Review")

    # then
    assert review_declaration.on_erase == "anonymise_fields"
    assert {"user", "text", "moderation_reason"} <= set(review_declaration.field_names)
    assert for_model("reviews.ReviewImage").field_names == ("image",)
    assert for_model("reviews.ReviewReport").field_names == ("reporter", "reason", "note")
    assert for_model("reviews.HelpfulVote").field_names == ("voter",)


def test_the_export_holds_the_users_reviews_and_photos(review, author):
    # when
    document = export_document(user_id=author.pk)

    # then
    sections = {section["model"]: section for section in document["sections"]}
    assert sections["reviews.Review"]["rows"][0]["Review"] == TEXT
    assert sections["reviews.ReviewImage"]["rows"][0]["Photo of a review"].startswith("reviews/")


def test_erasure_keeps_the_review_shown_as_anonymous_without_the_avatar(
    review, author, anonymous, django_capture_on_commit_callbacks
):
    # given
    avatar_name = author.avatar.name
    storage = author.avatar.storage
    product = review.product

    # when
    with django_capture_on_commit_callbacks(execute=True):
        user_erase_personal_data(user_id=author.pk)

    # then
    item = anonymous.get(f"/api/v1/products/{product.slug}/reviews/").json()["results"][0]
    assert item["author"] == {"nickname": "Anonymous", "avatar": None}
    assert item["text"] == TEXT
    assert len(item["images"]) == 1
    assert not storage.exists(avatar_name)
    assert ProductRating.objects.get(product=product).count == 1


def test_erasure_in_delete_mode_removes_the_review_its_photos_and_its_rating(
    review, author, django_capture_on_commit_callbacks
):
    # given
    photo = ReviewImage.objects.get(review=review)
    storage, name = photo.image.storage, photo.image.name

    # when
    with django_capture_on_commit_callbacks(execute=True):
        summary = user_erase_personal_data(
            user_id=author.pk, personal_models=declarations_with_reviews(OnAccountErasure.DELETE)
        )

    # then
    assert summary.deleted["reviews.Review"] == 1
    assert not Review.objects.exists()
    assert not ReviewImage.objects.exists()
    assert not storage.exists(name)
    assert ProductRating.objects.get(product=review.product).count == 0


def test_erasure_unlinks_the_reports_and_votes_a_shopper_gave_but_keeps_them_counting(review):
    # given
    shopper = UserFactory()
    client = client_for(shopper)
    client.post(f"/api/v1/reviews/{review.pk}/report/", {"reason": "other", "note": "I know who wrote this."})
    client.post(f"/api/v1/reviews/{review.pk}/helpful/")

    # when
    user_erase_personal_data(user_id=shopper.pk)

    # then
    report = ReviewReport.objects.get()
    assert (report.reporter_id, report.note, report.reason) == (None, "", "other")
    assert HelpfulVote.objects.get().voter_id is None
    review.refresh_from_db()
    assert review.helpful_count == 1


def test_erasing_one_user_leaves_other_authors_reviews_alone(review):
    # given
    other = UserFactory(nickname="Bo")
    line = bought_line(user=other, product=review.product)
    client_for(other).post(
        f"/api/v1/products/{review.product.slug}/reviews/", {"order_line": line.pk, "rating": 2, "text": TEXT}
    )

    # when
    user_erase_personal_data(user_id=review.user_id, personal_models=declarations_with_reviews(OnAccountErasure.DELETE))

    # then
    assert list(Review.objects.values_list("user__nickname", flat=True)) == ["Bo"]
    assert ProductRating.objects.get(product=review.product).count == 1


def _erase_in_delete_mode(user_id: int):
    return user_erase_personal_data(user_id=user_id, personal_models=declarations_with_reviews(OnAccountErasure.DELETE))


def _reviews_of(author, products, per_product: int, rating: int) -> None:
    """``per_product`` published reviews by ``author`` of each of ``products``, counted in their summaries."""
    from shop.reviews.services.rating import product_rating_recompute
    from tests.reviews.factories import ReviewFactory

    for product in products:
        for _ in range(per_product):
            ReviewFactory(user=author, order_line=bought_line(user=author, product=product), rating=rating)
    for product in products:
        product_rating_recompute(product_id=product.pk)


def test_erasure_recomputes_each_touched_summary_once_and_leaves_the_others_reviews_counted():
    # given an author with 6 reviews over 2 products, and another shopper's review of the first product
    from tests.shop.factories import ProductFactory

    author, other = UserFactory(), UserFactory()
    first, second = ProductFactory(), ProductFactory()
    _reviews_of(author, [first, second], per_product=3, rating=1)
    _reviews_of(other, [first], per_product=1, rating=5)
    assert ProductRating.objects.get(product=first).count == 4

    # when the author's account is erased with reviews deleted
    summary = _erase_in_delete_mode(author.pk)

    # then only the other shopper's review is counted, on the product it belongs to
    assert summary.deleted["reviews.Review"] == 6
    first_rating, second_rating = ProductRating.objects.get(product=first), ProductRating.objects.get(product=second)
    assert (first_rating.count, first_rating.rating_sum, first_rating.stars_5, float(first_rating.average)) == (
        1,
        5,
        1,
        5.0,
    )
    assert (second_rating.count, second_rating.rating_sum, second_rating.average) == (0, 0, None)


def test_the_erasure_costs_the_same_queries_whatever_the_number_of_reviews(django_assert_max_num_queries):
    # given two authors, one with 1 review and one with 12 reviews over 4 products
    from tests.shop.factories import ProductFactory

    few, many = UserFactory(), UserFactory()
    _reviews_of(few, [ProductFactory()], per_product=1, rating=3)
    _reviews_of(many, [ProductFactory() for _ in range(4)], per_product=3, rating=3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_review:
        _erase_in_delete_mode(few.pk)

    # when / then: twelve reviews cost what one does (the summaries are rebuilt together, not per review)
    with django_assert_max_num_queries(len(one_review.captured_queries)):
        _erase_in_delete_mode(many.pk)
    assert not ProductRating.objects.filter(count__gt=0).exists()
