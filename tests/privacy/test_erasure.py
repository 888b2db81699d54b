"""Erasing a user's personal data, driven by the registry (A8, D4, E3): identity gone, login impossible,
proof kept in pseudonymous form, behaviour data deleted, idempotent, constant query count."""

from datetime import date

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import connection, models
from django.db.models import TextField
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from privacy import registry
from privacy.encryption import EncryptedFieldMixin
from privacy.errors import ErasureBlocked, ErasureUserNotFound
from privacy.hashing import keyed_hash
from privacy.models import (
    Channel,
    ConsentRecord,
    DisclosureRecord,
    ExportJob,
    ExportStatus,
    GuardianConsent,
    GuardianConsentMethod,
    GuardianConsentStatus,
    PolicyAcceptance,
)
from privacy.pseudonyms import user_ref_for
from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, Registry
from privacy.selectors.proof import proof_claim_matches
from privacy.services.consent import consent_set
from privacy.services.erasure import erasure_order, user_erase_personal_data
from shop.models import Cart, CartItem, HistoryEntry
from tests.accounts.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from tests.privacy.factories import PolicyVersionFactory
from tests.shop.factories import CartFactory, CartItemFactory, HistoryEntryFactory, ProductVariantFactory
from tests.testapp.models import Customer, CustomerNote

pytestmark = pytest.mark.django_db

EMAIL = "minnie.erasable@example.com"
NICKNAME = "MinnieQuux"
DATE_OF_BIRTH = date(2001, 2, 3)
GUARDIAN_EMAIL = "guardian.erasable@example.com"


def _text_columns_containing(value: str) -> list[str]:
    """Every ``model.field`` of every installed model whose stored text contains ``value``."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, EncryptedFieldMixin):
                continue
            rows = model._base_manager.all()
            if isinstance(model_field, models.JSONField):
                rows = rows.alias(_text=Cast(model_field.name, TextField())).filter(_text__icontains=value)
            elif isinstance(model_field, models.CharField | models.TextField):
                rows = rows.filter(**{f"{model_field.name}__icontains": value})
            else:
                continue
            if rows.exists():
                found.append(f"{model._meta.label}.{model_field.name}")
    return found


def _date_columns_holding(value: date) -> list[str]:
    found = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if (
                type(model_field) is models.DateField
                and model._base_manager.filter(**{model_field.name: value}).exists()
            ):
                found.append(f"{model._meta.label}.{model_field.name}")
    return found


@pytest.fixture
def shopper(accepting_user):
    """A user with data in every corner: login identity, cart, history, consents, proofs, a guardian."""
    user = accepting_user
    get_user_model().objects.filter(pk=user.pk).update(email=EMAIL, nickname=NICKNAME, date_of_birth=DATE_OF_BIRTH)
    user.refresh_from_db()
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    CartItemFactory.create_batch(2, cart=CartFactory(user=user))
    HistoryEntryFactory.create_batch(3, user=user)
    HistoryEntryFactory(user=user, kind="search", query=f"gift for {NICKNAME}", product=None)
    consent_set(
        user=user, changes={"personalisation": True}, ip_address="192.0.2.1", user_agent="pytest", channel=Channel.WEB
    )
    GuardianConsent.objects.create(
        user=user,
        guardian_name="Gus Guardian",
        guardian_email=GUARDIAN_EMAIL,
        status=GuardianConsentStatus.CONFIRMED,
        method=GuardianConsentMethod.STAFF,
        evidence=f"Signed form for {NICKNAME}",
    )
    DisclosureRecord.objects.create(
        user=user, recipient="Demo Carrier", recipient_ref="carrier:demo", purpose="Delivery", fields=["name"]
    )
    return user


def _fill(user, rows: int) -> None:
    cart = CartFactory(user=user)
    for _ in range(rows):
        CartItemFactory(cart=cart, variant=ProductVariantFactory())
    HistoryEntryFactory.create_batch(rows, user=user)


# --- what erasure leaves ------------------------------------------------------------------------


def test_the_users_identity_is_gone_from_every_table(shopper):
    # given
    assert _text_columns_containing(EMAIL)
    assert _text_columns_containing(NICKNAME)

    # when
    user_erase_personal_data(user_id=shopper.pk)

    # then
    assert _text_columns_containing(EMAIL) == []
    assert _text_columns_containing(NICKNAME) == []
    assert _text_columns_containing(GUARDIAN_EMAIL) == []
    assert _text_columns_containing("Gus Guardian") == []
    assert _date_columns_holding(DATE_OF_BIRTH) == []


def test_the_user_row_stays_anonymous_and_inactive(shopper):
    # when
    user_erase_personal_data(user_id=shopper.pk)

    # then
    user = get_user_model().objects.get(pk=shopper.pk)
    assert user.email == f"deleted-{shopper.pk}@invalid.invalid"
    assert user.nickname == ""
    assert user.date_of_birth is None
    assert user.last_login is None
    assert user.is_active is False
    assert not user.has_usable_password()
    assert user.date_joined == shopper.date_joined


def test_login_is_impossible_afterwards(client, shopper):
    # when
    user_erase_personal_data(user_id=shopper.pk)

    # then
    assert client.login(email=EMAIL, password=DEFAULT_PASSWORD) is False
    response = APIClient().post(
        "/_allauth/app/v1/auth/login", {"email": EMAIL, "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert not EmailAddress.objects.filter(user=shopper).exists()


def test_behaviour_data_is_deleted_and_proof_is_kept_pseudonymously(shopper):
    # given
    acceptances = list(PolicyAcceptance.objects.filter(user=shopper).values_list("pk", "user_ref"))
    consents = list(ConsentRecord.objects.filter(user=shopper).values_list("pk", "user_ref"))

    # when
    summary = user_erase_personal_data(user_id=shopper.pk)

    # then
    assert not HistoryEntry.objects.filter(user=shopper).exists()
    assert not Cart.objects.filter(user=shopper).exists()
    assert not CartItem.objects.exists()
    assert list(PolicyAcceptance.objects.filter(user=shopper).values_list("pk", "user_ref")) == acceptances
    assert list(ConsentRecord.objects.filter(user=shopper).values_list("pk", "user_ref")) == consents
    assert acceptances[0][1] == user_ref_for(shopper.pk)
    assert DisclosureRecord.objects.get().user_id == shopper.pk
    guardian = GuardianConsent.objects.get(user=shopper)
    assert (guardian.guardian_name, guardian.guardian_email, guardian.evidence) == ("", "", "")
    assert guardian.status == GuardianConsentStatus.CONFIRMED
    assert summary.deleted == {
        "account.EmailAddress": 1,
        "shop.Cart": 1,
        "shop.CartItem": 2,
        "shop.HistoryEntry": 4,
    }
    assert summary.anonymised == {
        "accounts.User": 1,
        "privacy.ConsentRecord": 1,
        "privacy.GuardianConsent": 1,
        "privacy.PolicyAcceptance": 1,
    }


@pytest.mark.promise("B4")
def test_proof_keeps_only_keyed_hashes_of_ip_address_and_browser_and_a_claim_can_still_be_checked(shopper):
    # given
    acceptance = PolicyAcceptance.objects.get(user=shopper)
    consent = ConsentRecord.objects.get(user=shopper)

    # when
    user_erase_personal_data(user_id=shopper.pk)

    # then: nothing readable is left, but what was claimed can be proven (and a wrong claim refuted)
    acceptance.refresh_from_db()
    consent.refresh_from_db()
    assert (acceptance.ip_address, acceptance.user_agent) == (keyed_hash("203.0.113.1"), keyed_hash("pytest"))
    assert (consent.ip_address, consent.user_agent) == (keyed_hash("192.0.2.1"), keyed_hash("pytest"))
    assert acceptance.version_id and acceptance.body_digest and acceptance.accepted_at
    assert proof_claim_matches(acceptance, ip_address="203.0.113.1", user_agent="pytest")
    assert proof_claim_matches(consent, ip_address="192.0.2.1")
    assert not proof_claim_matches(acceptance, ip_address="203.0.113.2")
    assert not proof_claim_matches(consent, user_agent="Mozilla/5.0")


def test_erasing_twice_changes_nothing_more(shopper):
    # given
    user_erase_personal_data(user_id=shopper.pk)
    user_after_first = get_user_model().objects.filter(pk=shopper.pk).values().get()

    # when
    second = user_erase_personal_data(user_id=shopper.pk)

    # then
    assert second.changed is False
    assert second.deleted == {}
    assert second.anonymised == {}
    assert get_user_model().objects.filter(pk=shopper.pk).values().get() == user_after_first


def test_other_users_are_untouched(shopper):
    # given
    other = UserFactory(nickname="Bystander", date_of_birth=DATE_OF_BIRTH)
    HistoryEntryFactory(user=other)
    CartItemFactory(cart=CartFactory(user=other))

    # when
    user_erase_personal_data(user_id=shopper.pk)

    # then
    other.refresh_from_db()
    assert (other.nickname, other.date_of_birth, other.is_active) == ("Bystander", DATE_OF_BIRTH, True)
    assert other.has_usable_password()
    assert HistoryEntry.objects.filter(user=other).count() == 1
    assert CartItem.objects.filter(cart__user=other).count() == 1


def test_the_query_count_does_not_grow_with_the_rows(django_assert_num_queries):
    # given
    small, large = UserFactory(), UserFactory()
    _fill(small, 10)
    _fill(large, 200)
    with CaptureQueriesContext(connection) as small_run:
        user_erase_personal_data(user_id=small.pk)

    # then
    with django_assert_num_queries(len(small_run.captured_queries)):
        summary = user_erase_personal_data(user_id=large.pk)
    assert summary.deleted["shop.HistoryEntry"] == 200
    assert summary.deleted["shop.CartItem"] == 200


def test_an_unknown_user_is_refused():
    # when
    with pytest.raises(ErasureUserNotFound) as error:
        user_erase_personal_data(user_id=987654)

    # then
    assert error.value.code == "user_not_found"


# --- sessions -----------------------------------------------------------------------------------


def _app_token(email: str) -> str:
    response = APIClient().post(
        "/_allauth/app/v1/auth/login", {"email": email, "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()["meta"]["session_token"]


def test_every_session_of_the_user_is_ended(client, shopper):
    # given: a browser session and an app token, both signed in through allauth
    response = client.post("/accounts/login/", {"login": EMAIL, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    token = _app_token(EMAIL)
    other = UserFactory()
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    other_token = _app_token(other.email)
    keys = list(UserSession.objects.filter(user=shopper).values_list("session_key", flat=True))
    assert len(keys) == 2

    # when
    summary = user_erase_personal_data(user_id=shopper.pk)

    # then
    assert summary.sessions_ended == 2
    assert summary.deleted["usersessions.UserSession"] == 2
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert APIClient().get("/api/v1/privacy/consents/", HTTP_X_SESSION_TOKEN=token).status_code == 401
    assert APIClient().get("/api/v1/privacy/consents/", HTTP_X_SESSION_TOKEN=other_token).status_code == 200
    assert client.get("/api/v1/privacy/consents/").status_code == 403


def test_a_session_allauth_did_not_record_cannot_be_used_either(client, shopper):
    # given: Django's own login, which usersessions does not see
    client.force_login(shopper)
    assert client.get("/api/v1/privacy/consents/").status_code == 200

    # when
    user_erase_personal_data(user_id=shopper.pk)

    # then
    assert client.get("/api/v1/privacy/consents/").status_code == 403


# --- files --------------------------------------------------------------------------------------


def test_stored_export_files_are_deleted_once_the_erasure_commits(shopper, django_capture_on_commit_callbacks):
    # given
    job = ExportJob.objects.create(user=shopper, status=ExportStatus.READY)
    job.file.save("export.json", ContentFile(b'{"email": "x"}'))
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        summary = user_erase_personal_data(user_id=shopper.pk)

    # then
    assert summary.deleted["privacy.ExportJob"] == 1
    assert not storage.exists(name)


# --- the machine, on test models ----------------------------------------------------------------


def _field(name, anonymise, **overrides):
    values = {"category": Category.IDENTITY, "label": name, "mask": Mask.FULL, "anonymise": anonymise}
    return PersonalField(name, **(values | overrides))


def _test_declarations() -> list[PersonalModel]:
    site = Registry()
    site.register(
        PersonalModel(
            model="testapp.Customer",
            owner="user",
            retention="customer",
            on_erase=OnErase.ANONYMISE_FIELDS,
            fields=[
                _field("user", Anonymise.keep(reason="Kept to test KEEP.")),
                _field("name", Anonymise.KEYED_HASH),
                _field("phone", Anonymise.constant("erased-{pk}")),
                _field("notes", Anonymise.NULL),
                _field("code", Anonymise.constant("anon-{pk}")),
            ],
        )
    )
    site.register(
        PersonalModel(
            model="testapp.CustomerNote",
            owner="customer__user",
            retention="customer",
            on_erase=OnErase.DELETE_ROW,
            fields=[_field("body", Anonymise.DELETE_ROW, category=Category.CONTENT)],
        )
    )
    return [*site.declarations(), registry.for_model(get_user_model())]


def test_each_rule_is_applied_to_the_test_models_including_encrypted_fields():
    # given
    user = UserFactory()
    customer = Customer.objects.create(user=user, name="Carla", phone="+8613812345678", notes="Secret", code="C1")
    CustomerNote.objects.create(customer=customer, body="Likes green")
    bystander = Customer.objects.create(user=UserFactory(), name="Bea", phone="+8613900000000", code="C2")

    # when
    summary = user_erase_personal_data(user_id=user.pk, personal_models=_test_declarations())

    # then
    customer.refresh_from_db()
    assert customer.user_id == user.pk
    assert customer.name == keyed_hash("Carla")
    assert customer.phone == f"erased-{customer.pk}"
    assert customer.notes is None
    assert customer.code == f"anon-{customer.pk}"
    assert not CustomerNote.objects.exists()
    bystander.refresh_from_db()
    assert (bystander.name, bystander.phone, bystander.code) == ("Bea", "+8613900000000", "C2")
    assert summary.deleted == {"testapp.CustomerNote": 1}
    assert summary.anonymised == {"accounts.User": 1, "testapp.Customer": 1}


def test_row_by_row_rules_are_idempotent_too():
    # given
    user = UserFactory()
    customer = Customer.objects.create(user=user, name="Carla", phone="+8613812345678", code="C1")
    personal_models = _test_declarations()
    user_erase_personal_data(user_id=user.pk, personal_models=personal_models)

    # when
    second = user_erase_personal_data(user_id=user.pk, personal_models=personal_models)

    # then: a keyed hash is not hashed again
    customer.refresh_from_db()
    assert customer.name == keyed_hash("Carla")
    assert second.changed is False


def test_encrypted_blank_and_constant_fields_use_plain_values_that_get_encrypted():
    # given
    site = Registry()
    site.register(
        PersonalModel(
            model="testapp.Customer",
            owner="user",
            retention="customer",
            on_erase=OnErase.ANONYMISE_FIELDS,
            fields=[_field("phone", Anonymise.BLANK), _field("notes", Anonymise.constant("erased"))],
        )
    )
    user = UserFactory()
    customer = Customer.objects.create(user=user, phone="+8613812345678", notes="Secret")

    # when
    first = user_erase_personal_data(user_id=user.pk, personal_models=site.declarations())
    second = user_erase_personal_data(user_id=user.pk, personal_models=site.declarations())

    # then
    customer.refresh_from_db()
    assert (customer.phone, customer.notes) == ("", "erased")
    raw_notes = Customer.objects.filter(pk=customer.pk).values_list(Cast("notes", TextField()), flat=True).get()
    assert raw_notes != "erased"
    assert first.anonymised == {"accounts.User": 1, "testapp.Customer": 1}
    assert second.changed is False


def test_a_delete_blocked_by_a_protected_reference_is_refused_and_nothing_is_erased():
    # given: a declaration that would delete a published policy version, which acceptances protect
    staff = StaffFactory(nickname="Publisher")
    version = PolicyVersionFactory(published_by=staff)
    PolicyAcceptance.objects.create(
        user=UserFactory(), version=version, body_digest=version.body_digest, channel=Channel.WEB
    )
    HistoryEntryFactory(user=staff)
    site = Registry()
    site.register(
        PersonalModel(
            model="privacy.PolicyVersion",
            owner="published_by",
            retention="consent_proof",
            on_erase=OnErase.DELETE_ROW,
            fields=[_field("published_by", Anonymise.DELETE_ROW, mask=Mask.NONE)],
        )
    )
    personal_models = [*site.declarations(), registry.for_model("shop.HistoryEntry")]

    # when
    with pytest.raises(ErasureBlocked) as error:
        user_erase_personal_data(user_id=staff.pk, personal_models=personal_models)

    # then
    assert error.value.as_dict()["protected_by"] == ["privacy.PolicyAcceptance"]
    staff.refresh_from_db()
    assert (staff.nickname, staff.is_active) == ("Publisher", True)
    assert HistoryEntry.objects.filter(user=staff).exists()


def test_rows_are_erased_before_the_rows_their_owner_path_runs_through():
    # when
    order = [declaration.model for declaration in erasure_order(registry.declarations())]

    # then
    assert order.index("shop.CartItem") < order.index("shop.Cart")
    assert order.index("account.EmailConfirmation") < order.index("account.EmailAddress")
    assert order.index("socialaccount.SocialToken") < order.index("socialaccount.SocialAccount")
    assert "accounts.User" in order
