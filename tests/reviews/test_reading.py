"""Reading reviews: a product's published reviews (shape, ordering, paging, constant queries) and one review."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from shop.reviews.models import ReviewStatus
from tests.accounts.factories import UserFactory
from tests.reviews.conftest import client_for
from tests.reviews.factories import ReviewFactory, ReviewImageFactory, bought_line, image_bytes
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db


def list_url(product) -> str:
    return f"/api/v1/products/{product.slug}/reviews/"


def review_of(product, **fields):
    user = fields.pop("user", None) or UserFactory()
    line = bought_line(user=user, product=product, attributes=fields.pop("attributes", {"size": "L"}))
    return ReviewFactory(user=user, order_line=line, product=product, **fields)


def test_a_review_shows_the_nickname_and_avatar_never_the_email(anonymous):
    # given
    product = ProductFactory()
    author = UserFactory(nickname="Mei", email="mei.wang@example.com")
    author.avatar.save("me.png", ContentFile(image_bytes("PNG")), save=True)
    review = review_of(product, user=author, attributes={"size": "M", "colour": "blue"}, rating=5)
    review.reply = "Thank you, Mei!"
    review.replied_at = timezone.now()
    review.save()
    ReviewImageFactory(review=review)

    # when
    response = anonymous.get(list_url(product))

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["author"] == {"nickname": "Mei", "avatar": f"http://testserver{author.avatar.url}"}
    assert item["variant"] == "Size M, blue"
    assert item["rating"] == 5
    assert item["reply"]["text"] == "Thank you, Mei!"
    assert len(item["images"]) == 1
    assert "mei.wang" not in response.content.decode()
    assert "email" not in item["author"]
    assert "status" not in item and "order_line" not in item


def test_an_author_without_a_nickname_shows_as_anonymous(anonymous):
    # given
    product = ProductFactory()
    review_of(product, user=UserFactory(nickname=""))

    # when
    item = anonymous.get(list_url(product)).json()["results"][0]

    # then
    assert item["author"] == {"nickname": "Anonymous", "avatar": None}


def test_only_published_reviews_of_the_product_are_listed(anonymous):
    # given
    product = ProductFactory()
    shown = review_of(product)
    for status in (ReviewStatus.PENDING, ReviewStatus.REJECTED, ReviewStatus.HIDDEN):
        review_of(product, status=status)
    review_of(ProductFactory())

    # when
    body = anonymous.get(list_url(product)).json()

    # then
    assert [item["id"] for item in body["results"]] == [shown.pk]


def test_orderings(anonymous):
    # given
    product = ProductFactory()
    start = timezone.now() - timedelta(days=10)
    reviews = {}
    for day, (name, rating, helpful) in enumerate([("old", 5, 1), ("middle", 1, 7), ("new", 3, 3)]):
        with time_machine.travel(start + timedelta(days=day), tick=False):
            reviews[name] = review_of(product, rating=rating, helpful_count=helpful).pk

    def ids(ordering: str) -> list[int]:
        return [item["id"] for item in anonymous.get(list_url(product), {"ordering": ordering}).json()["results"]]

    # then
    assert ids("newest") == [reviews["new"], reviews["middle"], reviews["old"]]
    assert [item["id"] for item in anonymous.get(list_url(product)).json()["results"]] == ids("newest")
    assert ids("rating") == [reviews["middle"], reviews["new"], reviews["old"]]
    assert ids("-rating") == [reviews["old"], reviews["new"], reviews["middle"]]
    assert ids("helpful") == [reviews["middle"], reviews["new"], reviews["old"]]


def test_an_unknown_ordering_is_invalid(anonymous):
    # given
    product = ProductFactory()

    # when
    response = anonymous.get(list_url(product), {"ordering": "cheapest"})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "ordering" in response.json()["fields"]


def test_an_inactive_or_unknown_product_has_no_reviews_page(anonymous):
    # given
    inactive = ProductFactory(is_active=False)

    # when
    responses = [anonymous.get(list_url(inactive)), anonymous.get("/api/v1/products/nothing/reviews/")]

    # then
    assert [response.status_code for response in responses] == [404, 404]


def test_the_list_is_paginated(anonymous):
    # given
    product = ProductFactory()
    for _ in range(3):
        review_of(product)

    # when
    body = anonymous.get(list_url(product), {"page_size": 2, "page": 2}).json()

    # then
    assert body["count"] == 3
    assert len(body["results"]) == 1


@pytest.mark.parametrize("size", [1, 20])
def test_list_query_count_does_not_grow_with_the_reviews(anonymous, django_assert_num_queries, size):
    # given: each review with its own author, avatar, order line and two photos
    product = ProductFactory(slug="popular")
    for _ in range(size):
        author = UserFactory()
        author.avatar.save("a.png", ContentFile(image_bytes("PNG")), save=True)
        review = review_of(product, user=author)
        ReviewImageFactory.create_batch(2, review=review)

    # when: the product, the count, the page with authors and lines, the photos
    with django_assert_num_queries(4):
        response = anonymous.get(list_url(product), {"ordering": "helpful"})

    # then
    assert len(response.json()["results"]) == size


# --- one review ---


def test_anyone_reads_a_published_review(anonymous):
    # given
    review = review_of(ProductFactory())

    # when
    response = anonymous.get(f"/api/v1/reviews/{review.pk}/")

    # then
    assert response.status_code == 200
    assert response.json()["id"] == review.pk
    assert "status" not in response.json()


@pytest.mark.parametrize("status", [ReviewStatus.PENDING, ReviewStatus.REJECTED, ReviewStatus.HIDDEN])
def test_an_unpublished_review_is_its_authors_alone(status):
    # given
    author = UserFactory()
    review = review_of(ProductFactory(), user=author, status=status, moderation_reason="Off topic.")

    # when
    own = client_for(author).get(f"/api/v1/reviews/{review.pk}/")
    others = [
        client_for(UserFactory()).get(f"/api/v1/reviews/{review.pk}/"),
        client_for().get(f"/api/v1/reviews/{review.pk}/"),
    ]

    # then
    assert own.status_code == 200
    assert own.json()["status"] == status
    assert own.json()["moderation_reason"] == "Off topic."
    assert [response.status_code for response in others] == [404, 404]
    assert all(response.json()["code"] == "not_found" for response in others)


def test_the_author_lists_their_own_reviews_in_every_status():
    # given
    author = UserFactory()
    published = review_of(ProductFactory(), user=author)
    hidden = review_of(ProductFactory(), user=author, status=ReviewStatus.HIDDEN, moderation_reason="Shows a face.")
    review_of(ProductFactory())

    # when
    response = client_for(author).get("/api/v1/reviews/mine/")

    # then
    assert response.status_code == 200
    results = response.json()["results"]
    assert {item["id"] for item in results} == {published.pk, hidden.pk}
    assert next(item for item in results if item["id"] == hidden.pk)["moderation_reason"] == "Shows a face."


def test_own_reviews_need_an_account(anonymous):
    # when
    response = anonymous.get("/api/v1/reviews/mine/")

    # then
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
