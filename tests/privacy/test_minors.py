"""Minors (A8): restricted until a guardian's consent is confirmed by email link or by staff with evidence;
staff can erase a minor's data collected without it."""

import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from rest_framework.test import APIClient

from accounts.models import User
from privacy.cancellation.services.minors import minor_erase_unconsented_data
from privacy.errors import GuardianApprovalRequired, NotARestrictedMinor
from privacy.hashing import keyed_hash
from privacy.models import Channel, GuardianConsent, GuardianConsentMethod, GuardianConsentStatus
from privacy.selectors.minors import user_is_minor, user_is_restricted_minor
from privacy.services.consent import consent_set
from privacy.services.minors import guardian_consent_request
from shop.models import HistoryEntry
from tests.accounts.factories import StaffFactory, UserFactory
from tests.shop.factories import HistoryEntryFactory

pytestmark = pytest.mark.django_db

TODAY = "2026-06-15 12:00:00+00:00"
MINOR_BIRTHDAY = date(2010, 1, 1)
ADULT_BIRTHDAY = date(1990, 1, 1)
GUARDIAN_API = "/api/v1/privacy/guardian-consent/"
GUARDIAN_PAGE = "/privacy/guardian/"


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def minor():
    return UserFactory(nickname="Kiddo", date_of_birth=MINOR_BIRTHDAY)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _request(user, email="parent@example.com", name="Pat Parent"):
    return _api(user).post(GUARDIAN_API, {"guardian_email": email, "guardian_name": name}, format="json")


def _link_path() -> str:
    match = re.search(r"https?://[^/\s]+(/privacy/guardian/confirm/[^/\s]+/)", mail.outbox[-1].body)
    assert match, "no confirmation link in the email"
    return match.group(1)


# --- who is restricted --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "born, today, expected",
    [
        (date(2008, 6, 15), date(2026, 6, 14), True),  # the day before the 18th birthday
        (date(2008, 6, 15), date(2026, 6, 15), False),  # the 18th birthday itself
        (date(2008, 2, 29), date(2026, 2, 28), True),  # born on 29 February: not yet in a common year
        (date(2008, 2, 29), date(2026, 3, 1), False),
        (date(2008, 2, 29), date(2024, 2, 29), True),
        (None, date(2026, 6, 15), False),  # no declared date of birth
    ],
)
def test_minority_is_derived_from_the_date_of_birth(born, today, expected):
    assert user_is_minor(date_of_birth=born, today=today) is expected


def test_the_age_limit_comes_from_the_settings(settings):
    # given
    settings.PRIVACY_MINOR_AGE = 16

    # then
    assert user_is_minor(date_of_birth=date(2010, 6, 15)) is False
    assert user_is_minor(date_of_birth=date(2010, 6, 16)) is True


def test_today_defaults_to_the_current_date(_today):
    # given
    born = date(2008, 6, 16)

    # when
    before = user_is_minor(date_of_birth=born)
    _today.move_to("2026-06-16 12:00:00+00:00")
    after = user_is_minor(date_of_birth=born)

    # then
    assert (before, after) == (True, False)


def test_a_minor_is_restricted_until_a_consent_is_confirmed(minor, django_assert_num_queries):
    # given
    adult = UserFactory(date_of_birth=ADULT_BIRTHDAY)
    GuardianConsent.objects.create(user=minor, guardian_email="p@example.com", method=GuardianConsentMethod.EMAIL)

    # then: a pending request does not lift the restriction, and each answer costs one query
    with django_assert_num_queries(1):
        assert user_is_restricted_minor(user_id=minor.pk) is True
    with django_assert_num_queries(1):
        assert user_is_restricted_minor(user_id=adult.pk) is False
    assert user_is_restricted_minor(user_id=987654) is False

    # when
    GuardianConsent.objects.filter(user=minor).update(status=GuardianConsentStatus.CONFIRMED)

    # then
    assert user_is_restricted_minor(user_id=minor.pk) is False


def test_another_minors_consent_does_not_count(minor):
    # given
    GuardianConsent.objects.create(
        user=UserFactory(date_of_birth=MINOR_BIRTHDAY),
        status=GuardianConsentStatus.CONFIRMED,
        method=GuardianConsentMethod.STAFF,
        evidence="Form 1",
    )

    # then
    assert user_is_restricted_minor(user_id=minor.pk) is True


# --- the email flow -----------------------------------------------------------------------------


def test_a_minor_asks_and_the_guardian_confirms_through_the_link(client, minor):
    # when the minor names a guardian
    response = _request(minor)

    # then the guardian gets a link, and only its keyed hash is stored
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "requested"
    assert response.json()["restricted"] is True
    assert response.json()["guardian_email"] == "p***@example.com"
    assert response.json()["expires_at"] == "2026-06-29T12:00:00Z"
    assert mail.outbox[-1].to == ["parent@example.com"]
    assert "Kiddo" in mail.outbox[-1].body
    path = _link_path()
    token = path.rstrip("/").rsplit("/", 1)[-1]
    consent = GuardianConsent.objects.get(user=minor)
    assert consent.token_hash == keyed_hash(token)
    assert (consent.guardian_name, consent.status, consent.method) == ("Pat Parent", "requested", "email")

    # when the guardian opens the link: a page says what they agree to, and a GET changes nothing
    page = client.get(path)
    assert page.status_code == 200
    assert "Kiddo" in page.content.decode()
    assert "What you agree to" in page.content.decode()
    assert user_is_restricted_minor(user_id=minor.pk) is True

    # when they agree
    confirmed = client.post(path, {"agree": "on", "guardian_name": "Grace Parent"})

    # then
    assert confirmed.status_code == 200
    assert "your consent is recorded" in confirmed.content.decode()
    consent.refresh_from_db()
    assert consent.status == GuardianConsentStatus.CONFIRMED
    assert consent.method == GuardianConsentMethod.EMAIL
    assert consent.confirmed_at.isoformat() == "2026-06-15T12:00:00+00:00"
    assert consent.token_hash == ""
    assert user_is_restricted_minor(user_id=minor.pk) is False
    assert _api(minor).get(GUARDIAN_API).json()["status"] == "confirmed"


def test_the_guardian_must_tick_the_agreement(client, minor):
    # given
    _request(minor)

    # when
    response = client.post(_link_path(), {})

    # then
    assert response.status_code == 400
    assert GuardianConsent.objects.get(user=minor).status == GuardianConsentStatus.REQUESTED


def test_a_used_link_cannot_be_used_again(client, minor):
    # given
    _request(minor)
    path = _link_path()
    client.post(path, {"agree": "on", "guardian_name": "Grace Parent"})

    # when
    again = client.post(path, {"agree": "on", "guardian_name": "Grace Parent"})
    opened = client.get(path)

    # then
    assert again.status_code == 404
    assert opened.status_code == 404
    assert "This link is not valid" in opened.content.decode()


def test_an_expired_link_is_refused(client, minor, _today):
    # given
    _request(minor)
    path = _link_path()

    # when
    _today.move_to("2026-06-29 12:00:00+00:00")
    response = client.post(path, {"agree": "on", "guardian_name": "Grace Parent"})

    # then
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert user_is_restricted_minor(user_id=minor.pk) is True
    assert _api(minor).get(GUARDIAN_API).json()["status"] == "expired"


def test_a_mistyped_link_is_refused(client, minor):
    # given
    _request(minor)

    # when
    response = client.post("/privacy/guardian/confirm/not-the-token/", {"agree": "on", "guardian_name": "Grace Parent"})

    # then
    assert response.status_code == 404
    assert GuardianConsent.objects.get(user=minor).status == GuardianConsentStatus.REQUESTED


def test_the_minor_cannot_confirm_their_own_request(client, minor):
    # given
    _request(minor)
    client.force_login(minor)

    # when
    response = client.post(_link_path(), {"agree": "on", "guardian_name": "Grace Parent"})

    # then
    assert response.status_code == 403
    assert user_is_restricted_minor(user_id=minor.pk) is True


def test_a_new_request_replaces_the_pending_one(client, minor, _today):
    # given
    _request(minor, email="first@example.com")
    first_link = _link_path()
    _today.shift(600)

    # when
    response = _request(minor, email="second@example.com")

    # then
    assert response.status_code == 201
    assert list(GuardianConsent.objects.values_list("guardian_email", flat=True)) == ["second@example.com"]
    assert client.post(first_link, {"agree": "on", "guardian_name": "Grace Parent"}).status_code == 404
    assert client.post(_link_path(), {"agree": "on", "guardian_name": "Grace Parent"}).status_code == 200


def test_requests_must_be_some_minutes_apart(minor):
    # given
    _request(minor)

    # when
    response = _request(minor, email="other@example.com")

    # then
    assert response.status_code == 429
    assert response.json()["code"] == "guardian_consent_requested_recently"
    assert response.json()["retry_after"] == 300
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "date_of_birth, email, status, code",
    [
        (ADULT_BIRTHDAY, "parent@example.com", 400, "guardian_consent_not_needed"),
        (None, "parent@example.com", 400, "guardian_consent_not_needed"),
        (MINOR_BIRTHDAY, "not-an-email", 400, "invalid"),
    ],
)
def test_requests_that_make_no_sense_are_refused(date_of_birth, email, status, code):
    # given
    user = UserFactory(date_of_birth=date_of_birth)

    # when
    response = _request(user, email=email)

    # then
    assert response.status_code == status
    assert response.json()["code"] == code
    assert not GuardianConsent.objects.exists()
    assert mail.outbox == []


def test_the_minor_cannot_name_their_own_address(minor):
    # when
    response = _request(minor, email=minor.email.upper())

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "guardian_email" in response.json()["fields"]


def test_a_confirmed_consent_is_not_asked_again(minor):
    # given
    GuardianConsent.objects.create(
        user=minor, status=GuardianConsentStatus.CONFIRMED, method=GuardianConsentMethod.STAFF, evidence="Form"
    )

    # when
    response = _request(minor)

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "guardian_consent_already_confirmed"


def test_nothing_is_recorded_when_the_email_cannot_be_sent(minor, settings):
    # given
    settings.EMAIL_BACKEND = "tests.privacy.test_minors.FailingEmailBackend"

    # when
    response = _request(minor)

    # then
    assert response.status_code == 503
    assert response.json()["code"] == "guardian_email_not_sent"
    assert not GuardianConsent.objects.exists()


def test_the_api_refuses_a_visitor():
    # when
    response = APIClient().post(GUARDIAN_API, {"guardian_email": "parent@example.com"}, format="json")

    # then
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_the_state_of_an_adult(minor):
    # when
    body = _api(UserFactory(date_of_birth=ADULT_BIRTHDAY)).get(GUARDIAN_API).json()

    # then
    assert body["status"] == "not_needed"
    assert body["restricted"] is False


# --- the website --------------------------------------------------------------------------------


def test_a_restricted_minor_sees_why_and_asks_from_the_page(client, minor):
    # given
    client.force_login(minor)

    # when
    home = client.get("/")
    page = client.get(GUARDIAN_PAGE)
    sent = client.post(GUARDIAN_PAGE, {"guardian_email": "parent@example.com", "guardian_name": "Pat"}, follow=True)

    # then
    assert "cannot place orders or write reviews" in home.content.decode()
    assert page.status_code == 200
    assert "Email my parent or guardian" in page.content.decode()
    assert sent.redirect_chain == [(GUARDIAN_PAGE, 302)]
    assert "We emailed p***@example.com" in sent.content.decode()
    assert mail.outbox[-1].to == ["parent@example.com"]


def test_the_page_shows_refusals_next_to_the_field(client, minor):
    # given
    client.force_login(minor)

    # when
    response = client.post(GUARDIAN_PAGE, {"guardian_email": minor.email})

    # then
    assert response.status_code == 400
    assert "not your own" in response.content.decode()
    assert not GuardianConsent.objects.exists()


def test_adults_and_consented_minors_see_no_notice(client, minor):
    # given
    GuardianConsent.objects.create(
        user=minor, status=GuardianConsentStatus.CONFIRMED, method=GuardianConsentMethod.STAFF, evidence="Form"
    )

    # when
    pages = []
    for user in (minor, UserFactory(date_of_birth=ADULT_BIRTHDAY)):
        client.force_login(user)
        pages.append(client.get("/").content.decode())

    # then
    assert all("cannot place orders or write reviews" not in page for page in pages)


# --- staff --------------------------------------------------------------------------------------


def test_staff_record_a_consent_with_evidence(client, minor):
    # given
    staff = StaffFactory()
    GuardianConsent.objects.create(user=minor, guardian_email="old@example.com", method=GuardianConsentMethod.EMAIL)
    client.force_login(staff)

    # when
    response = client.post(
        "/admin/privacy/guardianconsent/add/",
        {
            "user": minor.pk,
            "guardian_name": "Pat Parent",
            "guardian_email": "Parent@Example.com",
            "evidence": "Signed form ref. 2026-117, checked against ID",
            "approved_purposes": ["marketing"],
        },
    )

    # then
    assert response.status_code == 302
    consent = GuardianConsent.objects.get(user=minor)
    assert consent.approved_purposes == ["marketing"]
    minor.refresh_from_db()
    consent_set(user=minor, changes={"marketing": True}, ip_address=None, user_agent="t", channel=Channel.WEB)
    with pytest.raises(GuardianApprovalRequired):
        consent_set(user=minor, changes={"personalisation": True}, ip_address=None, user_agent="t", channel=Channel.WEB)
    assert consent.status == GuardianConsentStatus.CONFIRMED
    assert consent.method == GuardianConsentMethod.STAFF
    assert consent.recorded_by == staff
    assert consent.evidence == "Signed form ref. 2026-117, checked against ID"
    assert consent.guardian_email == "parent@example.com"
    assert consent.confirmed_at is not None
    assert user_is_restricted_minor(user_id=minor.pk) is False


@pytest.mark.parametrize(
    "who, evidence, error",
    [
        ("minor", "", "This field is required."),
        ("adult", "Form 12", "not a minor"),
    ],
)
def test_staff_cannot_record_without_evidence_or_for_an_adult(client, minor, who, evidence, error):
    # given
    user = minor if who == "minor" else UserFactory(date_of_birth=ADULT_BIRTHDAY)
    client.force_login(StaffFactory())

    # when
    response = client.post(
        "/admin/privacy/guardianconsent/add/", {"user": user.pk, "guardian_name": "Pat", "evidence": evidence}
    )

    # then
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not GuardianConsent.objects.exists()


def test_a_recorded_consent_is_read_only_and_masked_in_the_admin(client, minor):
    # given
    consent = GuardianConsent.objects.create(
        user=minor,
        guardian_name="Pat Parent",
        guardian_email="parent@example.com",
        status=GuardianConsentStatus.CONFIRMED,
        method=GuardianConsentMethod.STAFF,
        evidence="Form 12",
    )
    client.force_login(StaffFactory())
    url = f"/admin/privacy/guardianconsent/{consent.pk}/change/"

    # when
    page = client.get(url)
    changed = client.post(url, {"user": minor.pk, "guardian_name": "Someone Else", "evidence": "x"})
    deleted = client.post(f"/admin/privacy/guardianconsent/{consent.pk}/delete/", {"post": "yes"})

    # then
    assert page.status_code == 200
    assert "parent@example.com" not in page.content.decode()
    assert "p***@example.com" in page.content.decode()
    assert changed.status_code == 403
    assert deleted.status_code == 403
    consent.refresh_from_db()
    assert consent.guardian_name == "Pat Parent"


def _erase_action(client, *users, confirm: bool):
    data = {"action": "erase_unconsented_minor_data", "_selected_action": [user.pk for user in users]}
    if confirm:
        data["post"] = "yes"
    return client.post("/admin/accounts/user/", data, follow=True)


def test_the_admin_action_erases_a_restricted_minors_data_after_confirmation(client, minor):
    # given
    HistoryEntryFactory.create_batch(2, user=minor)
    client.force_login(StaffFactory())

    # when
    confirmation = _erase_action(client, minor, confirm=False)

    # then nothing is erased yet
    assert confirmation.status_code == 200
    assert "This cannot be undone" in confirmation.content.decode()
    assert User.objects.get(pk=minor.pk).is_active

    # when
    done = _erase_action(client, minor, confirm=True)

    # then
    assert f"Erased the personal data of 1 account(s): #{minor.pk}." in done.content.decode()
    erased = User.objects.get(pk=minor.pk)
    assert erased.email == f"deleted-{minor.pk}@invalid.invalid"
    assert (erased.nickname, erased.date_of_birth, erased.is_active) == ("", None, False)
    assert not HistoryEntry.objects.filter(user=minor).exists()


def test_the_admin_action_refuses_accounts_that_are_not_restricted_minors(client, minor):
    # given
    adult = UserFactory(date_of_birth=ADULT_BIRTHDAY)
    consented = UserFactory(date_of_birth=MINOR_BIRTHDAY)
    GuardianConsent.objects.create(
        user=consented, status=GuardianConsentStatus.CONFIRMED, method=GuardianConsentMethod.STAFF, evidence="Form"
    )
    client.force_login(StaffFactory())

    # when
    only_refused = _erase_action(client, adult, consented, confirm=False)
    mixed = _erase_action(client, minor, adult, confirm=True)

    # then
    assert "This cannot be undone" not in only_refused.content.decode()
    assert f"None of the selected accounts is a minor without guardian consent: #{adult.pk}, #{consented.pk}." in (
        only_refused.content.decode()
    )
    assert f"Not erased, not a minor without guardian consent: #{adult.pk}." in mixed.content.decode()
    assert User.objects.get(pk=adult.pk).is_active
    assert User.objects.get(pk=consented.pk).is_active
    assert not User.objects.get(pk=minor.pk).is_active


def test_the_erasure_service_checks_the_restriction_itself(minor):
    # given
    adult = UserFactory(date_of_birth=ADULT_BIRTHDAY)

    # when
    with pytest.raises(NotARestrictedMinor):
        minor_erase_unconsented_data(user_id=adult.pk)
    minor_erase_unconsented_data(user_id=minor.pk)

    # then: once erased, the account is no longer a minor's, and a second erasure is refused
    assert User.objects.get(pk=adult.pk).is_active
    with pytest.raises(NotARestrictedMinor):
        minor_erase_unconsented_data(user_id=minor.pk)


def test_the_link_starts_with_the_sites_address(minor):
    # when
    guardian_consent_request(
        user=minor, guardian_email="parent@example.com", guardian_name="", site_url="https://shop.example/"
    )

    # then
    assert mail.outbox[-1].body.count("https://shop.example/privacy/guardian/confirm/") == 1
