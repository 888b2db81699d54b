"""Every API refusal leaves in one shape: ``{"code", "detail", "fields"}``."""

import json

import pytest
from rest_framework.test import APIClient

from core.views import server_error
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(UserFactory())
    return client


def _assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["fields"], dict)
    return body


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/me/extra/", "/api/v2/me/", "/api/"])
def test_unknown_api_path_is_json_not_found(api, path):
    # when
    response = api.get(path)

    # then
    body = _assert_error_shape(response, 404, "not_found")
    assert body["fields"] == {}


def test_unknown_website_path_is_an_html_page(client):
    # when
    response = client.get("/no-such-page/at/all/")

    # then
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"Page not found" in response.content


def test_method_not_allowed(api):
    # when
    response = api.delete("/api/v1/me/")

    # then
    _assert_error_shape(response, 405, "method_not_allowed")


def test_malformed_json_is_a_parse_error(api):
    # when
    response = api.generic("PATCH", "/api/v1/me/", '{"nickname": "unterminated', content_type="application/json")

    # then
    _assert_error_shape(response, 400, "parse_error")


def test_unsupported_media_type(api):
    # when
    response = api.generic("PATCH", "/api/v1/me/", "nickname=x", content_type="text/plain")

    # then
    _assert_error_shape(response, 415, "unsupported_media_type")


def test_validation_error_lists_the_fields(api):
    # when
    response = api.patch("/api/v1/me/", {"nickname": "x" * 41}, format="json")

    # then
    body = _assert_error_shape(response, 400, "invalid")
    assert list(body["fields"]) == ["nickname"]
    assert all(isinstance(message, str) for message in body["fields"]["nickname"])


def test_not_authenticated():
    # when
    response = APIClient().get("/api/v1/me/")

    # then
    _assert_error_shape(response, 403, "not_authenticated")


def test_server_error_on_an_api_path_is_json(rf):
    # when
    response = server_error(rf.get("/api/v1/me/"))

    # then
    assert response.status_code == 500
    assert json.loads(response.content) == {"code": "server_error", "detail": "A server error occurred.", "fields": {}}


def test_server_error_on_a_page_is_html(rf):
    # when
    response = server_error(rf.get("/cart/"))

    # then
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
