"""Posting a review through the API: who may review what, and every refusal."""

from datetime import date

import pytest
from django.utils import timezone

from orders.models import OrderStatus
from privacy.models import GuardianConsent, GuardianConsentMethod, GuardianConsentStatus
from shop.reviews.models import Review, ReviewStatus
from tests.accounts.factories import UserFactory
from tests.reviews.conftest import client_for
from tests.reviews.factories import bought_line

pytestmark = pytest.mark.django_db

TEXT = "Warm, soft and the size is right."


def reviews_url(product) -> str:
    return f"/api/v1/products/{product.slug}/reviews/"


def post_review(client, product, line, **overrides):
    body = {"order_line": line.pk, "rating": 5, "text": TEXT, **overrides}
    return client.post(reviews_url(product), body, format="json")


def test_the_buyer_of_a_delivered_line_reviews_it(api, buyer, line, product, publish_at_once):
    # when
    response = post_review(api, product, line, rating=4)

    # then
    assert response.status_code == 201
    body = response.json()
    review = Review.objects.get()
    assert (review.user, review.order_line, review.product, review.rating) == (buyer, line, product, 4)
    assert body["id"] == review.pk
    assert body["status"] == ReviewStatus.PUBLISHED
    assert body["text"] == TEXT
    assert body["variant"] == "Size M, blue"
    assert body["author"] == {"nickname": "Lin", "avatar": None}
    assert body["order_line"] == line.pk


def test_a_line_of_a_completed_order_can_be_reviewed(buyer, product):
    # given
    line = bought_line(user=buyer, product=product, status=OrderStatus.COMPLETED)

    # when
    response = post_review(client_for(buyer), product, line)

    # then
    assert response.status_code == 201


def test_another_shoppers_line_is_refused_as_not_a_buyer(line, product):
    # given
    stranger = UserFactory()

    # when
    response = post_review(client_for(stranger), product, line)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_buyer"
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "status", [OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED]
)
def test_a_line_of_an_undelivered_order_is_refused(buyer, api, status):
    # given
    line = bought_line(user=buyer, status=status)

    # when
    response = post_review(api, line.variant.product, line)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_buyer"


def test_an_unknown_line_is_refused_like_anyone_elses(api, product):
    # when
    response = api.post(reviews_url(product), {"order_line": 999_999, "rating": 5, "text": TEXT}, format="json")

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_buyer"


def test_a_second_review_of_the_same_line_is_refused_with_the_first_ones_id(api, line, product):
    # given
    first = post_review(api, product, line).json()

    # when
    response = post_review(api, product, line, text="Changed my mind about the colour.")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "already_reviewed"
    assert response.json()["review"] == first["id"]
    assert Review.objects.count() == 1


def test_two_lines_of_the_same_product_get_a_review_each(buyer, api, line, product):
    # given
    second_line = bought_line(user=buyer, product=product)
    post_review(api, product, line)

    # when
    response = post_review(api, product, second_line)

    # then
    assert response.status_code == 201
    assert Review.objects.filter(product=product).count() == 2


def test_a_line_of_another_product_is_invalid_for_this_product(buyer, api, product):
    # given
    other_line = bought_line(user=buyer)

    # when
    response = post_review(api, product, other_line)

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "order_line" in response.json()["fields"]


def test_an_anonymous_visitor_cannot_post(anonymous, line, product):
    # when
    response = post_review(anonymous, product, line)

    # then
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_product_is_not_found(api, line):
    # when
    response = api.post("/api/v1/products/no-such-thing/reviews/", {"order_line": line.pk, "rating": 5, "text": TEXT})

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_minor_without_a_guardians_consent_cannot_post(product):
    # given
    minor = UserFactory(date_of_birth=date(timezone.localdate().year - 15, 1, 1))
    line = bought_line(user=minor, product=product)

    # when
    response = post_review(client_for(minor), product, line)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "guardian_consent_required"
    assert not Review.objects.exists()


def test_a_minor_with_a_guardians_consent_can_post(product):
    # given
    minor = UserFactory(date_of_birth=date(timezone.localdate().year - 15, 1, 1))
    GuardianConsent.objects.create(
        user=minor,
        guardian_email="parent@example.com",
        method=GuardianConsentMethod.EMAIL,
        status=GuardianConsentStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    line = bought_line(user=minor, product=product)

    # when
    response = post_review(client_for(minor), product, line)

    # then
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"text": "Too short"}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "   "}, "text"),
    ],
)
def test_rating_and_text_out_of_bounds_are_invalid(api, line, product, overrides, field):
    # when
    response = post_review(api, product, line, **overrides)

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    assert not Review.objects.exists()


def test_text_limits_follow_the_settings(api, line, product, settings):
    # given
    settings.REVIEWS_TEXT_MIN_LENGTH = 2
    settings.REVIEWS_TEXT_MAX_LENGTH = 5

    # when
    accepted = post_review(api, product, line, text=" Good ")

    # then
    assert accepted.status_code == 201
    assert Review.objects.get().text == "Good"


def test_posting_reviews_is_rate_limited_per_user_with_retry_after(api, buyer, line, product, settings):
    # given a limit of one review an hour, and a second delivered line of the same product
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"review_post": "1/hour"}}
    second_line = bought_line(user=buyer, product=product)
    assert post_review(api, product, line).status_code == 201

    # when
    refused = post_review(api, product, second_line)

    # then
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert int(refused["Retry-After"]) > 0
    assert Review.objects.count() == 1
    # reading is never limited
    assert api.get(reviews_url(product)).status_code == 200
