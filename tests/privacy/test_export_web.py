"""The website's export page (D2): ask after confirming the password, then download with the session."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from privacy.models import ExportJob, ExportStatus
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/privacy/export/"


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    # when
    response = client.get(PAGE)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_asking_sends_the_user_to_confirm_their_password_first(client):
    # given
    client.force_login(UserFactory())

    # when
    response = client.post(PAGE)

    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Fprivacy%2Fexport%2F"
    assert not ExportJob.objects.exists()


def test_after_confirming_the_password_the_request_goes_through_and_the_file_downloads(client):
    # given a user sent to re-authenticate by their request
    user = UserFactory()
    client.force_login(user)
    client.post(PAGE)

    # when they confirm their password, the suspended request is replayed
    confirmed = client.post("/accounts/reauthenticate/?next=/privacy/export/", {"password": DEFAULT_PASSWORD})
    page = client.get(PAGE)

    # then
    job = ExportJob.objects.get(user=user)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == PAGE
    assert job.status == ExportStatus.READY
    download_url = f"/api/v1/privacy/export/{job.pk}/download/"
    assert download_url in page.content.decode()
    assert "Your copy is ready" in page.content.decode()
    download = client.get(download_url)
    assert download.status_code == 200
    assert json.loads(b"".join(download.streaming_content))["user_id"] == user.pk


def test_the_page_lists_the_users_own_requests_and_links_only_live_files(client):
    # given
    user, other = UserFactory(), UserFactory()
    now = timezone.now()
    ExportJob.objects.create(
        user=user, status=ExportStatus.EXPIRED, requested_at=now - timedelta(days=9), expires_at=now - timedelta(days=1)
    )
    ExportJob.objects.create(user=user, status=ExportStatus.PENDING)
    theirs = ExportJob.objects.create(user=other, status=ExportStatus.PENDING)
    client.force_login(user)

    # when
    response = client.get(PAGE)

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "Expired (file deleted)" in body
    assert "Being prepared" in body
    assert "/download/" not in body
    assert f"/api/v1/privacy/export/{theirs.pk}/" not in body
    assert len(response.context["rows"]) == 2


def test_a_user_blocked_by_the_policy_gate_still_reaches_the_export_page(client, published_policy):
    # given a user who has not accepted the material policy in effect
    client.force_login(UserFactory())

    # when
    export_page = client.get(PAGE)
    disclosures_page = client.get("/privacy/disclosures/")

    # then
    assert export_page.status_code == 200
    assert disclosures_page.status_code == 302
    assert disclosures_page["Location"].startswith("/privacy/policy/accept/")
