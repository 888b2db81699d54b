"""Reviews under contention, on real PostgreSQL: simultaneous reviews of one product are all counted in its
summary, and a double submit of one order line leaves one review."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from shop.reviews.models import ProductRating, Review
from tests.accounts.factories import UserFactory
from tests.reviews.conftest import client_for
from tests.reviews.factories import bought_line
from tests.shop.factories import ProductFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TEXT = "Arrived quickly and works as described."


def _race(posts: list[tuple[APIClient, str, dict]]) -> list[tuple[int, dict]]:
    """Every client posts at the same instant; returns (status, body) per post."""
    barrier = threading.Barrier(len(posts))
    results: list[tuple[int, dict] | None] = [None] * len(posts)

    def send(index: int, client: APIClient, url: str, body: dict) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post(url, body, format="json")
            results[index] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(index, *post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(result is not None for result in results), "a thread did not finish"
    return results  # type: ignore[return-value]


def test_simultaneous_reviews_of_one_product_are_all_counted(settings):
    # given
    settings.REVIEWS_MODERATION = "publish"
    product = ProductFactory()
    url = f"/api/v1/products/{product.slug}/reviews/"
    posts = []
    for index in range(10):
        buyer = UserFactory()
        line = bought_line(user=buyer, product=product)
        posts.append((client_for(buyer), url, {"order_line": line.pk, "rating": 1 + index % 5, "text": TEXT}))

    # when
    results = _race(posts)

    # then
    assert [status for status, _ in results] == [201] * 10
    rating = ProductRating.objects.get(product=product)
    assert (rating.count, rating.rating_sum) == (10, 30)
    assert rating.histogram == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}


def test_a_double_submit_of_one_line_leaves_one_review(settings):
    # given
    settings.REVIEWS_MODERATION = "publish"
    buyer = UserFactory()
    line = bought_line(user=buyer)
    url = f"/api/v1/products/{line.variant.product.slug}/reviews/"
    body = {"order_line": line.pk, "rating": 5, "text": TEXT}

    # when
    results = _race([(client_for(buyer), url, body) for _ in range(5)])

    # then
    statuses = sorted(status for status, _ in results)
    assert statuses == [201, 409, 409, 409, 409]
    assert {body["code"] for status, body in results if status == 409} == {"already_reviewed"}
    assert Review.objects.count() == 1
    assert ProductRating.objects.get(product=line.variant.product).count == 1
