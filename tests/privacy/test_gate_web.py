"""The policy gate on the website: material versions block until accepted, notices never do (B1-B3)."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from privacy.models import Channel, PolicyAcceptance, PolicyNoticeShown
from tests.accounts.factories import StaffFactory, UserFactory
from tests.privacy.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db

PAGE = "/accounts/email/"  # an ordinary signed-in page outside the privacy app


def _accept(user, version) -> None:
    PolicyAcceptance.objects.create(user=user, version=version, body_digest=version.body_digest, channel=Channel.WEB)


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def test_without_a_published_policy_nothing_is_gated(client):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(PAGE)

    # then
    assert response.status_code == 200


@pytest.mark.promise("B1")
def test_a_user_who_has_not_accepted_the_material_version_is_sent_to_the_accept_page(client, published_policy):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(f"{PAGE}?tab=2")

    # then
    assert response.status_code == 302
    assert response["Location"] == f"/privacy/policy/accept/?next={quote(PAGE + '?tab=2', safe='')}"


def test_after_accepting_the_user_returns_to_next_and_the_page_opens(client, published_policy):
    # given
    client.force_login(UserFactory())
    gated = client.get(PAGE)

    # when
    accepted = client.post(gated["Location"], {"version": published_policy.version, "accept": "on", "next": PAGE})

    # then
    assert accepted.status_code == 302
    assert accepted["Location"] == PAGE
    assert client.get(PAGE).status_code == 200


def test_anonymous_visitors_and_users_who_accepted_are_not_gated(client, accepting_user):
    # when
    anonymous = client.get("/accounts/login/")
    client.force_login(accepting_user)
    signed_in = client.get(PAGE)

    # then
    assert anonymous.status_code == 200
    assert signed_in.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/privacy/policy/",
        "/privacy/policy/2026-01/",
        "/privacy/policy/accept/",
        "/privacy/consents/",
        "/privacy/cookies/",
        "/healthz",
        "/api/schema/",
        "/accounts/logout/",
    ],
)
def test_policy_rights_and_the_way_out_stay_reachable_while_gated(client, published_policy, path):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(path)

    # then
    assert response.status_code != 302 or "/privacy/policy/accept/" not in response["Location"]


def test_logging_out_works_while_gated(client, published_policy):
    # given
    client.force_login(UserFactory())

    # when
    response = client.post("/accounts/logout/")

    # then
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_reach_the_admin_but_not_the_shop_without_accepting(client, published_policy):
    # given
    client.force_login(StaffFactory())

    # when
    admin = client.get("/admin/privacy/policyversion/")
    shop = client.get(PAGE)

    # then
    assert admin.status_code == 200
    assert shop.status_code == 302


def test_the_admin_is_not_an_exemption_for_non_staff(client, published_policy):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get("/admin/")

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/privacy/policy/accept/")


def test_a_non_material_update_never_gates_and_its_notice_is_shown_once(client):
    # given
    material = PolicyVersionFactory(version="2026-01", effective_at=_days_ago(30))
    minor = PolicyVersionFactory(version="2026-02", material=False, summary_of_changes="Typo fixes.")
    user = UserFactory()
    _accept(user, material)
    client.force_login(user)

    # when
    first = client.get(PAGE)
    second = client.get(PAGE)

    # then
    assert first.status_code == 200
    assert "We updated our privacy policy" in first.content.decode()
    assert "Typo fixes." in first.content.decode()
    assert "We updated our privacy policy" not in second.content.decode()
    shown = PolicyNoticeShown.objects.get()
    assert (shown.user, shown.version) == (user, minor)
    # a notice is not an acceptance
    assert not PolicyAcceptance.objects.filter(version=minor).exists()


@pytest.mark.promise("B3")
def test_a_notice_shown_never_satisfies_a_later_material_version(client):
    # given v1 accepted, v2 non-material only notified, v3 material
    v1 = PolicyVersionFactory(version="2026-01", effective_at=_days_ago(60))
    v2 = PolicyVersionFactory(version="2026-02", material=False, effective_at=_days_ago(30))
    PolicyVersionFactory(version="2026-03", material=True)
    user = UserFactory()
    _accept(user, v1)
    PolicyNoticeShown.objects.create(user=user, version=v2)
    client.force_login(user)

    # when
    response = client.get(PAGE)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/privacy/policy/accept/")


@pytest.mark.promise("B3")
def test_a_material_version_still_gates_when_a_non_material_one_follows_it(client):
    # given v1 accepted, v2 material never accepted, v3 non-material now in effect
    v1 = PolicyVersionFactory(version="2026-01", effective_at=_days_ago(60))
    PolicyVersionFactory(version="2026-02", material=True, effective_at=_days_ago(30))
    v3 = PolicyVersionFactory(version="2026-03", material=False)
    user = UserFactory()
    _accept(user, v1)
    client.force_login(user)

    # when
    gated = client.get(PAGE)
    client.post("/privacy/policy/accept/", {"version": v3.version, "accept": "on"})
    after = client.get(PAGE)

    # then accepting the current text (which includes v2's change) lifts the gate
    assert gated.status_code == 302
    assert after.status_code == 200


def test_a_version_not_yet_in_effect_does_not_gate(client, accepting_user):
    # given
    PolicyVersionFactory(version="2099-01", effective_at=timezone.now() + timedelta(days=10))
    client.force_login(accepting_user)

    # when
    response = client.get(PAGE)

    # then
    assert response.status_code == 200


def test_the_policy_state_costs_one_query_per_page(client, accepting_user):
    # given
    client.force_login(accepting_user)

    # when
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)

    # then the gate and the notice share one lookup of the policy state
    assert response.status_code == 200
    policy_queries = [query for query in queries.captured_queries if '"privacy_policyversion"' in query["sql"]]
    assert len(policy_queries) == 1
