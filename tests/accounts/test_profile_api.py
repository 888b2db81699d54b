"""``/api/v1/me/``: read and change your own profile."""

import pytest
from rest_framework.test import APIClient

from accounts.services import user_update_profile
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


@pytest.fixture
def user():
    return UserFactory(email="reader@example.com", nickname="Reader")


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_get_returns_the_callers_profile(api, user, django_assert_max_num_queries):
    # given another user exists
    UserFactory(email="other@example.com")

    # when
    with django_assert_max_num_queries(1):
        response = api.get(ME)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": "reader@example.com",
        "nickname": "Reader",
        "date_joined": user.date_joined.isoformat().replace("+00:00", "Z"),
        "policy_notice": None,
    }


def test_get_with_the_website_session(user):
    # given
    client = APIClient()
    client.force_login(user)

    # when
    response = client.get(ME)

    # then
    assert response.status_code == 200
    assert response.json()["id"] == user.pk
    assert response.json()["email"] == user.email


@pytest.mark.promise("D1")
def test_patch_sets_a_stripped_nickname(api, user):
    # when
    response = api.patch(ME, {"nickname": "  Night Owl  "}, format="json")

    # then
    assert response.status_code == 200
    assert response.json()["nickname"] == "Night Owl"
    user.refresh_from_db()
    assert user.nickname == "Night Owl"


def test_patch_changes_only_the_nickname(api, user):
    # when
    response = api.patch(ME, {"nickname": "Owl", "email": "hijack@example.com", "id": 999}, format="json")

    # then
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.email, user.nickname) == ("reader@example.com", "Owl")


def test_patch_accepts_40_characters_and_emoji_sequences(api, user):
    # given a family emoji joined with zero-width joiners, and exactly 40 characters
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"

    # when / then
    assert api.patch(ME, {"nickname": family}, format="json").status_code == 200
    assert api.patch(ME, {"nickname": "x" * 40}, format="json").status_code == 200
    user.refresh_from_db()
    assert user.nickname == "x" * 40


@pytest.mark.parametrize(
    "nickname",
    [
        "",
        "   ",
        "x" * 41,
        "bad\nname",
        "tab\tname",
        "nul\x00name",
        "right\u202eto-left",
        "zero\u200bwidth",
    ],
    ids=["empty", "blank", "too-long", "newline", "tab", "nul", "bidi-override", "zero-width-space"],
)
def test_patch_refuses_invalid_nicknames(api, user, nickname):
    # when
    response = api.patch(ME, {"nickname": nickname}, format="json")

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["nickname"]
    user.refresh_from_db()
    assert user.nickname == "Reader"


def test_patch_without_nickname_is_refused(api):
    # when
    response = api.patch(ME, {}, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["fields"] == {"nickname": ["This field is required."]}


@pytest.mark.parametrize("method", ["get", "patch"])
def test_anonymous_is_refused_with_not_authenticated(method):
    # when
    response = getattr(APIClient(), method)(ME, {"nickname": "x"} if method == "patch" else None, format="json")

    # then
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["fields"] == {}


def test_session_patch_needs_the_csrf_token(user):
    # given a browser session without the CSRF token
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    # when
    response = client.patch(ME, {"nickname": "Forged"}, format="json")

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    user.refresh_from_db()
    assert user.nickname == "Reader"


def test_put_is_not_allowed(api):
    # when
    response = api.put(ME, {"nickname": "Owl"}, format="json")

    # then
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_service_writes_nothing_when_the_nickname_is_unchanged(user, django_assert_num_queries):
    # when / then
    with django_assert_num_queries(0):
        user_update_profile(user=user, nickname=" Reader ")
