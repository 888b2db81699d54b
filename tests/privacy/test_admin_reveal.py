"""Revealing personal data in the admin needs a permission and leaves an access log entry that no one,
not even a superuser, can change or delete (promise F3)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import User
from privacy.models import PiiAccessLog
from tests.accounts.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CUSTOMER_EMAIL = "alice.liu@example.com"
NOW = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)


def _staff(*perms: str) -> User:
    """A staff member (not a superuser) holding exactly ``perms`` ("app_label.codename")."""
    staff = UserFactory(is_staff=True)
    for perm in perms:
        app_label, codename = perm.split(".")
        staff.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return staff


def _reveal_url(user: User) -> str:
    return reverse("admin:accounts_user_pii_reveal", args=[user.pk])


def _change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def _log(*, staff: User, obj: User, fields: list[str], reason: str = "") -> PiiAccessLog:
    return PiiAccessLog.objects.create(
        staff=staff,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        fields=fields,
        reason=reason,
    )


@pytest.fixture
def customer():
    return UserFactory(email=CUSTOMER_EMAIL, nickname="王小明", date_of_birth=datetime.date(1990, 5, 17))


@pytest.fixture
def revealer():
    return _staff("accounts.view_user", "privacy.view_unmasked_pii")


@pytest.mark.promise("F3")
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_without_the_permission_get_403_and_no_log(client, customer, method):
    # given a staff member who may even change users, but not see them unmasked
    client.force_login(_staff("accounts.view_user", "accounts.change_user"))

    # when
    response = getattr(client, method)(_reveal_url(customer), {"reason": "curious"})

    # then
    assert response.status_code == 403
    assert CUSTOMER_EMAIL not in response.content.decode()
    assert not PiiAccessLog.objects.exists()


def test_the_permission_alone_does_not_open_a_model_the_staff_may_not_view(client, customer):
    # given
    client.force_login(_staff("privacy.view_unmasked_pii"))

    # when
    response = client.post(_reveal_url(customer))

    # then
    assert response.status_code == 403
    assert not PiiAccessLog.objects.exists()


def test_non_staff_are_sent_to_the_admin_login(client, customer):
    # given
    client.force_login(UserFactory())

    # when
    response = client.post(_reveal_url(customer))

    # then
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not PiiAccessLog.objects.exists()


def test_unknown_record_is_404(client, revealer):
    # given
    client.force_login(revealer)

    # when
    response = client.get(reverse("admin:accounts_user_pii_reveal", args=[987654]))

    # then
    assert response.status_code == 404


def test_change_page_offers_the_reveal_button_only_with_the_permission(client, customer, revealer):
    # given
    client.force_login(_staff("accounts.view_user"))
    without = client.get(_change_url(customer))
    client.force_login(revealer)

    # when
    with_permission = client.get(_change_url(customer))

    # then
    assert f'href="{_reveal_url(customer)}"' not in without.content.decode()
    assert f'href="{_reveal_url(customer)}"' in with_permission.content.decode()
    assert "Edit personal data" not in with_permission.content.decode()  # no change permission


def test_get_asks_for_confirmation_and_reveals_nothing(client, customer, revealer):
    # given
    client.force_login(revealer)

    # when
    response = client.get(_reveal_url(customer))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert CUSTOMER_EMAIL not in html
    assert "Email address" in html  # what would be revealed
    assert '<label for="id_reason">Reason:</label>' in html
    assert 'name="reason"' in html and "required" in html.split('name="reason"')[1].split(">")[0]
    assert not PiiAccessLog.objects.exists()


@pytest.mark.promise("F3")
@time_machine.travel(NOW, tick=False)
def test_post_reveals_the_values_and_logs_field_names_without_values(client, customer, revealer):
    # given
    client.force_login(revealer)

    # when
    response = client.post(_reveal_url(customer), {"reason": "Ticket 4711: delivery problem"})

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert CUSTOMER_EMAIL in html
    assert "王小明" in html
    assert "17 May 1990" in html  # the site's own date format (config/formats/en)
    assert "Password hash" not in html  # a secret is never revealed, not even to staff
    assert "no-store" in response["Cache-Control"]
    log = PiiAccessLog.objects.get()
    assert log.staff == revealer
    assert log.content_type == ContentType.objects.get_for_model(User)
    assert log.object_id == str(customer.pk)
    assert log.fields == ["avatar", "date_of_birth", "email", "nickname"]
    assert log.reason == "Ticket 4711: delivery problem"
    assert log.created_at == NOW
    stored = f"{log.fields} {log.reason} {log.object_id}"
    assert CUSTOMER_EMAIL not in stored
    assert "王小明" not in stored


def test_each_reveal_is_logged_and_superusers_are_logged_too(client, customer):
    # given
    superuser = StaffFactory()
    client.force_login(superuser)

    # when
    first = client.post(_reveal_url(customer), {"reason": "Ticket 1"})
    second = client.post(_reveal_url(customer), {"reason": "Ticket 2"})

    # then
    assert first.status_code == second.status_code == 200
    assert CUSTOMER_EMAIL in second.content.decode()
    assert list(PiiAccessLog.objects.order_by("pk").values_list("staff", "reason")) == [
        (superuser.pk, "Ticket 1"),
        (superuser.pk, "Ticket 2"),
    ]


@pytest.mark.promise("F3")
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_reveal_without_a_reason_is_refused_next_to_the_field_and_nothing_is_revealed(
    client, customer, revealer, reason
):
    # given
    client.force_login(revealer)

    # when
    response = client.post(_reveal_url(customer), {} if reason is None else {"reason": reason})

    # then
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert CUSTOMER_EMAIL not in response.content.decode()
    assert not PiiAccessLog.objects.exists()


def test_reveal_page_links_to_the_edit_form_for_staff_who_may_change(client, customer):
    # given
    client.force_login(_staff("accounts.view_user", "accounts.change_user", "privacy.view_unmasked_pii"))

    # when
    response = client.post(_reveal_url(customer), {"reason": "Ticket 9: wrong nickname"})

    # then
    assert f'href="{_change_url(customer)}?pii=edit"' in response.content.decode()


def test_an_over_long_reason_is_refused_next_to_the_field_and_nothing_is_revealed(client, customer, revealer):
    # given
    client.force_login(revealer)

    # when
    response = client.post(_reveal_url(customer), {"reason": "x" * 201})

    # then
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert CUSTOMER_EMAIL not in response.content.decode()
    assert not PiiAccessLog.objects.exists()


def test_superuser_can_read_the_access_log_but_never_add_change_or_delete(client, customer):
    # given
    superuser = StaffFactory()
    log = _log(staff=superuser, obj=customer, fields=["email"], reason="audit")
    client.force_login(superuser)
    change_url = reverse("admin:privacy_piiaccesslog_change", args=[log.pk])

    # when
    listing = client.get(reverse("admin:privacy_piiaccesslog_changelist"))
    detail = client.get(change_url)
    posted = client.post(change_url, {"reason": "rewritten"})
    deleted = client.post(reverse("admin:privacy_piiaccesslog_delete", args=[log.pk]), {"post": "yes"})
    added = client.get(reverse("admin:privacy_piiaccesslog_add"))
    bulk = client.post(
        reverse("admin:privacy_piiaccesslog_changelist"),
        {"action": "delete_selected", "_selected_action": [log.pk], "post": "yes"},
    )

    # then
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()
    assert detail.status_code == 200
    detail_html = detail.content.decode()
    assert 'name="_save"' not in detail_html
    assert "deletelink" not in detail_html
    assert posted.status_code == 403
    assert deleted.status_code == 403
    assert added.status_code == 403
    assert bulk.status_code in (200, 302)
    log.refresh_from_db()
    assert log.reason == "audit"
    assert PiiAccessLog.objects.count() == 1


def test_staff_holding_every_log_permission_still_cannot_change_or_delete(client, customer):
    # given
    staff = _staff(
        "privacy.view_piiaccesslog",
        "privacy.add_piiaccesslog",
        "privacy.change_piiaccesslog",
        "privacy.delete_piiaccesslog",
    )
    log = _log(staff=staff, obj=customer, fields=["email"])
    client.force_login(staff)

    # when
    posted = client.post(reverse("admin:privacy_piiaccesslog_change", args=[log.pk]), {"reason": "rewritten"})
    deleted = client.post(reverse("admin:privacy_piiaccesslog_delete", args=[log.pk]), {"post": "yes"})

    # then
    assert posted.status_code == deleted.status_code == 403
    assert PiiAccessLog.objects.get().reason == ""


def test_access_log_filters_by_staff_model_and_date(client, customer):
    # given
    superuser, other_staff = StaffFactory(), StaffFactory()
    with time_machine.travel(NOW, tick=False):
        by_superuser = _log(staff=superuser, obj=customer, fields=["email"])
    with time_machine.travel(NOW - datetime.timedelta(days=40), tick=False):
        by_other = _log(staff=other_staff, obj=customer, fields=["nickname"])
    url = reverse("admin:privacy_piiaccesslog_changelist")
    client.force_login(superuser)
    user_type = ContentType.objects.get_for_model(User)

    # when
    by_staff = client.get(url, {"staff__id__exact": other_staff.pk})
    by_model = client.get(url, {"content_type__id__exact": user_type.pk})
    by_date = client.get(url, {"created_at__year": 2026, "created_at__month": 3})

    # then
    assert list(by_staff.context["cl"].result_list) == [by_other]
    assert set(by_model.context["cl"].result_list) == {by_superuser, by_other}
    assert list(by_date.context["cl"].result_list) == [by_superuser]
