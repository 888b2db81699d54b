"""Moderation: publish-at-once or approve-first, approve / reject / hide / unhide with a reason the author
sees, the merchant's reply, reports closed by a decision, and the admin pages that drive it."""

import pytest
from django.urls import reverse

from shop.reviews.errors import InvalidModeration, InvalidReview
from shop.reviews.models import ReviewReport, ReviewStatus
from shop.reviews.selectors import reviews_needing_moderation
from shop.reviews.services.moderation import ModerationAction, review_moderate, review_reply_set
from tests.accounts.factories import StaffFactory, UserFactory
from tests.reviews.conftest import client_for
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db

TEXT = "Exactly as pictured, and quick to arrive."
CHANGELIST = reverse("admin:reviews_review_changelist")
# The management form of the (read-only) reports inline, which every post of the change page carries.
NO_REPORT_FORMS = {"reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"}


def post(api, line):
    body = {"order_line": line.pk, "rating": 4, "text": TEXT}
    return api.post(f"/api/v1/products/{line.variant.product.slug}/reviews/", body).json()


def public_ids(product) -> list[int]:
    return [item["id"] for item in client_for().get(f"/api/v1/products/{product.slug}/reviews/").json()["results"]]


def test_publish_at_once_shows_a_new_review_immediately(api, line, product, publish_at_once):
    # when
    review = post(api, line)

    # then
    assert review["status"] == ReviewStatus.PUBLISHED
    assert public_ids(product) == [review["id"]]


def test_approve_first_keeps_a_new_review_in_the_queue_until_approved(api, line, product, approve_first):
    # given
    review = post(api, line)
    assert review["status"] == ReviewStatus.PENDING
    assert public_ids(product) == []
    assert [item.pk for item in reviews_needing_moderation()] == [review["id"]]

    # when
    review_moderate(review_id=review["id"], action=ModerationAction.APPROVE)

    # then
    assert public_ids(product) == [review["id"]]
    assert list(reviews_needing_moderation()) == []


def test_a_rejected_review_tells_its_author_why_and_nobody_else_sees_it(api, line, product, approve_first):
    # given
    review = post(api, line)

    # when
    review_moderate(review_id=review["id"], action=ModerationAction.REJECT, reason="Shows a delivery label.")

    # then
    own = api.get(f"/api/v1/reviews/{review['id']}/").json()
    assert (own["status"], own["moderation_reason"]) == ("rejected", "Shows a delivery label.")
    assert own["moderated_at"] is not None
    mine = api.get("/api/v1/reviews/mine/").json()["results"]
    assert mine[0]["moderation_reason"] == "Shows a delivery label."
    assert client_for(UserFactory()).get(f"/api/v1/reviews/{review['id']}/").status_code == 404
    assert public_ids(product) == []


def test_hiding_needs_a_reason_and_unhiding_clears_it(api, line, product, publish_at_once):
    # given
    review = post(api, line)

    # when
    with pytest.raises(InvalidReview) as refused:
        review_moderate(review_id=review["id"], action=ModerationAction.HIDE, reason="  ")
    review_moderate(review_id=review["id"], action=ModerationAction.HIDE, reason="Contains a phone number.")
    hidden = public_ids(product)
    review_moderate(review_id=review["id"], action=ModerationAction.UNHIDE)

    # then
    assert refused.value.code == "invalid"
    assert "reason" in refused.value.fields
    assert hidden == []
    assert public_ids(product) == [review["id"]]
    assert api.get(f"/api/v1/reviews/{review['id']}/").json()["moderation_reason"] == ""


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (ReviewStatus.PUBLISHED, ModerationAction.APPROVE),
        (ReviewStatus.PUBLISHED, ModerationAction.REJECT),
        (ReviewStatus.PENDING, ModerationAction.HIDE),
        (ReviewStatus.PENDING, ModerationAction.UNHIDE),
        (ReviewStatus.HIDDEN, ModerationAction.REJECT),
    ],
)
def test_actions_the_status_does_not_allow_are_refused(status, action):
    # given
    review = ReviewFactory(status=status)

    # when
    with pytest.raises(InvalidModeration) as refused:
        review_moderate(review_id=review.pk, action=action, reason="Because.")

    # then
    assert refused.value.code == "invalid_transition"
    assert refused.value.extra["from_status"] == status
    review.refresh_from_db()
    assert review.status == status


def test_a_decision_closes_the_reviews_open_reports():
    # given
    review = ReviewFactory()
    client_for(UserFactory()).post(f"/api/v1/reviews/{review.pk}/report/", {"reason": "offensive"})
    assert list(reviews_needing_moderation()) == [review]

    # when
    review_moderate(review_id=review.pk, action=ModerationAction.HIDE, reason="Offensive language.")

    # then
    assert ReviewReport.objects.get().resolved_at is not None
    assert list(reviews_needing_moderation()) == []


def test_the_merchants_reply_shows_under_the_review_and_can_be_removed(anonymous):
    # given
    review = ReviewFactory()

    # when
    review_reply_set(review_id=review.pk, text="Thank you for the kind words!")
    with_reply = anonymous.get(f"/api/v1/reviews/{review.pk}/").json()
    review_reply_set(review_id=review.pk, text="")

    # then
    assert with_reply["reply"]["text"] == "Thank you for the kind words!"
    assert anonymous.get(f"/api/v1/reviews/{review.pk}/").json()["reply"] is None


# --- the admin ---


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_the_admin_queue_lists_pending_and_reported_reviews(staff_client):
    # given
    pending = ReviewFactory(status=ReviewStatus.PENDING)
    reported = ReviewFactory()
    quiet = ReviewFactory()
    client_for(UserFactory()).post(f"/api/v1/reviews/{reported.pk}/report/", {"reason": "spam"})

    # when
    response = staff_client.get(CHANGELIST, {"queue": "open"})

    # then
    assert response.status_code == 200
    shown = {review.pk for review in response.context["cl"].result_list}
    assert shown == {pending.pk, reported.pk}
    assert quiet.pk not in shown


def test_the_admin_page_never_shows_the_authors_email(staff_client):
    # given
    author = UserFactory(email="private.person@example.com", nickname="Patricia")
    review = ReviewFactory(user=author)

    # when
    pages = [
        staff_client.get(CHANGELIST),
        staff_client.get(reverse("admin:reviews_review_change", args=[review.pk])),
    ]

    # then
    assert [page.status_code for page in pages] == [200, 200]
    assert all("private.person" not in page.content.decode() for page in pages)
    # the nickname is public on the review, but the admin masks it like every personal field (F2)
    assert all("Patricia" not in page.content.decode() for page in pages)
    assert "P* (user #" in pages[1].content.decode()


def test_staff_hide_a_review_with_a_reason_and_reply_from_its_page(staff_client):
    # given
    review = ReviewFactory()
    url = reverse("admin:reviews_review_change", args=[review.pk])

    # when
    response = staff_client.post(
        url,
        {
            "decision": "hide",
            "reason": "Shows a face.",
            "merchant_reply": "We are sorry about that.",
            **NO_REPORT_FORMS,
        },
    )

    # then
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.moderation_reason) == (ReviewStatus.HIDDEN, "Shows a face.")
    assert review.reply == "We are sorry about that."


def test_the_admin_form_refuses_a_hide_without_a_reason(staff_client):
    # given
    review = ReviewFactory()

    # when
    response = staff_client.post(
        reverse("admin:reviews_review_change", args=[review.pk]), {"decision": "hide", **NO_REPORT_FORMS}
    )

    # then
    assert response.status_code == 200
    assert "Say why" in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED


def test_the_approve_action_publishes_the_selected_pending_reviews(staff_client):
    # given
    pending = ReviewFactory(status=ReviewStatus.PENDING)
    published = ReviewFactory()

    # when
    response = staff_client.post(
        CHANGELIST, {"action": "approve_reviews", "_selected_action": [pending.pk, published.pk]}, follow=True
    )

    # then
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.PUBLISHED
    assert f"#{published.pk}:" in response.content.decode()


def test_the_report_note_is_masked_in_the_admin(staff_client):
    # given
    review = ReviewFactory()
    client_for(UserFactory()).post(
        f"/api/v1/reviews/{review.pk}/report/", {"reason": "personal_data", "note": "It names my neighbour Zhang Wei."}
    )

    # when
    pages = [
        staff_client.get(reverse("admin:reviews_review_change", args=[review.pk])),
        staff_client.get(reverse("admin:reviews_reviewreport_changelist")),
    ]

    # then
    assert [page.status_code for page in pages] == [200, 200]
    assert all("Zhang Wei" not in page.content.decode() for page in pages)
    assert all("****" in page.content.decode() for page in pages)
