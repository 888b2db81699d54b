"""The website's disclosure log page (C3)."""

import pytest

from privacy.services.disclosure import disclosure_record
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/privacy/disclosures/"


def _disclose(user, reference: str, recipient: str = "SF Express") -> None:
    disclosure_record(
        user_id=user.pk,
        recipient=recipient,
        recipient_ref="carrier:sf-express",
        purpose="Deliver the order",
        fields=["recipient_name", "phone"],
        reference=reference,
    )


def test_the_page_lists_the_users_own_disclosures(client):
    # given
    user, other = UserFactory(), UserFactory()
    _disclose(user, "PS-1001")
    _disclose(other, "PS-2002", recipient="Faraway Logistics")
    client.force_login(user)

    # when
    response = client.get(PAGE)

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "PS-1001" in body
    assert "SF Express" in body
    assert "Phone number, Recipient&#x27;s name" in body  # the fields as a person reads them
    assert "PS-2002" not in body
    assert "Faraway Logistics" not in body


def test_an_empty_log_says_nothing_was_shared(client):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(PAGE)

    # then
    assert "Nothing of your data has been shared with anyone." in response.content.decode()


def test_the_page_is_paginated(client):
    # given
    user = UserFactory()
    for n in range(25):
        _disclose(user, f"PS-{n:04d}")
    client.force_login(user)

    # when
    first = client.get(PAGE)
    second = client.get(PAGE, {"page": 2})

    # then
    assert first.content.decode().count("<tr>") == 21
    assert second.content.decode().count("<tr>") == 6
    assert 'rel="next"' in first.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    # when
    response = client.get(PAGE)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
