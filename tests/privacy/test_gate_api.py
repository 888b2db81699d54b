"""The policy gate on the API, for website sessions and app session tokens (B1)."""

import pytest
from django.urls import URLPattern, URLResolver, include, path
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

import config.urls
from privacy.gate import PolicyAcceptanceGate
from privacy.models import Channel, PolicyAcceptance
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.privacy.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db

PROBE = "/api/v1/gate-probe/"


class GateProbe(APIView):
    """An API view with the project's default permissions, standing for any view of another app."""

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
    client.force_login(UserFactory())

    # when
    response = client.get(PROBE)

    # then
    assert response.status_code == 200


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

    # then
    assert response.status_code == 200


@pytest.mark.parametrize("path_", ["/api/v1/privacy/policy/", "/api/v1/privacy/policy/versions/", "/api/schema/"])
def test_the_policy_and_the_schema_stay_reachable_for_gated_users(client, published_policy, path_):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(path_)

    # then
    assert response.status_code == 200


def _api_views(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _api_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "cls", None)
            if view_class is not None:
                yield "/" + prefix + str(entry.pattern), view_class


def test_every_api_view_keeps_the_policy_gate(settings):
    """A view that sets its own ``permission_classes`` drops the default ones, and with them the gate for
    app (token) users. List ``PolicyAcceptanceGate`` there too, e.g.
    ``permission_classes = [IsAuthenticated, PolicyAcceptanceGate]``."""
    # given
    exempt = tuple(settings.PRIVACY_GATE_EXEMPT_PATHS)

    # when
    missing = sorted(
        route
        for route, view_class in _api_views(config.urls.urlpatterns)
        if route.startswith("/api/v1/")
        and not route.startswith(exempt)
        and PolicyAcceptanceGate not in getattr(view_class, "permission_classes", ())
    )

    # then
    assert missing == [], f"API views that drop PolicyAcceptanceGate: {missing}"
