"""Policy versions: publishing, immutability once published, the text's digest and HTML, public pages."""

import hashlib
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from privacy.errors import PolicyPublishRefused, PolicyVersionImmutable
from privacy.models import PolicyVersion
from privacy.selectors.policy import policy_version_current
from privacy.services.policy import policy_version_publish
from tests.accounts.factories import StaffFactory
from tests.privacy.factories import DraftPolicyVersionFactory, PolicyVersionFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_digest_is_the_sha256_of_the_body_and_html_is_sanitised():
    # given
    body = "# Title\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) ![x](https://tracker.example/p.gif)"

    # when
    version = DraftPolicyVersionFactory(body=body)

    # then
    assert version.body_digest == hashlib.sha256(body.encode()).hexdigest()
    assert "<h1>Title</h1>" in version.body_html
    assert "<script" not in version.body_html
    assert "javascript:" not in version.body_html
    assert "<img" not in version.body_html


@pytest.mark.promise("B1")
@time_machine.travel(NOW, tick=False)
def test_publishing_a_draft_stamps_it_and_makes_it_current():
    # given
    staff = StaffFactory()
    draft = DraftPolicyVersionFactory(effective_at=NOW - timedelta(days=3))

    # when
    published = policy_version_publish(version_id=draft.pk, actor=staff)

    # then a past effective date moves to the publication time
    published.refresh_from_db()
    assert published.published_at == NOW
    assert published.published_by == staff
    assert published.effective_at == NOW
    assert policy_version_current() == published


@time_machine.travel(NOW, tick=False)
def test_a_version_published_for_later_is_not_current_until_then():
    # given
    staff = StaffFactory()
    first = PolicyVersionFactory(effective_at=NOW - timedelta(days=30))
    later = DraftPolicyVersionFactory(effective_at=NOW + timedelta(days=15))

    # when
    policy_version_publish(version_id=later.pk, actor=staff)

    # then
    assert policy_version_current() == first
    assert policy_version_current(now=NOW + timedelta(days=15)) == later


def test_the_first_published_version_must_be_material():
    # given
    draft = DraftPolicyVersionFactory(material=False)

    # when / then
    with pytest.raises(PolicyPublishRefused) as refused:
        policy_version_publish(version_id=draft.pk, actor=StaffFactory())
    assert refused.value.code == "policy_first_version_not_material"
    assert PolicyVersion.objects.published().count() == 0


@time_machine.travel(NOW, tick=False)
def test_a_version_cannot_take_effect_before_the_latest_published_one():
    # given
    PolicyVersionFactory(effective_at=NOW + timedelta(days=10))
    draft = DraftPolicyVersionFactory(effective_at=NOW + timedelta(days=5))

    # when / then
    with pytest.raises(PolicyPublishRefused) as refused:
        policy_version_publish(version_id=draft.pk, actor=StaffFactory())
    assert refused.value.code == "policy_effective_before_latest"


def test_publishing_twice_is_refused():
    # given
    version = PolicyVersionFactory()

    # when / then
    with pytest.raises(PolicyVersionImmutable):
        policy_version_publish(version_id=version.pk, actor=StaffFactory())


def test_a_published_version_refuses_every_change_and_deletion():
    # given
    version = PolicyVersionFactory(body="Original text.")

    # when / then
    version.body = "Quietly rewritten."
    with pytest.raises(PolicyVersionImmutable):
        version.save()
    with pytest.raises(PolicyVersionImmutable):
        version.delete()
    with pytest.raises(PolicyVersionImmutable):
        PolicyVersion.objects.filter(pk=version.pk).update(body="Rewritten in bulk.")
    with pytest.raises(PolicyVersionImmutable):
        PolicyVersion.objects.filter(pk=version.pk).delete()
    version.refresh_from_db()
    assert version.body == "Original text."


def test_a_draft_may_be_edited_and_deleted():
    # given
    draft = DraftPolicyVersionFactory(body="First draft.")

    # when
    draft.body = "Second draft."
    draft.save()

    # then the digest follows the text
    draft.refresh_from_db()
    assert draft.body_digest == hashlib.sha256(b"Second draft.").hexdigest()
    draft.delete()
    assert not PolicyVersion.objects.filter(pk=draft.pk).exists()


def test_the_policy_page_lists_published_versions_newest_first(client):
    # given
    old = PolicyVersionFactory(version="2025-01", effective_at=timezone.now() - timedelta(days=90))
    new = PolicyVersionFactory(version="2026-01", summary_of_changes="Shorter retention of carts.")
    DraftPolicyVersionFactory(version="2026-02-draft")

    # when
    response = client.get("/privacy/policy/")

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("/privacy/policy/2026-01/") < html.index("/privacy/policy/2025-01/")
    assert "Shorter retention of carts." in html
    assert "2026-02-draft" not in html
    assert old.version in html and new.version in html


def test_a_version_page_shows_the_text_and_drafts_are_not_found(client):
    # given
    version = PolicyVersionFactory(version="2026-01", body="We **never** sell your data.")
    DraftPolicyVersionFactory(version="2026-02")

    # when
    response = client.get("/privacy/policy/2026-01/")

    # then
    assert response.status_code == 200
    assert "We <strong>never</strong> sell your data." in response.content.decode()
    assert version.body_digest in response.content.decode()
    assert client.get("/privacy/policy/2026-02/").status_code == 404


def test_the_api_lists_published_versions_and_shows_one():
    # given
    PolicyVersionFactory(version="2026-01")
    DraftPolicyVersionFactory(version="2026-02")
    api = APIClient()

    # when
    listing = api.get("/api/v1/privacy/policy/versions/")
    detail = api.get("/api/v1/privacy/policy/versions/2026-01/")
    draft = api.get("/api/v1/privacy/policy/versions/2026-02/")

    # then
    assert [row["version"] for row in listing.json()] == ["2026-01"]
    assert detail.status_code == 200
    assert detail.json()["body_html"].startswith("<h1>")
    assert draft.status_code == 404
    assert draft.json()["code"] == "policy_version_not_found"


def test_publish_initial_policy_publishes_the_bundled_text_once():
    # when
    call_command("publish_initial_policy", stdout=StringIO())
    call_command("publish_initial_policy", stdout=StringIO())

    # then
    version = PolicyVersion.objects.get()
    assert version.is_published
    assert version.material
    assert version.version == "1.0"
    assert "<h2>2. Optional purposes need your consent</h2>" in version.body_html
    assert policy_version_current() == version


def test_publish_initial_policy_leaves_an_existing_policy_alone():
    # given
    existing = PolicyVersionFactory(version="2026-01")

    # when
    out = StringIO()
    call_command("publish_initial_policy", stdout=out)

    # then
    assert list(PolicyVersion.objects.all()) == [existing]
    assert "already published" in out.getvalue()
