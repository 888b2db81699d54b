"""The disclosure log API (C3): what of one's data was shared, with whom, when, why; one's own only."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from privacy.services.disclosure import disclosure_record
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/privacy/disclosures/"


def _disclose(user, **overrides):
    values = {
        "user_id": user.pk,
        "recipient": "SF Express",
        "recipient_ref": "carrier:sf-express",
        "purpose": "Deliver order PS-1001",
        "fields": ["recipient_name", "phone", "street"],
        "reference": "PS-1001",
    }
    return disclosure_record(**(values | overrides))


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_the_user_sees_what_was_shared_with_whom_and_why():
    # given
    user = UserFactory()
    record = _disclose(user, cross_border=True)

    # when
    response = _client(user).get(URL)

    # then
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"] == [
        {
            "id": record.pk,
            "recipient": "SF Express",
            "purpose": "Deliver order PS-1001",
            "fields": ["phone", "recipient_name", "street"],
            "cross_border": True,
            "reference": "PS-1001",
            "outcome": "accepted",
            "created_at": record.created_at.isoformat().replace("+00:00", "Z"),
        }
    ]


def test_another_users_disclosures_never_appear():
    # given
    user, other = UserFactory(), UserFactory()
    _disclose(user)
    _disclose(other, recipient="Other Carrier", reference="PS-2002")

    # when
    response = _client(user).get(URL)

    # then
    assert [row["reference"] for row in response.json()["results"]] == ["PS-1001"]


def test_the_log_is_paginated_newest_first():
    # given
    user = UserFactory()
    now = timezone.now()
    for n in range(3):
        record = _disclose(user, reference=f"PS-{n}")
        record.created_at = now - timedelta(days=n)
        record.save(update_fields=["created_at"])

    # when
    first = _client(user).get(URL, {"page_size": 2})
    second = _client(user).get(URL, {"page_size": 2, "page": 2})

    # then
    assert first.json()["count"] == 3
    assert [row["reference"] for row in first.json()["results"]] == ["PS-0", "PS-1"]
    assert [row["reference"] for row in second.json()["results"]] == ["PS-2"]


def test_a_page_past_the_end_is_not_found():
    # when
    response = _client(UserFactory()).get(URL, {"page": 5})

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_anonymous_caller_is_refused():
    # when
    response = APIClient().get(URL)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


def test_the_query_count_does_not_grow_with_the_log(django_assert_max_num_queries):
    # given
    user = UserFactory()
    for n in range(15):
        _disclose(user, reference=f"PS-{n}")
    client = _client(user)

    # when / then (session, user, the policy gate, count, page)
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert len(response.json()["results"]) == 15
