"""Responses that may carry personal data leave with ``Cache-Control: no-store``; public reads stay cacheable.

The rule (core/cache_control.py): every signed-in response, and every API or headless-auth response except
anonymous reads of the catalog and the policy texts. The fuzz test (test_api_fuzz.py) also checks no-store on
every signed-in answer of every API operation.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.accounts.factories import DEFAULT_PASSWORD
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def product():
    return ProductFactory()


@pytest.mark.parametrize(
    "path",
    ["/api/v1/categories/", "/api/v1/products/", "/api/v1/privacy/policy/versions/", "/api/v1/privacy/policy/"],
)
def test_anonymous_public_api_reads_may_be_cached(path, published_policy, product):
    # when
    response = APIClient().get(path)

    # then
    assert response.status_code == 200
    assert not _no_store(response)


def test_anonymous_product_detail_may_be_cached(product):
    # when
    response = APIClient().get(f"/api/v1/products/{product.slug}/")

    # then
    assert response.status_code == 200
    assert not _no_store(response)


def test_anonymous_public_page_may_be_cached(product):
    # when
    response = Client().get(f"/products/{product.slug}/")

    # then
    assert response.status_code == 200
    assert not _no_store(response)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/cart/"),  # an anonymous session cart is the visitor's own
        ("get", "/api/v1/me/"),  # a refusal too
        ("get", "/api/v1/reviews/mine/"),
        ("get", "/api/v1/products/no-such-product/reviews/"),  # reviews carry their authors' nicknames
        ("post", "/api/v1/products/"),  # only reads of the catalog are public
    ],
)
def test_other_anonymous_api_answers_are_not_stored(method, path):
    # when
    response = getattr(APIClient(), method)(path)

    # then
    assert _no_store(response), (path, response.status_code)


def test_headless_login_answer_carrying_the_token_is_not_stored(accepting_user):
    # given
    accepting_user.emailaddress_set.create(email=accepting_user.email, verified=True, primary=True)

    # when
    response = APIClient().post(
        "/_allauth/app/v1/auth/login", {"email": accepting_user.email, "password": DEFAULT_PASSWORD}, format="json"
    )

    # then
    assert response.status_code == 200
    assert "session_token" in response.json()["meta"]
    assert _no_store(response)


def test_signed_in_pages_are_not_stored_even_public_ones(accepting_user, product):
    # given
    client = Client()
    client.force_login(accepting_user)

    # when
    responses = [client.get("/"), client.get(f"/products/{product.slug}/"), client.get("/privacy/")]

    # then
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert all(_no_store(r) for r in responses)


def test_token_signed_in_public_api_reads_are_not_stored(accepting_user):
    # given
    accepting_user.emailaddress_set.create(email=accepting_user.email, verified=True, primary=True)
    token = (
        APIClient()
        .post(
            "/_allauth/app/v1/auth/login",
            {"email": accepting_user.email, "password": DEFAULT_PASSWORD},
            format="json",
        )
        .json()["meta"]["session_token"]
    )

    # when the app reads the catalog with its token (answers may be personalised)
    response = APIClient().get("/api/v1/products/", HTTP_X_SESSION_TOKEN=token)

    # then
    assert response.status_code == 200
    assert _no_store(response)


def test_a_request_with_a_session_token_is_not_stored_even_where_no_view_answers():
    # when an app sends its token to a URL that resolves to no view (so nothing authenticated it)
    response = APIClient().get("/api/v1/products/not%20a%20slug/", HTTP_X_SESSION_TOKEN="any-token")

    # then
    assert response.status_code == 404
    assert _no_store(response)
