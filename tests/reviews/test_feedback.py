"""Other shoppers report a review once (reason from a list) and mark it helpful once."""

import pytest

from shop.reviews.models import HelpfulVote, ReviewReport, ReviewStatus
from shop.reviews.selectors import reviews_needing_moderation
from tests.accounts.factories import UserFactory
from tests.reviews.conftest import client_for
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def report_url(review) -> str:
    return f"/api/v1/reviews/{review.pk}/report/"


def helpful_url(review) -> str:
    return f"/api/v1/reviews/{review.pk}/helpful/"


def test_a_shopper_reports_a_review_once(publish_at_once):
    # given
    review = ReviewFactory()
    shopper = client_for(UserFactory())

    # when
    first = shopper.post(report_url(review), {"reason": "spam", "note": "Links to another shop."})
    second = shopper.post(report_url(review), {"reason": "offensive"})

    # then
    assert first.status_code == 201
    assert first.json()["reason"] == "spam"
    assert second.status_code == 409
    assert second.json()["code"] == "already_reported"
    report = ReviewReport.objects.get()
    assert (report.reason, report.note, report.resolved_at) == ("spam", "Links to another shop.", None)
    assert list(reviews_needing_moderation()) == [review]


def test_reports_by_different_shoppers_all_count():
    # given
    review = ReviewFactory()

    # when
    for _ in range(3):
        client_for(UserFactory()).post(report_url(review), {"reason": "fake"})

    # then
    assert ReviewReport.objects.filter(review=review).count() == 3


@pytest.mark.parametrize("body", [{"reason": "boring"}, {}, {"reason": "spam", "note": "x" * 501}])
def test_a_report_needs_a_reason_from_the_list(body):
    # given
    review = ReviewFactory()

    # when
    response = client_for(UserFactory()).post(report_url(review), body)

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not ReviewReport.objects.exists()


def test_the_author_cannot_report_or_upvote_their_own_review():
    # given
    review = ReviewFactory()
    author = client_for(review.user)

    # when
    report = author.post(report_url(review), {"reason": "spam"})
    vote = author.post(helpful_url(review))

    # then
    assert (report.status_code, vote.status_code) == (403, 403)
    assert report.json()["code"] == vote.json()["code"] == "own_review"


@pytest.mark.parametrize("status", [ReviewStatus.PENDING, ReviewStatus.HIDDEN, ReviewStatus.REJECTED])
def test_an_unpublished_review_cannot_be_reported_or_upvoted(status):
    # given
    review = ReviewFactory(status=status)
    shopper = client_for(UserFactory())

    # when
    responses = [shopper.post(report_url(review), {"reason": "spam"}), shopper.post(helpful_url(review))]

    # then
    assert [response.status_code for response in responses] == [404, 404]


def test_reporting_and_voting_need_an_account(anonymous):
    # given
    review = ReviewFactory()

    # when
    responses = [anonymous.post(report_url(review), {"reason": "spam"}), anonymous.post(helpful_url(review))]

    # then
    assert all(response.status_code in (401, 403) for response in responses)
    assert all(response.json()["code"] == "not_authenticated" for response in responses)


def test_a_shopper_marks_a_review_helpful_once():
    # given
    review = ReviewFactory()
    shopper = client_for(UserFactory())

    # when
    first = shopper.post(helpful_url(review))
    second = shopper.post(helpful_url(review))
    other = client_for(UserFactory()).post(helpful_url(review))

    # then
    assert first.json() == {"helpful_count": 1}
    assert second.status_code == 409
    assert second.json()["code"] == "already_voted"
    assert other.json() == {"helpful_count": 2}
    assert HelpfulVote.objects.filter(review=review).count() == 2
