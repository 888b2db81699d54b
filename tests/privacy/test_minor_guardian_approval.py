"""Minors (promise A8): optional consents need the guardian's approval too; the guardian's confirmation is
refused from the minor's own session and records the declaration; erasing a minor's data goes through the
cancellation machinery (legal holds, tombstone and journal, deletion requests to recipients)."""

import json
import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from privacy.cancellation.models import ErasureTombstone, ErasureTrigger, RecipientDeletionRequest
from privacy.cancellation.services import legal_hold_place, legal_hold_release
from privacy.models import GuardianConsent
from privacy.selectors.consent import consent_is_granted
from privacy.services.disclosure import disclosure_record
from tests.accounts.factories import StaffFactory, UserFactory

pytestmark = [pytest.mark.promise("A8"), pytest.mark.django_db]

MINOR_BIRTHDAY = date(2014, 6, 1)
CONSENTS = "/api/v1/privacy/consents/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _link_path() -> str:
    return re.search(r"https?://[^/\s]+(/privacy/guardian/confirm/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_a_minors_optional_consents_need_the_guardians_approval_given_outside_the_minors_session():
    # given a minor who has not got a guardian's consent yet
    minor = UserFactory(date_of_birth=MINOR_BIRTHDAY)
    api = _api(minor)

    # when the minor switches on personalisation and marketing
    refused = api.put(CONSENTS, {"personalisation": True, "marketing": True}, format="json")

    # then it is refused, naming both
    assert refused.status_code == 403 and refused.json()["code"] == "guardian_approval_required"
    assert set(refused.json()["fields"]) == {"personalisation", "marketing"}

    # when the minor names a guardian and tries to confirm from their own session
    api.post("/api/v1/privacy/guardian-consent/", {"guardian_email": "parent@example.com", "guardian_name": "Pat"})
    link = _link_path()
    own_session = Client()
    own_session.force_login(minor)
    form = {"agree": "on", "guardian_name": "Pat Parent", "approve_personalisation": "on"}
    from_minor = own_session.post(link, form)

    # then it is refused and nothing is confirmed
    assert from_minor.status_code == 403
    assert not GuardianConsent.objects.filter(user=minor, confirmed_at__isnull=False).exists()

    # when the guardian confirms from their own browser, approving personalisation only
    assert Client().post(link, form).status_code == 200

    # then the declaration is recorded word for word, and only personalisation can be switched on
    consent = GuardianConsent.objects.get(user=minor, confirmed_at__isnull=False)
    assert "I am this person's parent or legal guardian" in consent.declaration
    assert "Signed: Pat Parent." in consent.declaration
    assert consent.approved_purposes == ["personalisation"]
    assert api.put(CONSENTS, {"personalisation": True}, format="json").status_code == 200
    marketing = api.put(CONSENTS, {"marketing": True}, format="json")
    assert marketing.status_code == 403 and list(marketing.json()["fields"]) == ["marketing"]
    assert api.put(CONSENTS, {"personalisation": False}, format="json").status_code == 200


def test_adults_need_no_guardian():
    # given
    adult = UserFactory(date_of_birth=date(1990, 1, 1))

    # when
    response = _api(adult).put(CONSENTS, {"marketing": True}, format="json")

    # then the consent is given, on record, with no guardian asked
    assert response.status_code == 200
    assert consent_is_granted(user_id=adult.pk, purpose="marketing")
    assert not GuardianConsent.objects.filter(user=adult).exists()


@pytest.mark.postgres
def test_erasing_a_minor_goes_through_the_cancellation_machinery(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    # given a restricted minor under a legal hold, whose data went to a carrier
    settings.PRIVACY_ERASURE_JOURNAL = str(tmp_path / "journal.jsonl")
    minor = UserFactory(date_of_birth=MINOR_BIRTHDAY)
    disclosure_record(
        user_id=minor.pk, recipient="Quick Parcel", recipient_ref="carrier:quick", purpose="Delivery", fields=["phone"]
    )
    staff = StaffFactory()
    hold = legal_hold_place(reason="Court order 2026/17", staff_id=staff.pk, user_id=minor.pk)
    client.force_login(staff)
    action = {"action": "erase_unconsented_minor_data", "_selected_action": [minor.pk], "post": "yes"}

    # when staff erase the minor's data while the hold is active
    held = client.post("/admin/accounts/user/", action, follow=True)

    # then the hold is respected: nothing is erased
    assert "legal hold" in held.content.decode()
    assert User.objects.get(pk=minor.pk).is_active
    assert not ErasureTombstone.objects.filter(user_id=minor.pk).exists()

    # when the hold is released and staff erase again
    legal_hold_release(hold_id=hold.pk, reason="Case closed", staff_id=staff.pk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/accounts/user/", action, follow=True)

    # then it is erased like a cancellation: tombstone, journal entry, deletion request to the recipient
    assert not User.objects.get(pk=minor.pk).is_active
    tombstone = ErasureTombstone.objects.get(user_id=minor.pk)
    assert tombstone.trigger == ErasureTrigger.MINOR_WITHOUT_CONSENT
    journal = [json.loads(line) for line in (tmp_path / "journal.jsonl").read_text().splitlines()]
    assert [(entry["user_id"], entry["trigger"]) for entry in journal] == [(minor.pk, "minor")]
    assert list(RecipientDeletionRequest.objects.values_list("recipient_ref", flat=True)) == ["carrier:quick"]
