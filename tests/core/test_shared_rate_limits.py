"""The website is as guarded as the API: checkout, export, review posting and editing, cancellation and guardian
requests count against one limit per user whichever door they come through, and the website answers 429 with
Retry-After and the "Too many attempts" page."""

import pytest
from rest_framework.test import APIClient

from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

# scope, API method and path, website path; a refused or invalid attempt counts like a successful one.
ACTIONS = [
    ("checkout", "post", "/api/v1/orders/", "/orders/checkout/"),
    ("export", "post", "/api/v1/privacy/export/", "/privacy/export/"),
    ("review_post", "post", "/api/v1/products/no-such-product/reviews/", "/reviews/new/999999/"),
    ("review_edit", "patch", "/api/v1/reviews/999999/", "/reviews/999999/edit/"),
    ("cancellation", "post", "/api/v1/privacy/cancellation/", "/privacy/cancellation/"),
    ("guardian_request", "post", "/api/v1/privacy/guardian-consent/", "/privacy/guardian/"),
]
LIMIT = 2


@pytest.fixture
def shopper(accepting_user, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: f"{LIMIT}/hour" for scope, *_ in ACTIONS},
    }
    client = APIClient()
    client.force_login(accepting_user)
    # Export and cancellation ask for a fresh password first; give it, so the limit is what is tested.
    assert client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD}, format="multipart").status_code
    return client


def _assert_too_many_page(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/html")
    assert b"Too many attempts" in response.content


@pytest.mark.parametrize(("scope", "method", "api_path", "web_path"), ACTIONS)
def test_api_attempts_count_against_the_website(shopper, scope, method, api_path, web_path):
    # given the API's limit used up
    for _ in range(LIMIT):
        assert getattr(shopper, method)(api_path, {}, format="json").status_code != 429

    # when the same user turns to the website
    response = shopper.post(web_path, {})

    # then
    _assert_too_many_page(response)


@pytest.mark.parametrize(("scope", "method", "api_path", "web_path"), ACTIONS)
def test_website_attempts_count_against_the_api(shopper, scope, method, api_path, web_path):
    # given the limit used up on the website
    for _ in range(LIMIT):
        assert shopper.post(web_path, {}).status_code != 429

    # when
    response = getattr(shopper, method)(api_path, {}, format="json")

    # then
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0


def test_reading_the_website_pages_is_never_limited(shopper):
    # given the export limit used up
    for _ in range(LIMIT + 1):
        shopper.post("/privacy/export/", {})

    # when / then
    assert shopper.get("/privacy/export/").status_code == 200


def test_revoking_a_cancellation_and_deleting_a_review_are_never_limited(shopper):
    # given both limits used up
    for _ in range(LIMIT + 1):
        shopper.post("/api/v1/privacy/cancellation/", {}, format="json")
        shopper.patch("/api/v1/reviews/999999/", {}, format="json")

    # when
    revoke = shopper.delete("/api/v1/privacy/cancellation/")
    delete = shopper.delete("/api/v1/reviews/999999/")

    # then
    assert revoke.status_code != 429
    assert delete.status_code != 429
