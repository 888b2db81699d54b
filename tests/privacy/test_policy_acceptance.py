"""Accepting the policy in effect (API and website) and the proof it leaves (promise B4)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from privacy.errors import AppendOnlyRecord
from privacy.models import Channel, PolicyAcceptance
from privacy.pseudonyms import user_ref_for
from tests.accounts.factories import UserFactory
from tests.privacy.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db

ACCEPT_API = "/api/v1/privacy/policy/accept/"
ACCEPT_PAGE = "/privacy/policy/accept/"


@pytest.fixture
def api():
    return APIClient(REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="PrivaShopApp/2.1 (test)")


def test_current_policy_for_an_anonymous_visitor_has_accepted_null(api, published_policy):
    # when
    response = api.get("/api/v1/privacy/policy/")

    # then
    body = response.json()
    assert response.status_code == 200
    assert body["version"] == published_policy.version
    assert body["body_digest"] == published_policy.body_digest
    assert body["material"] is True
    assert body["body_html"].startswith("<h1>")
    assert body["accepted"] is None
    assert body["acceptance_required"] is False


def test_current_policy_says_whether_the_signed_in_user_accepted_it(api, published_policy, accepting_user):
    # given
    other = UserFactory()

    # when
    api.force_authenticate(accepting_user)
    accepted = api.get("/api/v1/privacy/policy/").json()
    api.force_authenticate(other)
    not_accepted = api.get("/api/v1/privacy/policy/").json()

    # then
    assert (accepted["accepted"], accepted["acceptance_required"]) == (True, False)
    assert (not_accepted["accepted"], not_accepted["acceptance_required"]) == (False, True)


def test_no_published_policy_answers_404(api):
    # when
    response = api.get("/api/v1/privacy/policy/")

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "policy_not_published"


@pytest.mark.promise("B4")
def test_accepting_records_user_version_digest_time_ip_user_agent_and_channel(api, published_policy):
    # given
    user = UserFactory()
    api.force_authenticate(user)

    # when
    response = api.post(ACCEPT_API, {"version": published_policy.version})

    # then
    assert response.status_code == 201
    assert response.json()["version"] == published_policy.version
    assert response.json()["channel"] == "api"
    acceptance = PolicyAcceptance.objects.get()
    assert acceptance.user == user
    assert acceptance.user_ref == user_ref_for(user.pk)
    assert acceptance.version == published_policy
    assert acceptance.body_digest == published_policy.body_digest
    assert acceptance.ip_address == "198.51.100.7"
    assert acceptance.user_agent == "PrivaShopApp/2.1 (test)"
    assert acceptance.channel == Channel.API
    assert timezone.now() - acceptance.accepted_at < timedelta(seconds=5)


def test_accepting_the_same_version_again_is_idempotent(api, published_policy):
    # given
    api.force_authenticate(UserFactory())
    first = api.post(ACCEPT_API, {"version": published_policy.version})

    # when
    again = api.post(ACCEPT_API, {"version": published_policy.version})

    # then
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["accepted_at"] == first.json()["accepted_at"]
    assert PolicyAcceptance.objects.count() == 1


@pytest.mark.parametrize("label", ["2025-01", "2099-01", "no-such-version"])
def test_only_the_version_in_effect_can_be_accepted(api, label):
    # given an old version, the current one, and one published for later
    PolicyVersionFactory(version="2025-01", effective_at=timezone.now() - timedelta(days=60))
    PolicyVersionFactory(version="2026-01", effective_at=timezone.now() - timedelta(days=1))
    PolicyVersionFactory(version="2099-01", effective_at=timezone.now() + timedelta(days=30))
    api.force_authenticate(UserFactory())

    # when
    response = api.post(ACCEPT_API, {"version": label})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "policy_version_not_current"
    assert response.json()["policy_version"] == "2026-01"
    assert not PolicyAcceptance.objects.exists()


def test_accepting_needs_a_signed_in_user_and_a_version(api, published_policy):
    # when
    anonymous = api.post(ACCEPT_API, {"version": published_policy.version})
    api.force_authenticate(UserFactory())
    missing = api.post(ACCEPT_API, {})

    # then
    assert anonymous.status_code == 403
    assert anonymous.json()["code"] == "not_authenticated"
    assert missing.status_code == 400
    assert "version" in missing.json()["fields"]


def test_the_accept_page_shows_the_text_and_summary_and_records_a_web_acceptance(client, published_policy):
    # given
    user = UserFactory()
    client.force_login(user)

    # when
    page = client.get(ACCEPT_PAGE, {"next": "/cart/"})
    response = client.post(
        ACCEPT_PAGE,
        {"version": published_policy.version, "accept": "on", "next": "/cart/"},
        REMOTE_ADDR="192.0.2.44",
        HTTP_USER_AGENT="Firefox/140",
    )

    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert f"<p>{published_policy.summary_of_changes}</p>" in html  # the summary is Markdown, rendered
    # the text without its own first heading: the page shows the title once, as its heading
    assert published_policy.body_html.split("</h1>", 1)[1].strip() in html
    assert response.status_code == 302
    assert response["Location"] == "/cart/"
    acceptance = PolicyAcceptance.objects.get(user=user)
    assert (acceptance.channel, acceptance.ip_address, acceptance.user_agent) == (
        Channel.WEB,
        "192.0.2.44",
        "Firefox/140",
    )


def test_the_accept_page_needs_the_box_ticked(client, published_policy):
    # given
    client.force_login(UserFactory())

    # when
    response = client.post(ACCEPT_PAGE, {"version": published_policy.version})

    # then
    assert response.status_code == 200
    assert not PolicyAcceptance.objects.exists()


def test_the_accept_page_refuses_a_version_that_is_no_longer_current(client, published_policy):
    # given the user read 2026-01, then 2026-02 took effect
    PolicyVersionFactory(version="2026-02")
    client.force_login(UserFactory())

    # when
    response = client.post(ACCEPT_PAGE, {"version": published_policy.version, "accept": "on"})

    # then the page shows the new version instead
    assert response.status_code == 200
    assert "A newer version took effect" in response.content.decode()
    assert 'value="2026-02"' in response.content.decode()
    assert not PolicyAcceptance.objects.exists()


@pytest.mark.parametrize("unsafe", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"])
def test_the_accept_page_never_redirects_off_site(client, published_policy, unsafe):
    # given
    client.force_login(UserFactory())

    # when
    response = client.post(ACCEPT_PAGE, {"version": published_policy.version, "accept": "on", "next": unsafe})

    # then
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_accept_page_asks_anonymous_visitors_to_log_in(client, published_policy):
    # when
    response = client.get(ACCEPT_PAGE)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.promise("B4")
def test_acceptances_are_append_only_and_survive_the_account_in_pseudonymous_form(published_policy):
    # given
    user = UserFactory()
    acceptance = PolicyAcceptance.objects.create(
        user=user, version=published_policy, body_digest=published_policy.body_digest, channel=Channel.WEB
    )
    user_ref = user_ref_for(user.pk)

    # when / then edits and deletions are refused
    acceptance.channel = Channel.API
    with pytest.raises(AppendOnlyRecord):
        acceptance.save()
    with pytest.raises(AppendOnlyRecord):
        acceptance.delete()
    with pytest.raises(AppendOnlyRecord):
        PolicyAcceptance.objects.filter(pk=acceptance.pk).update(channel=Channel.API)
    with pytest.raises(AppendOnlyRecord):
        PolicyAcceptance.objects.all().delete()

    # when the account row goes away
    user.delete()

    # then the proof stays, detached from the user but still findable by the pseudonym
    kept = PolicyAcceptance.objects.get(pk=acceptance.pk)
    assert kept.user is None
    assert kept.user_ref == user_ref
    assert kept.body_digest == published_policy.body_digest
    assert kept.channel == Channel.WEB
