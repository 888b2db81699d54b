"""The user admin works with the email-only user model (no username anywhere)."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_changelist_lists_users_and_searches_by_email(staff_client):
    # given
    UserFactory(email="findme@example.com")
    UserFactory(email="other@example.com")

    # when
    listing = staff_client.get(reverse("admin:accounts_user_changelist"))
    search = staff_client.get(reverse("admin:accounts_user_changelist"), {"q": "FindMe@example.com"})
    fragment = staff_client.get(reverse("admin:accounts_user_changelist"), {"q": "findme"})

    # then
    assert listing.status_code == 200
    assert b"o***@example.com" in listing.content
    assert b"other@example.com" not in listing.content
    assert search.status_code == 200
    assert b"f***@example.com" in search.content
    assert b"o***@example.com" not in search.content
    # a fragment of an address finds no one: the search box cannot list or guess personal data
    assert list(fragment.context["cl"].result_list) == []


def test_change_page_renders_without_a_username_field(staff_client):
    # given
    user = UserFactory(email="shopper@example.com")

    # when
    response = staff_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    # then
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "username" not in form.fields
    assert "is_active" in form.fields
    # email and nickname are personal: shown masked and read-only unless revealed for editing
    assert not {"email", "nickname"} & set(form.fields)
    assert b"s***@example.com" in response.content
    assert b'name="username"' not in response.content


def test_add_page_creates_a_user_from_email_and_password(staff_client):
    # given
    url = reverse("admin:accounts_user_add")
    assert staff_client.get(url).status_code == 200

    # when
    response = staff_client.post(
        url,
        {"email": "added@example.com", "password1": "an-admin-set-passphrase", "password2": "an-admin-set-passphrase"},
    )

    # then
    assert response.status_code == 302
    user = User.objects.get(email="added@example.com")
    assert user.check_password("an-admin-set-passphrase")
    assert not user.is_staff


def test_non_staff_cannot_open_the_user_admin(client):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(reverse("admin:accounts_user_changelist"))

    # then
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
