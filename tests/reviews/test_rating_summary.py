"""The product's rating summary follows every change of its reviews, and the catalog shows it for free."""

import random
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum

from shop.reviews.models import RATINGS, ProductRating, Review, ReviewStatus
from shop.reviews.services.moderation import ModerationAction, review_moderate
from shop.reviews.services.rating import rating_average
from shop.reviews.services.reviews import review_create, review_delete, review_update
from tests.accounts.factories import UserFactory
from tests.reviews.conftest import client_for
from tests.reviews.factories import bought_line
from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

TEXT = "A fair product for the price paid."


def post(product, rating: int, user=None) -> Review:
    user = user or UserFactory()
    line = bought_line(user=user, product=product)
    return review_create(user=user, order_line_id=line.pk, rating=rating, text=TEXT)


def summary(product) -> dict:
    rating = ProductRating.objects.filter(product=product).first()
    if rating is None:
        return {"count": 0, "sum": 0, "average": None, "histogram": dict.fromkeys(RATINGS, 0)}
    return {"count": rating.count, "sum": rating.rating_sum, "average": rating.average, "histogram": rating.histogram}


def recomputed(product) -> dict:
    """What the published reviews say, counted from scratch."""
    published = Review.objects.filter(product=product, status=ReviewStatus.PUBLISHED)
    figures = published.aggregate(
        count=Count("pk"),
        total=Sum("rating", default=0),
        **{f"s{stars}": Count("pk", filter=Q(rating=stars)) for stars in RATINGS},
    )
    return {
        "count": figures["count"],
        "sum": figures["total"],
        "average": rating_average(rating_sum=figures["total"], count=figures["count"]),
        "histogram": {stars: figures[f"s{stars}"] for stars in RATINGS},
    }


def test_create_counts_a_published_review(publish_at_once):
    # given
    product = ProductFactory()

    # when
    post(product, 5)
    post(product, 4)
    post(product, 4)

    # then
    assert summary(product) == {
        "count": 3,
        "sum": 13,
        "average": Decimal("4.33"),
        "histogram": {1: 0, 2: 0, 3: 0, 4: 2, 5: 1},
    }


def test_a_pending_review_counts_only_once_approved(approve_first):
    # given
    product = ProductFactory()
    review = post(product, 2)
    assert summary(product)["count"] == 0

    # when
    review_moderate(review_id=review.pk, action=ModerationAction.APPROVE)

    # then
    assert summary(product) == {
        "count": 1,
        "sum": 2,
        "average": Decimal("2.00"),
        "histogram": {1: 0, 2: 1, 3: 0, 4: 0, 5: 0},
    }


def test_edit_moves_the_rating_between_buckets(publish_at_once):
    # given
    product = ProductFactory()
    review = post(product, 1)
    post(product, 5)

    # when
    review_update(user=review.user, review_id=review.pk, rating=3)

    # then
    assert summary(product) == recomputed(product)
    assert summary(product)["histogram"] == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    assert summary(product)["average"] == Decimal("4.00")


def test_hide_and_unhide_take_the_review_out_and_back(publish_at_once):
    # given
    product = ProductFactory()
    review = post(product, 1)
    post(product, 5)

    # when
    review_moderate(review_id=review.pk, action=ModerationAction.HIDE, reason="Insults.")
    hidden = summary(product)
    review_moderate(review_id=review.pk, action=ModerationAction.UNHIDE)

    # then
    assert (hidden["count"], hidden["average"]) == (1, Decimal("5.00"))
    assert (summary(product)["count"], summary(product)["average"]) == (2, Decimal("3.00"))


def test_delete_takes_the_review_out_and_the_last_one_leaves_no_average(publish_at_once):
    # given
    product = ProductFactory()
    review = post(product, 4)

    # when
    review_delete(user=review.user, review_id=review.pk)

    # then
    assert summary(product) == {"count": 0, "sum": 0, "average": None, "histogram": dict.fromkeys(RATINGS, 0)}


def test_deleting_an_unpublished_review_leaves_the_summary_alone(approve_first):
    # given
    product = ProductFactory()
    counted = post(product, 5)
    review_moderate(review_id=counted.pk, action=ModerationAction.APPROVE)
    pending = post(product, 1)

    # when
    review_delete(user=pending.user, review_id=pending.pk)

    # then
    assert summary(product)["count"] == 1
    assert summary(product) == recomputed(product)


@pytest.mark.parametrize("seed", range(8))
def test_any_sequence_of_operations_leaves_the_summary_equal_to_a_recount(settings, seed):
    """Property: whatever authors and moderators do, in any order, the kept summary equals a recount."""
    # given
    rng = random.Random(seed)
    settings.REVIEWS_MODERATION = rng.choice(["publish", "approve_first"])
    products = [ProductFactory(), ProductFactory()]
    reviews: list[Review] = []

    def create():
        reviews.append(post(rng.choice(products), rng.choice(RATINGS)))

    def edit():
        review = rng.choice(reviews)
        review_update(user=review.user, review_id=review.pk, rating=rng.choice(RATINGS))

    def delete():
        review = reviews.pop(rng.randrange(len(reviews)))
        review_delete(user=review.user, review_id=review.pk)

    def moderate():
        review = rng.choice(reviews)
        status = Review.objects.get(pk=review.pk).status
        options = {
            ReviewStatus.PENDING: [ModerationAction.APPROVE, ModerationAction.REJECT],
            ReviewStatus.PUBLISHED: [ModerationAction.HIDE],
            ReviewStatus.HIDDEN: [ModerationAction.UNHIDE],
            ReviewStatus.REJECTED: [ModerationAction.APPROVE],
        }[status]
        review_moderate(review_id=review.pk, action=rng.choice(options), reason="Moderated in a test.")

    def switch_moderation():
        settings.REVIEWS_MODERATION = rng.choice(["publish", "approve_first"])

    # when
    for _ in range(60):
        if not reviews:
            create()
            continue
        rng.choice([create, create, edit, delete, moderate, moderate, switch_moderation])()

    # then
    for product in products:
        assert summary(product) == recomputed(product)


# --- the catalog ---


def test_the_product_list_and_detail_show_the_summary(anonymous, publish_at_once):
    # given
    product = ProductFactory(slug="rated")
    ProductVariantFactory(product=product)
    post(product, 5)
    post(product, 2)

    # when
    listed = anonymous.get("/api/v1/products/").json()["results"][0]
    detail = anonymous.get("/api/v1/products/rated/").json()

    # then
    expected = {"average": "3.50", "count": 2, "histogram": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}}
    assert listed["rating"] == expected
    assert detail["rating"] == expected


@pytest.mark.parametrize("rated", [0, 30])
def test_the_product_list_costs_the_same_with_ratings(anonymous, django_assert_num_queries, rated, publish_at_once):
    # given: 30 products, ``rated`` of them with a review
    category = CategoryFactory()
    for index in range(30):
        product = ProductFactory(category=category)
        ProductVariantFactory(product=product)
        ProductImageFactory(product=product)
        if index < rated:
            post(product, 1 + index % 5)

    # the sale boundaries and the running sales are cached per catalog version by a first read
    assert anonymous.get("/api/v1/products/", {"page_size": 1}).status_code == 200

    # when: the count and the page (with the summaries joined)
    with django_assert_num_queries(2):
        response = anonymous.get("/api/v1/products/", {"page_size": 30})

    # then
    counts = [item["rating"]["count"] for item in response.json()["results"]]
    assert sum(counts) == rated


def test_the_api_flow_keeps_the_summary_in_step(publish_at_once):
    # given
    buyer = UserFactory()
    product = ProductFactory()
    line = bought_line(user=buyer, product=product)
    api = client_for(buyer)

    # when
    review_id = api.post(
        f"/api/v1/products/{product.slug}/reviews/", {"order_line": line.pk, "rating": 2, "text": TEXT}
    ).json()["id"]
    api.patch(f"/api/v1/reviews/{review_id}/", {"rating": 5})
    after_edit = summary(product)
    api.delete(f"/api/v1/reviews/{review_id}/")

    # then
    assert (after_edit["count"], after_edit["average"]) == (1, Decimal("5.00"))
    assert summary(product)["count"] == 0
