"""Personal fields are masked wherever the admin shows them, superusers included (promise F2).

The user admin is the real one (``accounts.admin.UserAdmin``). A second, plain admin of the user model on
a test admin site (this module is also its URLconf) shows the mixin on an admin without fieldsets.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from unfold.sites import UnfoldAdminSite

from accounts.models import User
from config.urls import urlpatterns as project_urlpatterns
from privacy.admin.masking import EDIT_FORM_REASON, PiiMaskedAdminMixin
from privacy.models import PiiAccessLog
from tests.accounts.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CUSTOMER_EMAIL = "alice.liu@example.com"
MASKED_EMAIL = "a***@example.com"


class PlainUserAdmin(PiiMaskedAdminMixin, admin.ModelAdmin):
    """No fieldsets: Django derives the layout. One personal field is declared read-only, one excluded."""

    list_display = ("id", "email", "nickname")
    list_display_links = ("email",)
    readonly_fields = ("nickname",)
    exclude = ("password", "groups", "user_permissions", "date_of_birth")


# The project's admin site class (the theme's), as every admin of the project is served by one.
plain_site = UnfoldAdminSite(name="pii_plain_admin")
plain_site.register(User, PlainUserAdmin)
urlpatterns = [path("plain-admin/", plain_site.urls), path("", include(project_urlpatterns))]


def _staff(*perms: str) -> User:
    """A staff member (not a superuser) holding exactly ``perms`` ("app_label.codename")."""
    staff = UserFactory(is_staff=True)
    for perm in perms:
        app_label, codename = perm.split(".")
        staff.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return staff


def _change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


@pytest.fixture
def superuser_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def customer():
    return UserFactory(email=CUSTOMER_EMAIL, nickname="王小明")


@pytest.mark.promise("F2")
def test_user_changelist_shows_email_and_nickname_masked_even_to_a_superuser(superuser_client, customer):
    # when
    response = superuser_client.get(reverse("admin:accounts_user_changelist"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert CUSTOMER_EMAIL not in html
    assert "王小明" not in html
    assert MASKED_EMAIL in html
    assert "王*" in html
    assert "Email address" in html  # the masked column keeps the field's header


def test_search_by_full_email_finds_the_user_and_shows_it_masked(superuser_client, customer):
    # given
    UserFactory(email="other@example.com")

    # when
    response = superuser_client.get(reverse("admin:accounts_user_changelist"), {"q": CUSTOMER_EMAIL})

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [customer]
    assert MASKED_EMAIL in html
    assert "o***@example.com" not in html
    # the email column (the admin theme adds its own classes to the cell) holds the masked value
    assert re.search(
        rf'<td[^>]*class="[^"]*\bfield-masked_email\b[^"]*"[^>]*>\s*{re.escape(MASKED_EMAIL)}\s*</td>', html
    )


def test_masked_column_still_sorts_by_the_stored_value(superuser_client):
    # given
    zed = UserFactory(email="zed@example.com")
    amy = UserFactory(email="amy@example.com")

    # when
    response = superuser_client.get(reverse("admin:accounts_user_changelist"), {"o": "2"})

    # then
    assert response.context["cl"].list_display[2] == "masked_email"
    rows = list(response.context["cl"].result_list)
    assert rows.index(amy) < rows.index(zed)


def test_change_page_shows_personal_fields_masked_and_read_only(superuser_client, customer):
    # when
    response = superuser_client.get(_change_url(customer))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert CUSTOMER_EMAIL not in html
    assert "王小明" not in html
    assert MASKED_EMAIL in html
    form_fields = set(response.context["adminform"].form.fields)
    assert not {"email", "nickname"} & form_fields
    assert {"is_active", "password"} <= form_fields  # not personal, or masked by its own widget
    assert "Personal data is masked." in html
    assert not PiiAccessLog.objects.exists()


def test_a_posted_personal_value_is_ignored_outside_edit_mode(superuser_client, customer):
    # given
    data = {"is_active": "", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00", "email": "evil@example.com"}

    # when
    response = superuser_client.post(_change_url(customer), data)

    # then
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.email == CUSTOMER_EMAIL
    assert not customer.is_active


def test_staff_without_the_permission_asking_for_edit_mode_get_the_masked_form(client, customer):
    # given
    client.force_login(_staff("accounts.view_user", "accounts.change_user"))

    # when
    response = client.get(_change_url(customer), {"pii": "edit"})

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert CUSTOMER_EMAIL not in html
    assert "email" not in response.context["adminform"].form.fields
    assert "Reveal personal data" not in html
    assert "Edit personal data" not in html
    assert not PiiAccessLog.objects.exists()


def test_edit_mode_shows_values_logs_the_view_and_saves_a_corrected_email(client, customer):
    # given
    staff = _staff("accounts.view_user", "accounts.change_user", "privacy.view_unmasked_pii")
    client.force_login(staff)
    masked_page = client.get(_change_url(customer))
    edit_url = f"{_change_url(customer)}?pii=edit"

    # when
    page = client.get(edit_url)
    saved = client.post(
        edit_url,
        {
            "email": "alice.new@example.com",
            "nickname": "王小明",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )

    # then
    assert f'href="{edit_url}"' in masked_page.content.decode()
    assert CUSTOMER_EMAIL in page.content.decode()
    assert "email" in page.context["adminform"].form.fields
    log = PiiAccessLog.objects.get()
    assert (log.staff, log.object_id, log.fields, log.reason) == (
        staff,
        str(customer.pk),
        ["email", "nickname"],
        EDIT_FORM_REASON,
    )
    assert saved.status_code == 302
    customer.refresh_from_db()
    assert customer.email == "alice.new@example.com"
    assert PiiAccessLog.objects.count() == 1  # the successful save shows nothing, so logs nothing


def test_edit_mode_needs_the_change_permission(client, customer):
    # given
    client.force_login(_staff("accounts.view_user", "privacy.view_unmasked_pii"))

    # when
    response = client.get(_change_url(customer), {"pii": "edit"})

    # then
    assert response.status_code == 200
    assert CUSTOMER_EMAIL not in response.content.decode()
    assert not PiiAccessLog.objects.exists()


def test_password_page_does_not_show_the_email(superuser_client, customer):
    # when
    response = superuser_client.get(reverse("admin:auth_user_password_change", args=[customer.pk]))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert CUSTOMER_EMAIL not in html
    assert f'value="{MASKED_EMAIL}"' in html
    assert "Change password: 王*" in html
    assert "User #" not in html


def test_changelist_query_count_does_not_grow_with_rows(superuser_client, django_assert_max_num_queries):
    # given
    url = reverse("admin:accounts_user_changelist")
    UserFactory.create_batch(3)
    with django_assert_max_num_queries(8) as few_rows:
        superuser_client.get(url)
    UserFactory.create_batch(60)

    # when
    with django_assert_max_num_queries(8) as many_rows:
        response = superuser_client.get(url)

    # then
    assert response.status_code == 200
    assert len(many_rows.captured_queries) == len(few_rows.captured_queries)


@pytest.mark.urls(__name__)
def test_admin_without_fieldsets_masks_declared_and_read_only_fields_and_keeps_exclusions(client, customer):
    # given
    client.force_login(StaffFactory())

    # when
    listing = client.get(reverse("pii_plain_admin:accounts_user_changelist"))
    change = client.get(reverse("pii_plain_admin:accounts_user_change", args=[customer.pk]))

    # then
    listing_html, change_html = listing.content.decode(), change.content.decode()
    assert CUSTOMER_EMAIL not in listing_html
    assert f">{MASKED_EMAIL}</a>" in listing_html  # the linked column is the masked one
    assert change.status_code == 200
    assert CUSTOMER_EMAIL not in change_html
    assert "王小明" not in change_html
    assert MASKED_EMAIL in change_html
    assert "王*" in change_html
    assert "date_of_birth" not in change_html  # excluded by the admin: not brought back masked
    form_fields = set(change.context["adminform"].form.fields)
    assert not {"email", "nickname", "date_of_birth"} & form_fields
    assert "is_active" in form_fields


def test_system_check_refuses_personal_fields_in_list_editable_filters_and_date_hierarchy():
    # given
    class LeakyUserAdmin(PiiMaskedAdminMixin, admin.ModelAdmin):
        list_display = ("id", "email")
        list_editable = ("email",)
        list_filter = ("is_active", ("nickname", admin.AllValuesFieldListFilter))
        date_hierarchy = "date_of_birth"

    # when
    errors = LeakyUserAdmin(User, admin.AdminSite(name="leaky")).check()

    # then
    messages = [error.msg for error in errors if error.id.startswith("privacy.")]
    assert len(messages) == 3
    assert any("list_editable" in message and "'email'" in message for message in messages)
    assert any("list_filter" in message and "'nickname'" in message for message in messages)
    assert any("date_hierarchy" in message for message in messages)
