"""The policy gate on the API, for website sessions and app session tokens (B1)."""

import re

import pytest
import yaml
from django.urls import URLPattern, URLResolver, include, path
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

import config.urls
from core.api.views import ApiMixin, ApiView
from privacy.models import Channel, PolicyAcceptance
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.privacy.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db

PROBE = "/api/v1/gate-probe/"


class GateProbe(ApiView):
    """A signed-in API view on the API base, standing for any view of another app."""

    def get(self, request):
        return Response({"user": request.user.pk})


# This module is also the URLconf of the tests that use the probe: the project's URLs plus the probe.
urlpatterns = [
    path("api/v1/gate-probe/", GateProbe.as_view()),
    path("", include(config.urls.urlpatterns)),
]
probe_urls = pytest.mark.urls(__name__)


def _token_for(user) -> str:
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    response = APIClient().post(
        "/_allauth/app/v1/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()["meta"]["session_token"]


def _expected_refusal(version: str) -> dict:
    return {
        "code": "policy_acceptance_required",
        "detail": "The privacy policy has changed. Read and accept the new version to continue.",
        "fields": {},
        "policy_version": version,
        "accept_url": "/api/v1/privacy/policy/accept/",
    }


@pytest.mark.promise("B1")
@probe_urls
def test_a_session_user_who_has_not_accepted_gets_the_json_403(client, published_policy):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(PROBE)

    # then
    assert response.status_code == 403
    assert response.json() == _expected_refusal(published_policy.version)


@probe_urls
def test_a_token_user_who_has_not_accepted_gets_the_json_403(published_policy):
    # given
    token = _token_for(UserFactory())

    # when
    response = APIClient().get(PROBE, HTTP_X_SESSION_TOKEN=token)

    # then
    assert response.status_code == 403
    assert response.json() == _expected_refusal(published_policy.version)


@probe_urls
def test_a_token_user_reads_and_accepts_the_policy_while_gated_then_goes_on(published_policy):
    # given
    user = UserFactory()
    app = APIClient(HTTP_X_SESSION_TOKEN=_token_for(user))

    # when
    policy = app.get("/api/v1/privacy/policy/")
    accepted = app.post("/api/v1/privacy/policy/accept/", {"version": policy.json()["version"]}, format="json")
    after = app.get(PROBE)

    # then
    assert policy.status_code == 200
    assert policy.json()["acceptance_required"] is True
    assert accepted.status_code == 201
    assert after.status_code == 200
    assert after.json() == {"user": user.pk}


@probe_urls
def test_without_a_published_policy_the_api_is_not_gated(client):
    # given
    user = UserFactory()
    client.force_login(user)

    # when
    response = client.get(PROBE)

    # then the endpoint itself answered, for this user (not the gate's error)
    assert response.status_code == 200
    assert response.json() == {"user": user.pk}


@probe_urls
def test_a_non_material_version_never_gates_the_api(client):
    # given a user who accepted v1; v2 is a non-material update
    v1 = PolicyVersionFactory(version="2026-01")
    PolicyVersionFactory(version="2026-02", material=False)
    user = UserFactory()
    PolicyAcceptance.objects.create(user=user, version=v1, body_digest=v1.body_digest, channel=Channel.API)
    client.force_login(user)

    # when
    response = client.get(PROBE)

    # then the endpoint itself answered, and nothing asked the user to accept v2
    assert response.status_code == 200
    assert response.json() == {"user": user.pk}
    assert list(PolicyAcceptance.objects.filter(user=user).values_list("version__version", flat=True)) == ["2026-01"]


@pytest.mark.parametrize("path_", ["/api/v1/privacy/policy/", "/api/v1/privacy/policy/versions/", "/api/schema/"])
def test_the_policy_and_the_schema_stay_reachable_for_gated_users(client, published_policy, path_):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(path_)

    # then the document itself is served, not the gate's error
    assert response.status_code == 200
    body = yaml.safe_load(response.content) if path_ == "/api/schema/" else response.json()
    assert "code" not in (body if isinstance(body, dict) else body[0])
    if path_ == "/api/v1/privacy/policy/versions/":
        assert [entry["version"] for entry in body] == [published_policy.version]


def _api_views(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _api_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "cls", None)
            if view_class is not None:
                yield "/" + prefix + str(entry.pattern), view_class


def _api_v1_views():
    return [(route, view) for route, view in _api_views(config.urls.urlpatterns) if route.startswith("/api/v1/")]


def _concrete(route: str) -> str:
    """A URL for ``route`` with each converter filled in (the view needs not find anything: the gate runs first)."""
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else "x", route)


def test_every_api_view_is_built_on_the_api_base():
    """Authentication, access, the gate and the throttles come from ``core.api.views.ApiMixin``; a view that
    set its own ``permission_classes`` or ``get_permissions`` would drop the gate for app (token) users."""
    # when
    strays = sorted(
        route
        for route, view_class in _api_v1_views()
        if not issubclass(view_class, ApiMixin)
        or any(
            name in klass.__dict__
            for klass in view_class.__mro__
            if klass not in (ApiMixin, APIView)
            for name in ("permission_classes", "get_permissions", "throttle_classes", "get_throttles")
        )
    )

    # then
    assert strays == [], f"API views not on the API base, or overriding its permissions: {strays}"


def test_no_api_endpoint_escapes_the_gate_but_the_marked_ones(published_policy):
    """Every method of every API URL refuses a signed-in user who has not accepted the policy, except the
    views marked ``@policy_gate_exempt``: the policy itself, the user's rights, and the carriers' and the payment
    provider's webhooks."""
    # given
    client = APIClient()
    client.force_login(UserFactory())
    exempt, answered = set(), {}

    # when
    for route, view_class in _api_v1_views():
        if getattr(view_class, "policy_gate_exempt", False):
            exempt.add(route)
            continue
        for method in ("get", "post", "put", "patch", "delete"):
            if hasattr(view_class, method):
                response = getattr(client, method)(_concrete(route), {}, format="json")
                answered[(method, route)] = (response.status_code, response.json().get("code"))

    # then
    assert len(answered) > 30
    assert {key for key, value in answered.items() if value != (403, "policy_acceptance_required")} == set()
    assert exempt == {
        "/api/v1/privacy/policy/",
        "/api/v1/privacy/policy/accept/",
        "/api/v1/privacy/policy/versions/",
        "/api/v1/privacy/policy/versions/<str:version>/",
        "/api/v1/privacy/consents/",
        "/api/v1/privacy/export/",
        "/api/v1/privacy/export/<int:job_id>/download/",
        "/api/v1/privacy/cancellation/",
        "/api/v1/privacy/compromised/",
        "/api/v1/privacy/requests/",
        "/api/v1/logistics/webhooks/<slug:carrier_slug>/",
        # A user who suspects someone else is signed in must not have to accept a policy first.
        "/api/v1/me/sign-out-everywhere/",
        "/api/v1/payments/webhooks/<slug:provider_name>/",
    }
