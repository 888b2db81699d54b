"""The admin: drafts are edited and published there; published versions and proof records are read-only."""

import pytest
from django.contrib.auth.models import Permission

from privacy.models import Channel, ConsentRecord, PolicyAcceptance, PolicyVersion
from tests.accounts.factories import StaffFactory, UserFactory
from tests.privacy.factories import DraftPolicyVersionFactory, PolicyVersionFactory

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/privacy/policyversion/{}/change/"
PUBLISH_URL = "/admin/privacy/policyversion/{}/publish/"


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _draft_form(version: PolicyVersion, **overrides) -> dict:
    data = {
        "version": version.version,
        "title": version.title,
        "material": "on" if version.material else "",
        "effective_at_0": "2026-01-01",
        "effective_at_1": "00:00:00",
        "summary_of_changes": version.summary_of_changes,
        "body": version.body,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def test_staff_edit_a_draft(staff_client):
    # given
    draft = DraftPolicyVersionFactory()

    # when
    response = staff_client.post(CHANGE_URL.format(draft.pk), _draft_form(draft, body="Edited draft text."))

    # then
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == "Edited draft text."
    assert not draft.is_published


def test_save_and_publish_on_a_material_draft_saves_it_and_asks_for_confirmation_first(staff_client):
    # given
    draft = DraftPolicyVersionFactory(material=True)
    UserFactory()

    # when
    response = staff_client.post(CHANGE_URL.format(draft.pk), {**_draft_form(draft), "_publish": "1"})

    # then: saved, not published, sent to the summary
    assert response.status_code == 302
    assert response["Location"] == PUBLISH_URL.format(draft.pk)
    draft.refresh_from_db()
    assert not draft.is_published
    summary = staff_client.get(PUBLISH_URL.format(draft.pk))
    html = summary.content.decode()
    assert summary.status_code == 200
    assert "must accept the new version" in html
    assert "cannot be undone" in html
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_confirmation_page_publishes_on_post(staff_client):
    # given
    draft = DraftPolicyVersionFactory(material=True)

    # when
    response = staff_client.post(PUBLISH_URL.format(draft.pk))

    # then
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.published_by is not None


def test_the_confirmation_page_needs_the_change_permission(client):
    # given: staff who may only look
    draft = DraftPolicyVersionFactory(material=True)
    viewer = StaffFactory(is_superuser=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_policyversion"))
    client.force_login(viewer)

    # when
    shown, posted = client.get(PUBLISH_URL.format(draft.pk)), client.post(PUBLISH_URL.format(draft.pk))

    # then
    assert (shown.status_code, posted.status_code) == (403, 403)
    draft.refresh_from_db()
    assert not draft.is_published


def test_publish_action_on_material_drafts_confirms_then_publishes(staff_client):
    # given
    draft = DraftPolicyVersionFactory()
    chosen = {"action": "publish_selected", "_selected_action": [draft.pk]}

    # when: the action is chosen
    summary = staff_client.post("/admin/privacy/policyversion/", chosen)

    # then: a summary, nothing published
    assert summary.status_code == 200
    assert "must accept the new version" in summary.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published

    # when: confirmed
    response = staff_client.post("/admin/privacy/policyversion/", {**chosen, "confirmed": "yes"})

    # then
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_publish_refusal_is_shown_as_a_message(staff_client):
    # given a first version that is not material
    draft = DraftPolicyVersionFactory(material=False)

    # when
    response = staff_client.post(
        "/admin/privacy/policyversion/", {"action": "publish_selected", "_selected_action": [draft.pk]}, follow=True
    )

    # then
    draft.refresh_from_db()
    assert not draft.is_published
    assert "was not published" in response.content.decode()


def test_a_published_version_is_read_only_in_the_admin(staff_client):
    # given
    version = PolicyVersionFactory(body="Published text.")

    # when
    page = staff_client.get(CHANGE_URL.format(version.pk))
    post = staff_client.post(CHANGE_URL.format(version.pk), _draft_form(version, body="Tampered."))
    delete = staff_client.post(f"/admin/privacy/policyversion/{version.pk}/delete/", {"post": "yes"})

    # then the page shows the text without any input, and both writes are refused
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="body"' not in html
    assert "_publish" not in html
    assert post.status_code == 403
    assert delete.status_code == 403
    version.refresh_from_db()
    assert version.body == "Published text."


def test_proof_records_cannot_be_added_changed_or_deleted_in_the_admin(staff_client):
    # given
    version = PolicyVersionFactory()
    user = UserFactory()
    acceptance = PolicyAcceptance.objects.create(
        user=user, version=version, body_digest=version.body_digest, channel=Channel.WEB
    )
    consent = ConsentRecord.objects.create(user=user, purpose="marketing", granted=True, channel=Channel.WEB)

    for model, pk in (("policyacceptance", acceptance.pk), ("consentrecord", consent.pk)):
        # when
        listing = staff_client.get(f"/admin/privacy/{model}/")
        view = staff_client.get(f"/admin/privacy/{model}/{pk}/change/")
        add = staff_client.get(f"/admin/privacy/{model}/add/")
        delete = staff_client.post(f"/admin/privacy/{model}/{pk}/delete/", {"post": "yes"})
        change = staff_client.post(f"/admin/privacy/{model}/{pk}/change/", {"channel": "api"})

        # then
        assert listing.status_code == 200
        assert view.status_code == 200
        assert add.status_code == 403
        assert delete.status_code == 403
        assert change.status_code == 403
    assert PolicyAcceptance.objects.get().channel == Channel.WEB
    assert ConsentRecord.objects.count() == 1
