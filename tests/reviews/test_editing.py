"""The author edits a review within the window and deletes it at any time, photos and all."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from shop.reviews.models import Review, ReviewImage, ReviewStatus
from shop.reviews.services.moderation import ModerationAction, review_moderate
from tests.accounts.factories import UserFactory
from tests.reviews.conftest import client_for
from tests.reviews.factories import bought_line, image_upload

pytestmark = pytest.mark.django_db

TEXT = "Comfortable from the first day on."
WINDOW = 3 * 24 * 60 * 60


@pytest.fixture
def edit_window(settings):
    settings.REVIEWS_EDIT_WINDOW = WINDOW


def post(api, line, **extra):
    body = {"order_line": line.pk, "rating": 3, "text": TEXT, **extra}
    fmt = "multipart" if "images" in extra else "json"
    response = api.post(f"/api/v1/products/{line.variant.product.slug}/reviews/", body, format=fmt)
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_author_edits_rating_and_text_within_the_window(api, line, edit_window, publish_at_once):
    # given
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        review = post(api, line)

    # when: just before the window closes
    with time_machine.travel(start + timedelta(seconds=WINDOW - 1), tick=False):
        response = api.patch(f"/api/v1/reviews/{review['id']}/", {"rating": 5, "text": "Even better after a week."})

    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["rating"], body["text"], body["status"]) == (5, "Even better after a week.", "published")
    assert body["edited_at"] is not None
    stored = Review.objects.get(pk=review["id"])
    assert (stored.rating, stored.text, stored.edited_at is not None) == (5, "Even better after a week.", True)
    assert body["editable_until"].startswith((start + timedelta(seconds=WINDOW)).strftime("%Y-%m-%dT%H:%M"))


def test_after_the_window_an_edit_is_refused_but_a_delete_is_not(api, line, edit_window):
    # given
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        review = post(api, line)

    # when
    with time_machine.travel(start + timedelta(seconds=WINDOW + 1), tick=False):
        edit = api.patch(f"/api/v1/reviews/{review['id']}/", {"rating": 1})
        delete = api.delete(f"/api/v1/reviews/{review['id']}/")

    # then
    assert edit.status_code == 403
    assert edit.json()["code"] == "edit_window_closed"
    assert delete.status_code == 204
    assert not Review.objects.exists()


def test_another_shoppers_review_cannot_be_edited_or_deleted(line, api):
    # given
    review = post(api, line)
    stranger = client_for(UserFactory())

    # when
    edit = stranger.patch(f"/api/v1/reviews/{review['id']}/", {"rating": 1})
    delete = stranger.delete(f"/api/v1/reviews/{review['id']}/")

    # then
    assert (edit.status_code, delete.status_code) == (404, 404)
    assert Review.objects.get().rating == 3


def test_an_anonymous_visitor_cannot_edit_or_delete(line, api, anonymous):
    # given
    review = post(api, line)

    # when
    responses = [
        anonymous.patch(f"/api/v1/reviews/{review['id']}/", {"rating": 1}),
        anonymous.delete(f"/api/v1/reviews/{review['id']}/"),
    ]

    # then
    assert all(response.status_code in (401, 403) for response in responses)
    assert Review.objects.exists()


def test_an_invalid_edit_changes_nothing(api, line):
    # given
    review = post(api, line)

    # when
    response = api.patch(f"/api/v1/reviews/{review['id']}/", {"rating": 9})

    # then
    assert response.status_code == 400
    assert Review.objects.get().rating == 3


def test_under_approve_first_an_edit_waits_for_approval_again(api, line, settings):
    # given
    settings.REVIEWS_MODERATION = "approve_first"
    review = post(api, line)
    review_moderate(review_id=review["id"], action=ModerationAction.APPROVE)

    # when
    response = api.patch(f"/api/v1/reviews/{review['id']}/", {"text": "Now with a longer explanation."})

    # then
    assert response.json()["status"] == ReviewStatus.PENDING


def test_an_edit_of_a_hidden_review_goes_back_to_the_queue_without_the_old_reason(api, line, publish_at_once):
    # given
    review = post(api, line)
    review_moderate(review_id=review["id"], action=ModerationAction.HIDE, reason="Names a person.")

    # when
    response = api.patch(f"/api/v1/reviews/{review['id']}/", {"text": "Rewritten without any names."})

    # then
    assert (response.json()["status"], response.json()["moderation_reason"]) == ("pending", "")


def test_photos_are_added_and_removed_and_the_removed_file_is_deleted(api, line, django_capture_on_commit_callbacks):
    # given
    review = post(api, line, images=[image_upload("a.jpg"), image_upload("b.jpg")])
    first, second = ReviewImage.objects.order_by("position")
    storage = first.image.storage
    first_name = first.image.name

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(
            f"/api/v1/reviews/{review['id']}/",
            {"remove_images": [first.pk], "images": [image_upload("c.png", "PNG")]},
            format="multipart",
        )

    # then
    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["images"]]
    assert len(ids) == 2
    assert ids[0] == second.pk
    assert not storage.exists(first_name)
    assert storage.exists(second.image.name)


def test_removing_a_photo_of_another_review_is_invalid(api, line, buyer):
    # given
    review = post(api, line)
    other = post(api, bought_line(user=buyer), images=[image_upload()])
    foreign_photo = ReviewImage.objects.get(review_id=other["id"])

    # when
    response = api.patch(f"/api/v1/reviews/{review['id']}/", {"remove_images": [foreign_photo.pk]})

    # then
    assert response.status_code == 400
    assert "remove_images" in response.json()["fields"]
    assert ReviewImage.objects.filter(pk=foreign_photo.pk).exists()


def test_photos_may_not_exceed_five_in_all_after_an_edit(api, line):
    # given
    review = post(api, line, images=[image_upload(f"{n}.jpg") for n in range(4)])

    # when
    response = api.patch(
        f"/api/v1/reviews/{review['id']}/",
        {"images": [image_upload("5.jpg"), image_upload("6.jpg")]},
        format="multipart",
    )

    # then
    assert response.status_code == 400
    assert ReviewImage.objects.count() == 4


def test_deleting_removes_the_text_at_once_and_the_photo_files_after_commit(
    api, line, django_capture_on_commit_callbacks
):
    # given
    review = post(api, line, images=[image_upload("a.jpg"), image_upload("b.webp", "WEBP")])
    photos = list(ReviewImage.objects.all())
    storage = photos[0].image.storage
    names = [photo.image.name for photo in photos]
    assert all(storage.exists(name) for name in names)

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api.delete(f"/api/v1/reviews/{review['id']}/")

    # then
    assert response.status_code == 204
    # one file deletion per photo, and the catalog version moved again after commit (the rating summary changed)
    assert len(callbacks) == 3
    assert not Review.objects.filter(pk=review["id"]).exists()
    assert not ReviewImage.objects.exists()
    assert not any(storage.exists(name) for name in names)
    assert api.get(f"/api/v1/reviews/{review['id']}/").status_code == 404


def test_files_stay_until_the_deleting_transaction_commits(api, line, django_capture_on_commit_callbacks):
    # given
    post(api, line, images=[image_upload()])
    photo = ReviewImage.objects.get()
    name = photo.image.name

    # when: the delete runs, but its transaction has not committed yet
    with django_capture_on_commit_callbacks(execute=False):
        api.delete(f"/api/v1/reviews/{photo.review_id}/")
        still_there = photo.image.storage.exists(name)

    # then
    assert still_there


def test_after_deleting_the_line_can_be_reviewed_again(api, line):
    # given
    review = post(api, line)
    api.delete(f"/api/v1/reviews/{review['id']}/")

    # when
    again = api.post(
        f"/api/v1/products/{line.variant.product.slug}/reviews/", {"order_line": line.pk, "rating": 4, "text": TEXT}
    )

    # then one review of the line exists again: the new one
    assert again.status_code == 201
    assert list(Review.objects.filter(order_line=line).values_list("pk", flat=True)) == [again.json()["id"]]
    assert again.json()["id"] != review["id"]
