"""Every screen of the real admin site, third-party admins included, shows personal data masked (F2) and reveals it
only with the permission and an access-log entry (F3); the admin's own change history holds none (D4).

The walk is over ``admin.site``'s registry as the project builds it, so an admin registered later (by a new app or
a new dependency) is walked too, without anyone listing it here.
"""

import re

import pytest
from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from orders.models import Address, Carrier
from orders.services.logistics import carrier_save
from privacy.admin.checks import check_admins_mask_personal_data, unmasked_admins
from privacy.admin.masking import PiiMaskedAdminMixin
from privacy.models import PiiAccessLog
from privacy.services.admin_history import ERASED_OBJECT_TEXT
from privacy.services.erasure import user_erase_personal_data
from privacy.services.pii_access import revealable_fields
from tests.accounts.factories import StaffFactory, UserFactory
from tests.privacy.everywhere import EMAIL, IDENTIFIERS, PHONE, TOTP_SECRET, person_everywhere

pytestmark = pytest.mark.django_db

NEVER_SHOWN = (*IDENTIFIERS, TOTP_SECRET)
ROWS_PER_ADMIN = 4


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


_SEARCH_ECHO = re.compile(r'<input[^>]*name="q"[^>]*>|(_changelist_filters=|[?&;]q=)[^"&]*')


def _leaks(html: str) -> list[str]:
    """Identifiers readable in ``html``; the search box and links echoing what staff typed do not count."""
    html = _SEARCH_ECHO.sub("", html).lower()
    return [value for value in NEVER_SHOWN if value.lower() in html]


@pytest.fixture
def carrier():
    return carrier_save(
        carrier=Carrier(name="Quick Parcel", slug="quick", api_base_url="https://carrier.test/api"),
        webhook_secret="s" * 32,
    )


@pytest.fixture
def merchant():
    return StaffFactory()


@pytest.fixture
def filled(accepting_user, carrier, merchant):
    return person_everywhere(accepting_user, carrier)


@pytest.mark.promise("F2")
def test_every_admin_of_a_model_with_masked_fields_goes_through_the_masking_machinery():
    # when
    offenders = unmasked_admins(admin.site)

    # then
    assert offenders == []
    assert check_admins_mask_personal_data() == []


def test_the_walk_notices_a_third_party_admin_registered_as_it_comes():
    # given: allauth's own email address admin, as allauth registers it
    site = admin.AdminSite(name="plain")
    site.register(EmailAddress, EmailAddressAdmin)

    # when
    offenders = unmasked_admins(site)

    # then
    assert offenders == ["account.EmailAddress: EmailAddressAdmin"]


def test_the_system_check_refuses_a_third_party_admin_that_bypasses_the_masking(monkeypatch):
    # given: allauth's own admin put back on the project's site
    monkeypatch.setitem(admin.site._registry, EmailAddress, EmailAddressAdmin(EmailAddress, admin.site))

    # when
    errors = check_admins_mask_personal_data()

    # then
    assert [error.id for error in errors] == ["privacy.E103"]
    assert "account.EmailAddress: EmailAddressAdmin" in errors[0].msg


@pytest.mark.promise("F2")
def test_every_admin_screen_shows_the_persons_data_masked_even_to_a_superuser(client, filled, merchant):
    # given
    client.force_login(merchant)
    pages: dict[str, str] = {"index": client.get(reverse("admin:index")).content.decode()}
    failures = []

    # when: every changelist, searches, and the change, history and deletion pages of its rows
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label):
        changelist = _url(model, "changelist")
        for query in ({}, {"q": EMAIL}, {"q": PHONE}, {"q": "rosalind"}):
            response = client.get(changelist, query)
            if response.status_code != 200:
                failures.append(f"{changelist} {query}: {response.status_code}")
                continue
            pages[f"{changelist} {query}"] = response.content.decode()
        rows = list(model_admin.get_queryset(client.get(changelist).wsgi_request).order_by("-pk")[:ROWS_PER_ADMIN])
        for row in rows:
            for view in ("change", "history", "delete"):
                try:
                    url = _url(model, view, quote(row.pk))
                except NoReverseMatch:
                    continue
                response = client.get(url)
                if view == "delete" and response.status_code == 403:
                    continue  # records nobody may delete by hand
                if response.status_code != 200:
                    failures.append(f"{url}: {response.status_code}")
                    continue
                pages[url] = response.content.decode()

    # then: every page answered, and no page holds a readable identifier or a secret
    assert failures == []
    assert len(pages) > 4 * len(admin.site._registry)
    leaks = {url: found for url, html in pages.items() if (found := _leaks(html))}
    assert leaks == {}
    assert "r***@example.com" in "".join(pages.values())


@pytest.mark.promise("F3")
def test_staff_find_a_person_by_exact_email_or_phone_only_and_see_the_result_masked(client, filled, merchant):
    # given
    client.force_login(merchant)
    users, addresses, emails = (_url(model, "changelist") for model in (filled.user.__class__, Address, EmailAddress))

    # when
    by_email = client.get(users, {"q": EMAIL.upper()})
    login_email = client.get(emails, {"q": EMAIL})
    by_phone = client.get(addresses, {"q": "139 1234 5678"})
    fragments = [
        client.get(users, {"q": "rosalind"}),
        client.get(emails, {"q": "@example.com"}),
        client.get(addresses, {"q": "1391234"}),
    ]

    # then
    assert list(by_email.context["cl"].result_list) == [filled.user]
    assert [row.user_id for row in login_email.context["cl"].result_list] == [filled.user.pk]
    assert [row.user_id for row in by_phone.context["cl"].result_list] == [filled.user.pk]
    assert all(list(page.context["cl"].result_list) == [] for page in fragments)
    for page in (by_email, login_email, by_phone):
        assert _leaks(page.content.decode()) == []


@pytest.mark.promise("F3")
def test_every_reveal_needs_the_permission_and_writes_one_access_log_entry(client, filled, merchant):
    # given: staff who may view every model but not reveal, and the merchant (who may reveal)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(codename__startswith="view_").exclude(codename="view_unmasked_pii")
    )
    revealable = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, PiiMaskedAdminMixin) and revealable_fields(model)
    ]
    checked = 0

    for model, model_admin in revealable:
        row = model_admin.get_queryset(client.get(reverse("admin:index")).wsgi_request).order_by("-pk").first()
        if row is None:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_pii_reveal", args=[quote(row.pk)])
        # when / then: refused without the permission, and nothing logged
        client.force_login(viewer)
        assert client.post(url, {"reason": "ticket 7"}).status_code == 403, model._meta.label
        assert not PiiAccessLog.objects.filter(object_id=str(row.pk), staff=viewer).exists()
        # when / then: shown with it, one entry per reveal
        client.force_login(merchant)
        before = PiiAccessLog.objects.count()
        response = client.post(url, {"reason": "ticket 7"})
        assert response.status_code == 200, model._meta.label
        assert PiiAccessLog.objects.count() == before + 1
        assert TOTP_SECRET not in response.content.decode()
        checked += 1

    assert checked >= 12


@pytest.mark.promise("F2")
def test_admin_history_and_messages_hold_the_object_text_masked(client, filled, merchant):
    # given
    client.force_login(merchant)
    address = EmailAddress.objects.get(user=filled.user)

    # when: staff mark the login email verified from allauth's (re-registered) admin
    response = client.post(
        _url(EmailAddress, "change", address.pk), {"user": filled.user.pk, "verified": "on", "primary": "on"}
    )
    index = client.get(reverse("admin:index"))

    # then
    assert response.status_code == 302
    entry = LogEntry.objects.filter(object_id=str(address.pk)).latest("action_time")
    assert entry.object_repr == "r***@example.com"
    assert EMAIL not in index.content.decode()
    assert EMAIL not in response.cookies.get("messages", "").__str__()


@pytest.mark.promise("D4")
def test_erasure_scrubs_the_change_history_of_the_users_objects(filled, merchant):
    # given: entries written by Django's plain admin (clear text) about the user's login email and account
    email_address = EmailAddress.objects.get(user=filled.user)
    for obj in (email_address, filled.user):
        LogEntry.objects.log_actions(user_id=merchant.pk, queryset=[obj], action_flag=CHANGE, single_object=True)
    about_user = LogEntry.objects.exclude(user=merchant, object_repr__startswith="Erased")
    assert about_user.filter(object_repr=EMAIL).exists()

    # when
    summary = user_erase_personal_data(user_id=filled.user.pk)

    # then: who acted and when stays; the object text and message are gone
    assert summary.anonymised["admin.LogEntry"] == 2
    assert set(LogEntry.objects.values_list("object_repr", "change_message")) == {(ERASED_OBJECT_TEXT, "")}
    assert set(LogEntry.objects.values_list("user_id", flat=True)) == {merchant.pk}
