"""No input ends in a 5xx: control characters in URL paths, over-deep JSON, oversized bodies and the other
errors Django raises before a view. Each class walks every URL the site serves rather than one example."""

import json
import re

import pytest
from django.test import Client
from django.urls import get_resolver
from django.urls.resolvers import URLResolver

from core.request_guards import json_depth

pytestmark = pytest.mark.django_db

_PLACEHOLDER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")
DEEP_JSON = b"[" * 50_000 + b"]" * 50_000


def _routes(resolver=None, prefix: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            yield route


def _paths_with(value: str, *, under: tuple[str, ...] = ("",)) -> list[str]:
    """Every route with a parameter, the parameter replaced by ``value`` (percent-encoded as a client sends it)."""
    paths = set()
    for route in _routes():
        if not _PLACEHOLDER.search(route) or not route.startswith(under):
            continue
        path = "/" + _PLACEHOLDER.sub(value, route).replace("^", "").replace("$", "")
        paths.add(path)
    return sorted(paths)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


SITE_PATHS = [path for path in _paths_with("ab%00cd") if not path.startswith("/admin/")]
ADMIN_PATHS = _paths_with("12%00", under=("admin/",))


@pytest.mark.parametrize("path", SITE_PATHS)
@pytest.mark.parametrize("character", ["%00", "%0A", "%7F"])
def test_control_characters_in_path_parameters_answer_404(accepting_user, path, character):
    # given a signed-in shopper and a path whose parameter holds a control character
    client = _client_for(accepting_user)
    path = path.replace("%00", character)

    # when
    answers = [client.get(path), client.post(path, {})]

    # then: not found, in the JSON shape under /api/, never a server error
    for response in answers:
        assert response.status_code == 404, (path, response.status_code)
        if path.startswith("/api/"):
            assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_control_characters_in_admin_object_ids_answer_404(admin_user, path):
    # when
    response = _client_for(admin_user).get(path)

    # then
    assert response.status_code == 404, path


JSON_PATHS = sorted(
    {path for path in _paths_with("1") if path.startswith(("/api/", "/_allauth/"))}
    | {"/" + route for route in _routes() if route.startswith(("api/", "_allauth/")) and not _PLACEHOLDER.search(route)}
)


@pytest.mark.parametrize("path", JSON_PATHS)
@pytest.mark.parametrize("method", ["post", "patch"])
def test_json_nested_beyond_the_limit_is_refused_with_400(accepting_user, path, method):
    # given a body of 50,000 nested arrays (Python's parser recurses once per level)
    client = _client_for(accepting_user)

    # when
    response = getattr(client, method)(path, DEEP_JSON, content_type="application/json")

    # then
    assert response.status_code == 400, (path, response.status_code)
    body = response.json()
    assert body["code"] == "json_too_deep"
    assert body["fields"] == {}


def test_json_within_the_depth_limit_reaches_the_view(accepting_user):
    # given nesting below the limit, in a field the view validates
    client = _client_for(accepting_user)
    nested = json.dumps({"variant": [[[[1]]]], "quantity": 1})

    # when
    response = client.post("/api/v1/cart/items/", nested, content_type="application/json")

    # then the view itself refuses the value
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    ("body", "depth"),
    [(b"1", 0), (b"[]", 1), (b'{"a": [{"b": 2}]}', 3), (b'["[[[[", "]]"]', 1), (b'["\\"[[["]', 1), (b"]]][[", 2)],
)
def test_json_depth_ignores_brackets_inside_strings(body, depth):
    assert json_depth(body) == depth


@pytest.mark.parametrize("path", ["/api/v1/cart/items/", "/api/v1/orders/", "/_allauth/app/v1/auth/login"])
def test_a_json_body_over_the_size_limit_is_413_in_the_error_shape(accepting_user, settings, path):
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = _client_for(accepting_user)

    # when
    response = client.post(path, json.dumps({"padding": "x" * 5000}), content_type="application/json")

    # then
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_too_many_form_fields_under_api_are_400_in_the_error_shape(accepting_user, settings):
    # given
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"f{number}=1" for number in range(50))

    # when
    response = _client_for(accepting_user).post(
        "/api/v1/cart/items/", body, content_type="application/x-www-form-urlencoded"
    )

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_fields"


def test_a_foreign_host_header_under_api_is_400_in_the_error_shape():
    # when
    response = Client().get("/api/v1/products/", headers={"host": "evil.example"})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_a_missing_csrf_token_on_the_headless_api_is_403_in_the_error_shape(accepting_user):
    # given a browser session that sends no CSRF token
    client = Client(enforce_csrf_checks=True)
    client.force_login(accepting_user)

    # when
    response = client.post("/api/v1/cart/items/", {}, content_type="application/json")
    headless = client.delete("/_allauth/browser/v1/auth/session")

    # then
    assert response.status_code == 403
    assert response.json()["code"] in {"permission_denied", "csrf_failed"}
    assert headless.status_code == 403
    assert headless.json()["code"] == "csrf_failed"


def test_pages_keep_their_html_error_pages(settings):
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100

    # when
    response = Client().post("/accounts/login/", {"login": "x" * 500, "password": "y"})

    # then
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
