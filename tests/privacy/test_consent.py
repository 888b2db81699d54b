"""Consents to optional purposes: off by default, one switch each, withdrawal at once (A3, A6, D3)."""

import pytest
from rest_framework.test import APIClient

from privacy.errors import AppendOnlyRecord, UnknownPurpose
from privacy.models import Channel, ConsentRecord
from privacy.purposes import MARKETING, PERSONALISATION, PURPOSES
from privacy.selectors.consent import consent_is_granted, consent_state
from privacy.services.consent import consent_set
from tests.accounts.factories import UserFactory
from tests.privacy.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db

CONSENTS_API = "/api/v1/privacy/consents/"


def _set(user, **changes) -> dict[str, bool]:
    return consent_set(user=user, changes=changes, ip_address="192.0.2.1", user_agent="pytest", channel=Channel.API)


def test_every_purpose_is_off_until_the_user_switches_it_on():
    # given
    user = UserFactory()

    # when
    state = consent_state(user=user)

    # then
    assert state == {purpose.code: False for purpose in PURPOSES}
    assert {"personalisation", "marketing", "cross_border_transfer", "analytics_cookies"} == set(state)


@pytest.mark.promise("D3")
def test_granting_then_withdrawing_takes_effect_at_once():
    # given
    user = UserFactory()

    # when
    _set(user, personalisation=True)
    granted = consent_is_granted(user_id=user.pk, purpose=PERSONALISATION)
    _set(user, personalisation=False)
    withdrawn = consent_is_granted(user_id=user.pk, purpose=PERSONALISATION)

    # then
    assert granted is True
    assert withdrawn is False
    assert list(ConsentRecord.objects.order_by("id").values_list("granted", flat=True)) == [True, False]


@pytest.mark.promise("A6")
def test_only_changed_purposes_are_recorded_and_bound_to_the_policy_in_effect():
    # given
    version = PolicyVersionFactory()
    user = UserFactory()
    _set(user, marketing=True)

    # when
    state = _set(user, marketing=True, personalisation=False, cross_border_transfer=True)

    # then
    assert state[MARKETING] is True
    assert state["cross_border_transfer"] is True
    records = ConsentRecord.objects.order_by("id")
    assert [(r.purpose, r.granted) for r in records] == [("marketing", True), ("cross_border_transfer", True)]
    assert all(r.policy_version == version for r in records)
    assert all((r.ip_address, r.user_agent, r.channel) == ("192.0.2.1", "pytest", Channel.API) for r in records)


def test_one_users_choice_never_leaks_to_another():
    # given
    user, other = UserFactory(), UserFactory()

    # when
    _set(user, marketing=True)

    # then
    assert consent_is_granted(user_id=other.pk, purpose=MARKETING) is False


def test_consent_is_granted_costs_one_query(django_assert_num_queries):
    # given
    user = UserFactory()
    _set(user, personalisation=True)

    # when / then
    with django_assert_num_queries(1):
        assert consent_is_granted(user_id=user.pk, purpose=PERSONALISATION) is True


def test_an_unknown_purpose_is_refused_and_nothing_is_written():
    # given
    user = UserFactory()

    # when / then
    with pytest.raises(UnknownPurpose) as refused:
        _set(user, marketing=True, telepathy=True)
    assert refused.value.fields == {"telepathy": ["Unknown purpose."]}
    assert not ConsentRecord.objects.exists()
    with pytest.raises(UnknownPurpose):
        consent_is_granted(user_id=user.pk, purpose="telepathy")


def test_consent_records_are_append_only():
    # given
    user = UserFactory()
    _set(user, marketing=True)
    record = ConsentRecord.objects.get()

    # when / then
    record.granted = False
    with pytest.raises(AppendOnlyRecord):
        record.save()
    with pytest.raises(AppendOnlyRecord):
        ConsentRecord.objects.filter(pk=record.pk).update(granted=False)
    with pytest.raises(AppendOnlyRecord):
        record.delete()


def test_api_lists_each_purpose_with_its_description_and_state():
    # given
    user = UserFactory()
    _set(user, marketing=True)
    api = APIClient()
    api.force_authenticate(user)

    # when
    response = api.get(CONSENTS_API)

    # then
    assert response.status_code == 200
    rows = {row["purpose"]: row for row in response.json()}
    assert list(rows) == [purpose.code for purpose in PURPOSES]
    assert rows["marketing"]["granted"] is True
    assert rows["marketing"]["updated_at"] is not None
    assert rows["personalisation"] == {
        "purpose": "personalisation",
        "title": PURPOSES[0].title,
        "description": PURPOSES[0].description,
        "granted": False,
        "updated_at": None,
    }


def test_api_put_changes_the_named_purposes_and_answers_the_new_state():
    # given
    user = UserFactory()
    api = APIClient()
    api.force_authenticate(user)

    # when
    response = api.put(CONSENTS_API, {"personalisation": True, "marketing": False}, format="json")

    # then
    assert response.status_code == 200
    assert {row["purpose"]: row["granted"] for row in response.json()}["personalisation"] is True
    record = ConsentRecord.objects.get()
    assert (record.purpose, record.granted, record.channel) == ("personalisation", True, Channel.API)


@pytest.mark.parametrize(
    ("body", "code"),
    [({"telepathy": True}, "unknown_purpose"), ({"marketing": "perhaps"}, "invalid"), (["marketing"], "invalid")],
)
def test_api_put_refuses_bad_input(body, code):
    # given
    api = APIClient()
    api.force_authenticate(UserFactory())

    # when
    response = api.put(CONSENTS_API, body, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not ConsentRecord.objects.exists()


def test_api_consents_need_a_signed_in_user():
    # when
    response = APIClient().get(CONSENTS_API)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


def test_the_consents_page_has_one_switch_per_purpose_and_saves_choices(client):
    # given
    user = UserFactory()
    client.force_login(user)

    # when
    page = client.get("/privacy/consents/")
    saved = client.post("/privacy/consents/", {"personalisation": "on"})

    # then
    html = page.content.decode()
    for purpose in PURPOSES:
        assert f'name="{purpose.code}"' in html
        assert str(purpose.description) in html
    assert saved.status_code == 302
    assert consent_state(user=user)[PERSONALISATION] is True
    assert ConsentRecord.objects.get().channel == Channel.WEB


@pytest.mark.promise("D3")
def test_unticking_a_switch_on_the_page_withdraws_it(client):
    # given
    user = UserFactory()
    _set(user, personalisation=True, marketing=True)
    client.force_login(user)

    # when
    client.post("/privacy/consents/", {"marketing": "on"})

    # then
    assert consent_state(user=user)[PERSONALISATION] is False
    assert consent_state(user=user)[MARKETING] is True
