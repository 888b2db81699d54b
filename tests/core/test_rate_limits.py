"""Rate limits: 429 with Retry-After on sign-in, sign-up, password reset, re-authentication (allauth's own
limits) and on checkout, export and review posting (DRF throttles in core/throttling.py)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from core.api.views import ApiView
from privacy.models import Channel, PolicyAcceptance
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def api(accepting_user):
    client = APIClient()
    client.force_authenticate(accepting_user)
    return client


def _assert_rate_limited(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


@time_machine.travel(NOW, tick=False)
def test_checkout_answers_429_rate_limited_with_retry_after_past_the_limit(api, settings):
    # given: ten attempts a minute (each refused for the empty cart, but counted)
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"checkout": "10/min"}}
    for _ in range(10):
        assert api.post("/api/v1/orders/", {}, format="json").status_code == 400

    # when
    response = api.post("/api/v1/orders/", {}, format="json")

    # then
    _assert_rate_limited(response)
    assert response.json()["code"] == "rate_limited"
    assert set(response.json()) >= {"code", "detail", "fields"}
    assert int(response["Retry-After"]) <= 60


def test_checkout_limit_counts_only_placing_orders_not_listing_them(api, settings):
    # given
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"checkout": "1/min"}}
    for _ in range(3):
        assert api.get("/api/v1/orders/").status_code == 200

    # when
    first = api.post("/api/v1/orders/", {}, format="json")
    second = api.post("/api/v1/orders/", {}, format="json")

    # then
    assert first.status_code == 400
    _assert_rate_limited(second)
    assert api.get("/api/v1/orders/").status_code == 200


def test_checkout_limit_is_per_user_and_ends_with_its_window(api, settings, published_policy):
    # given: the first user used up the limit
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"checkout": "1/min"}}
    other = APIClient()
    other_user = UserFactory()
    PolicyAcceptance.objects.create(
        user=other_user, version=published_policy, body_digest=published_policy.body_digest, channel=Channel.SIGNUP
    )
    other.force_authenticate(other_user)
    with time_machine.travel(NOW, tick=False) as traveller:
        api.post("/api/v1/orders/", {}, format="json")
        _assert_rate_limited(api.post("/api/v1/orders/", {}, format="json"))

        # when / then: another user is not limited
        assert other.post("/api/v1/orders/", {}, format="json").status_code == 400

        # when / then: a minute later the first user may try again
        traveller.shift(61)
        assert api.post("/api/v1/orders/", {}, format="json").status_code == 400


def test_export_request_answers_429_past_the_limit(api, settings):
    # given: each request is refused for want of a re-authentication, but counted
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"export": "2/hour"}}
    assert api.post("/api/v1/privacy/export/").status_code == 403
    assert api.post("/api/v1/privacy/export/").status_code == 403

    # when
    response = api.post("/api/v1/privacy/export/")

    # then
    _assert_rate_limited(response)
    assert response.json()["code"] == "rate_limited"
    assert api.get("/api/v1/privacy/export/").status_code in (200, 404)


class _PostReview(ApiView):
    throttle_scope = "review_post"

    def post(self, request):
        return Response(status=201)


def test_review_post_throttle_limits_posting_per_user(settings):
    # given
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"review_post": "2/hour"}}
    factory = APIRequestFactory()
    author, other = UserFactory(), UserFactory()
    view = _PostReview.as_view()

    def post_as(user):
        request = factory.post("/api/v1/products/tea/reviews/", {}, format="json")
        force_authenticate(request, user=user)
        return view(request)

    assert post_as(author).status_code == 201
    assert post_as(author).status_code == 201

    # when
    refused = post_as(author)

    # then
    assert refused.status_code == 429
    assert refused.data["code"] == "rate_limited"
    assert int(refused["Retry-After"]) > 0
    assert post_as(other).status_code == 201


@pytest.mark.parametrize(
    ("action", "url_name", "data"),
    [
        ("login", "account_login", {"login": "someone@example.com", "password": "wrong-password-123"}),
        ("signup", "account_signup", {"email": "new@example.com", "password1": "x", "password2": "x"}),
        ("reset_password", "account_reset_password", {"email": "someone@example.com"}),
    ],
)
def test_allauth_limits_answer_429_with_retry_after_on_the_website(client, settings, action, url_name, data):
    # given
    settings.ACCOUNT_RATE_LIMITS = {action: "1/m/ip"}
    UserFactory(email="someone@example.com")
    client.post(reverse(url_name), data)

    # when
    response = client.post(reverse(url_name), data)

    # then
    _assert_rate_limited(response)
    assert response["Retry-After"] == str(settings.RATE_LIMIT_RETRY_AFTER)
    assert "Too many attempts" in response.content.decode()


def test_reauthentication_is_rate_limited_per_user(client, settings):
    # given
    settings.ACCOUNT_RATE_LIMITS = {"reauthenticate": "1/m/user"}
    user = UserFactory()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": "not-the-password-1"})

    # when
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})

    # then
    _assert_rate_limited(response)


def test_headless_login_is_rate_limited_with_retry_after(settings):
    # given
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    app = APIClient()
    body = {"email": "someone@example.com", "password": "wrong-password-123"}
    app.post("/_allauth/app/v1/auth/login", body, format="json")

    # when
    response = app.post("/_allauth/app/v1/auth/login", body, format="json")

    # then
    _assert_rate_limited(response)
    assert response.json()["status"] == 429


def test_responses_that_are_not_429_get_no_retry_after(client):
    # when
    response = client.get("/")

    # then
    assert response.status_code == 200
    assert "Retry-After" not in response
