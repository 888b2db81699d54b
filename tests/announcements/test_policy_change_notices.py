"""Policy changes reach everyone: a material version is emailed to every account in Celery batches,
recorded per recipient (G5); a non-material one reaches apps on /api/v1/me/ and in a header, and their
acknowledgement is recorded like the website's notice (B2)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from privacy.announcements.models import PolicyChangeEmail, PolicyChangeMailing
from privacy.gate import NOTICE_HEADER
from privacy.models import Channel, PolicyAcceptance, PolicyNoticeShown
from privacy.services.policy import policy_version_publish
from tests.accounts.factories import StaffFactory, UserFactory
from tests.cancellation.conftest import app_token
from tests.privacy.factories import DraftPolicyVersionFactory, PolicyVersionFactory
from tests.real_worker import real_worker, wait_until  # noqa: F401


def _accept(user, version) -> None:
    PolicyAcceptance.objects.create(
        user=user, version=version, body_digest=version.body_digest, user_agent="t", channel=Channel.SIGNUP
    )


@pytest.mark.promise("G5")
@pytest.mark.django_db
def test_publishing_a_material_version_in_the_admin_emails_every_account_once(
    client, published_policy, django_capture_on_commit_callbacks
):
    # given three accounts, one of them inactive (erased), and a material draft
    active = [UserFactory(), UserFactory()]
    UserFactory(is_active=False)
    staff = StaffFactory()
    draft = DraftPolicyVersionFactory(material=True, effective_at=timezone.now() + timedelta(days=30))
    client.force_login(staff)
    mail.outbox.clear()

    # when staff publish it from the admin: the button saves the draft and leads to the confirmation page,
    # which only shows what publishing does; confirming it (POST) publishes
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            f"/admin/privacy/policyversion/{draft.pk}/change/",
            {
                "version": draft.version,
                "title": draft.title,
                "material": "on",
                "effective_at_0": (timezone.now() + timedelta(days=30)).date().isoformat(),
                "effective_at_1": "00:00:00",
                "summary_of_changes": draft.summary_of_changes,
                "body": draft.body,
                "_publish": "1",
            },
        )
    confirm_url = f"/admin/privacy/policyversion/{draft.pk}/publish/"
    assert saved.status_code == 302
    assert saved["Location"] == confirm_url
    with django_capture_on_commit_callbacks(execute=True):
        summary = client.get(confirm_url)
    assert summary.status_code == 200
    assert mail.outbox == []
    assert not PolicyChangeMailing.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url)

    # then every active account (staff included) is emailed once, with a record each
    assert response.status_code == 302
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([*(u.email for u in active), staff.email])
    assert f"/privacy/policy/{draft.version}/" in mail.outbox[0].body
    mailing = PolicyChangeMailing.objects.get(version=draft)
    assert mailing.finished_at is not None
    assert set(PolicyChangeEmail.objects.values_list("user_id", flat=True)) == {u.pk for u in [*active, staff]}


@pytest.mark.promise("G5")
@pytest.mark.django_db
def test_a_non_material_version_is_not_emailed(published_policy, django_capture_on_commit_callbacks):
    # given
    UserFactory()
    draft = DraftPolicyVersionFactory(material=False)
    mail.outbox.clear()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        policy_version_publish(version_id=draft.pk, actor=None)

    # then
    assert mail.outbox == [] and not PolicyChangeMailing.objects.exists()


@pytest.mark.promise("G5")
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_in_batches_and_never_twice(real_worker, settings):  # noqa: F811
    # given five accounts, batches of two, a first policy in effect
    settings.PRIVACY_POLICY_EMAIL_BATCH_SIZE = 2
    PolicyVersionFactory(version="2026-01")
    users = [UserFactory() for _ in range(5)]
    draft = DraftPolicyVersionFactory(material=True)
    mail.outbox.clear()

    # when it is published and the worker runs the mailing through Redis
    policy_version_publish(version_id=draft.pk, actor=None, site_url="http://testserver/")

    # then every account is emailed exactly once, recorded per recipient
    assert wait_until(lambda: PolicyChangeMailing.objects.filter(version=draft, finished_at__isnull=False).exists())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert PolicyChangeEmail.objects.count() == 5


@pytest.mark.promise("B2")
@pytest.mark.django_db
def test_an_app_sees_a_minor_update_on_me_and_in_a_header_and_its_acknowledgement_is_recorded(published_policy):
    # given an app user who accepted the material version, then a non-material update in effect
    user = UserFactory()
    _accept(user, published_policy)
    minor = PolicyVersionFactory(version="2026-02", material=False, summary_of_changes="A clearer cookie section.")
    token = app_token(user)
    app = APIClient(HTTP_X_SESSION_TOKEN=token)

    # when the app reads its profile
    me = app.get("/api/v1/me/")

    # then the notice is there, in the body and in the header, and it does not block anything
    assert me.status_code == 200
    assert me.json()["policy_notice"]["version"] == "2026-02"
    assert me.json()["policy_notice"]["summary_of_changes"] == "A clearer cookie section."
    assert me[NOTICE_HEADER] == "2026-02"
    assert app.get("/api/v1/orders/").status_code == 200

    # when it acknowledges the wrong version, then the right one
    wrong = app.post("/api/v1/privacy/policy/notice/acknowledge/", {"version": "2026-01"}, format="json")
    ack = app.post("/api/v1/privacy/policy/notice/acknowledge/", {"version": "2026-02"}, format="json")

    # then the wrong one is refused, the right one recorded like the website's notice (never as acceptance)
    assert wrong.status_code == 400 and wrong.json()["code"] == "policy_notice_not_current"
    assert ack.status_code == 200 and ack.json()["channel"] == "api"
    assert PolicyNoticeShown.objects.filter(user=user, version=minor, channel=Channel.API).exists()
    assert not PolicyAcceptance.objects.filter(user=user, version=minor).exists()
    after = app.get("/api/v1/me/")
    assert after.json()["policy_notice"] is None and NOTICE_HEADER not in after
