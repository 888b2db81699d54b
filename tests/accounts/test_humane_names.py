"""People are named as people: never "User #N" in pages, emails or the admin; emails carry the shop's name and
absolute links."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s]+|(?<![\w/])/[a-z][\w/.-]*/")


def test_a_user_reads_as_a_masked_nickname_or_masked_email():
    assert str(UserFactory(nickname="Mei", email="mei@example.com")) == "M*"
    assert str(UserFactory(nickname="", email="alice@example.com")) == "a***@example.com"


def test_account_emails_name_the_shop_use_absolute_links_and_no_user_number(client, settings):
    # given
    settings.SHOP_NAME = "PrivaShop"
    settings.SHOP_SITE_URL = "https://shop.example.com"
    user = UserFactory(email="forgetful@example.com", nickname="")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    # when
    client.post(reverse("account_reset_password"), {"email": user.email})

    # then
    message = mail.outbox[-1]
    assert message.subject.startswith("PrivaShop: ")
    assert "127.0.0.1" not in message.subject and "[" not in message.subject
    assert "User #" not in message.body
    assert "Hello from PrivaShop!" in message.body
    assert "https://shop.example.com" in message.body
    links = LINK.findall(message.body)
    assert links and all(link.startswith("http") for link in links), links
