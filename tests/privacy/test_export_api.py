"""The data export API (D2): re-authentication first, one open job per user, downloads for the owner only."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from privacy.models import ExportJob, ExportStatus
from privacy.services.export import export_job_build
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/privacy/export/"
APP = "/_allauth/app/v1"


def _download_url(job_id: int) -> str:
    return f"{EXPORT}{job_id}/download/"


def _reauthenticated_session(user) -> APIClient:
    """A website-session API client that just confirmed its password on the website."""
    client = APIClient()
    client.force_login(user)
    response = client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD}, format="multipart")
    assert response.status_code == 302, response.content
    return client


def _app_token(user) -> str:
    user.emailaddress_set.get_or_create(email=user.email, defaults={"verified": True, "primary": True})
    response = APIClient().post(f"{APP}/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.json()
    return response.json()["meta"]["session_token"]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- asking for it ---------------------------------------------------------------------------


def test_asking_without_a_recent_reauthentication_is_refused_with_where_to_do_it(client):
    # given a signed-in user who did not re-authenticate
    user = UserFactory()
    client.force_login(user)

    # when
    response = client.post(EXPORT)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
    assert response.json()["reauthenticate_url"] == "/_allauth/browser/v1/auth/reauthenticate"
    assert not ExportJob.objects.exists()


def test_an_app_without_a_recent_reauthentication_is_sent_to_the_app_endpoint():
    # given
    token = _app_token(UserFactory())

    # when
    response = APIClient().post(EXPORT, HTTP_X_SESSION_TOKEN=token)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
    assert response.json()["reauthenticate_url"] == f"{APP}/auth/reauthenticate"


def test_an_anonymous_caller_cannot_ask():
    # when
    response = APIClient().post(EXPORT)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"
    assert not ExportJob.objects.exists()


def test_a_small_account_gets_its_export_at_once():
    # given
    user = UserFactory()
    client = _reauthenticated_session(user)

    # when
    response = client.post(EXPORT)

    # then
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "ready"
    assert body["download_url"] == _download_url(body["id"])
    job = ExportJob.objects.get(pk=body["id"])
    assert job.user == user
    assert job.expires_at == job.finished_at + timedelta(days=7)


def test_an_app_reauthenticated_through_allauth_headless_can_ask():
    # given an app session that re-authenticated through allauth headless
    user = UserFactory()
    token = _app_token(user)
    app = APIClient(HTTP_X_SESSION_TOKEN=token)
    reauth = app.post(f"{APP}/auth/reauthenticate", {"password": DEFAULT_PASSWORD})
    assert reauth.status_code == 200, reauth.json()

    # when
    response = app.post(EXPORT)

    # then
    assert response.status_code == 201
    assert ExportJob.objects.get().user == user


def test_a_reauthentication_counts_for_five_minutes_only():
    # given
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = _reauthenticated_session(UserFactory())
        traveller.shift(timedelta(minutes=6))

        # when
        response = client.post(EXPORT)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"


@pytest.mark.promise("D5")
def test_a_large_account_is_queued_and_built_by_the_task(settings, django_capture_on_commit_callbacks):
    # given an account above the inline threshold
    settings.PRIVACY_EXPORT_INLINE_MAX_ROWS = 0
    client = _reauthenticated_session(UserFactory())

    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(EXPORT)

    # then the job waits for the task, queued on commit, which builds it
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["download_url"] is None
    assert len(callbacks) == 1
    callbacks[0]()
    latest = client.get(EXPORT)
    assert latest.json()["status"] == "ready"


def test_asking_again_while_one_is_on_its_way_returns_it(settings, django_capture_on_commit_callbacks):
    # given a queued export
    settings.PRIVACY_EXPORT_INLINE_MAX_ROWS = 0
    client = _reauthenticated_session(UserFactory())
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(EXPORT)

    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        second = client.post(EXPORT)

    # then
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert callbacks == []
    assert ExportJob.objects.count() == 1


def test_an_abandoned_job_does_not_block_a_new_request(settings, django_capture_on_commit_callbacks):
    # given a job queued long ago whose task never ran
    settings.PRIVACY_EXPORT_INLINE_MAX_ROWS = 0
    user = UserFactory()
    old = ExportJob.objects.create(user=user, requested_at=timezone.now() - timedelta(hours=2))
    client = _reauthenticated_session(user)

    # when
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(EXPORT)

    # then
    assert response.status_code == 201
    assert response.json()["id"] != old.pk
    old.refresh_from_db()
    assert (old.status, old.error_code) == (ExportStatus.FAILED, "abandoned")


def test_a_finished_export_does_not_prevent_asking_for_a_fresh_one():
    # given
    client = _reauthenticated_session(UserFactory())
    first = client.post(EXPORT)

    # when
    second = client.post(EXPORT)

    # then a second job is queued beside the first
    assert second.status_code == 201
    assert second.json()["id"] != first.json()["id"]
    jobs = ExportJob.objects.order_by("pk").values_list("pk", flat=True)
    assert list(jobs) == [first.json()["id"], second.json()["id"]]


# --- reading its state -------------------------------------------------------------------------


def test_the_state_of_the_latest_export_is_shown_to_its_owner_only(client):
    # given
    user, other = UserFactory(), UserFactory()
    ExportJob.objects.create(user=user, requested_at=timezone.now() - timedelta(days=3), status=ExportStatus.FAILED)
    latest = ExportJob.objects.create(user=user)
    ExportJob.objects.create(user=other)
    client.force_login(user)

    # when
    response = client.get(EXPORT)

    # then
    assert response.status_code == 200
    assert response.json()["id"] == latest.pk
    assert response.json()["status"] == "pending"


def test_without_any_export_the_state_is_not_found(client):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(EXPORT)

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "export_not_found"


# --- downloading -------------------------------------------------------------------------------


@pytest.mark.promise("D2")
def test_the_owner_downloads_the_json_file():
    # given
    user = UserFactory()
    client = _reauthenticated_session(user)
    job_id = client.post(EXPORT).json()["id"]

    # when
    response = client.get(_download_url(job_id))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="privashop-data-export-')
    assert "no-store" in response["Cache-Control"]
    document = json.loads(_body(response))
    assert document["user_id"] == user.pk
    assert any(section["model"] == "accounts.User" for section in document["sections"])


def test_an_app_downloads_with_its_token():
    # given
    user = UserFactory()
    token = _app_token(user)
    app = APIClient(HTTP_X_SESSION_TOKEN=token)
    app.post(f"{APP}/auth/reauthenticate", {"password": DEFAULT_PASSWORD})
    job_id = app.post(EXPORT).json()["id"]

    # when
    response = app.get(_download_url(job_id))

    # then
    assert response.status_code == 200
    assert json.loads(_body(response))["user_id"] == user.pk


def test_another_users_export_is_not_found(client):
    # given
    owner = UserFactory()
    job_id = _reauthenticated_session(owner).post(EXPORT).json()["id"]
    client.force_login(UserFactory())

    # when
    response = client.get(_download_url(job_id))

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "export_not_found"


def test_an_anonymous_caller_cannot_download():
    # given
    job_id = _reauthenticated_session(UserFactory()).post(EXPORT).json()["id"]

    # when
    response = APIClient().get(_download_url(job_id))

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


def test_an_export_past_its_expiry_is_gone_even_before_the_sweep():
    # given
    client = _reauthenticated_session(UserFactory())
    job_id = client.post(EXPORT).json()["id"]

    # when
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1), tick=False):
        download = client.get(_download_url(job_id))
        state = client.get(EXPORT)

    # then
    assert download.status_code == 410
    assert download.json()["code"] == "export_expired"
    assert state.json()["status"] == "expired"
    assert state.json()["download_url"] is None


def test_an_export_still_being_prepared_cannot_be_downloaded(client):
    # given
    user = UserFactory()
    job = ExportJob.objects.create(user=user)
    client.force_login(user)

    # when
    response = client.get(_download_url(job.pk))

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "export_not_ready"
    assert response.json()["status"] == "pending"


# --- the policy gate ---------------------------------------------------------------------------


def test_a_user_blocked_by_the_policy_gate_can_still_export_and_download(published_policy):
    # given a user who has not accepted the material policy in effect
    user = UserFactory()
    client = _reauthenticated_session(user)

    # when
    created = client.post(EXPORT)
    state = client.get(EXPORT)
    download = client.get(_download_url(created.json()["id"]))
    blocked = client.get("/api/v1/privacy/disclosures/")

    # then
    assert created.status_code == 201
    assert state.status_code == 200
    assert download.status_code == 200
    assert blocked.status_code == 403
    assert blocked.json()["code"] == "policy_acceptance_required"


def test_a_token_user_blocked_by_the_gate_can_still_export(published_policy):
    # given
    user = UserFactory()
    token = _app_token(user)
    app = APIClient(HTTP_X_SESSION_TOKEN=token)
    app.post(f"{APP}/auth/reauthenticate", {"password": DEFAULT_PASSWORD})

    # when
    response = app.post(EXPORT)

    # then a job for this user is recorded, and the answer names it
    assert response.status_code == 201
    job = ExportJob.objects.get(user=user)
    assert response.json()["id"] == job.pk


def test_a_built_export_is_not_rebuilt():
    # given
    client = _reauthenticated_session(UserFactory())
    job = ExportJob.objects.get(pk=client.post(EXPORT).json()["id"])

    # when
    rebuilt = export_job_build(job_id=job.pk)

    # then
    assert rebuilt is False
    assert ExportJob.objects.get(pk=job.pk).file.name == job.file.name
