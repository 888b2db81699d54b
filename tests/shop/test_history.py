"""Search and browsing history: recorded only while the personalisation consent is on; listed and cleared
by its owner, on the website and the API (A4, D3)."""

import pytest
import time_machine
from rest_framework.test import APIClient

from privacy.services.consent import consent_set
from shop.models import HistoryEntry, HistoryKind
from shop.services.history import history_record_search, history_record_view
from tests.accounts.factories import UserFactory
from tests.shop.factories import HistoryEntryFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

HISTORY_API = "/api/v1/privacy/history/"
HISTORY_PAGE = "/privacy/history/"


def _personalisation(user, granted: bool) -> None:
    consent_set(
        user=user, changes={"personalisation": granted}, ip_address="192.0.2.1", user_agent="pytest", channel="web"
    )


def _api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _entries(user) -> list[tuple]:
    return list(HistoryEntry.objects.filter(user=user).order_by("id").values_list("kind", "query", "product__slug"))


@pytest.fixture
def product():
    return ProductVariantFactory(product=ProductFactory(title="Red shoes", slug="red-shoes")).product


# --- recording ----------------------------------------------------------------------------------


def test_with_consent_on_searches_and_views_are_recorded_on_the_website_and_the_api(client, product):
    # given
    user = UserFactory()
    _personalisation(user, True)
    client.force_login(user)
    api = _api_client(user)

    # when
    responses = [
        client.get("/", {"q": "  red   shoes "}),
        client.get(f"/products/{product.slug}/"),
        api.get("/api/v1/products/", {"q": "boots"}),
        api.get(f"/api/v1/products/{product.slug}/"),
    ]

    # then
    assert [response.status_code for response in responses] == [200, 200, 200, 200]
    assert _entries(user) == [
        ("search", "red shoes", None),
        ("view", "", "red-shoes"),
        ("search", "boots", None),
        ("view", "", "red-shoes"),
    ]


def test_without_consent_nothing_is_recorded(client, product):
    # given: one user never chose, another switched it off
    never_chose = UserFactory()
    switched_off = UserFactory()
    _personalisation(switched_off, True)
    _personalisation(switched_off, False)

    # when
    for user in (never_chose, switched_off):
        client.force_login(user)
        client.get("/", {"q": "red"})
        client.get(f"/products/{product.slug}/")
        api = _api_client(user)
        api.get("/api/v1/products/", {"q": "red"})
        api.get(f"/api/v1/products/{product.slug}/")

    # then
    assert HistoryEntry.objects.count() == 0


def test_a_visitor_is_never_recorded(client, product):
    # when
    client.get("/", {"q": "red"})
    client.get(f"/products/{product.slug}/")
    APIClient().get(f"/api/v1/products/{product.slug}/")

    # then
    assert HistoryEntry.objects.count() == 0


def test_a_withdrawal_stops_the_recording_at_once(client, product):
    # given
    user = UserFactory()
    _personalisation(user, True)
    client.force_login(user)
    client.get(f"/products/{product.slug}/")

    # when
    _personalisation(user, False)
    client.get(f"/products/{product.slug}/")
    client.get("/", {"q": "red"})
    _api_client(user).get(f"/api/v1/products/{product.slug}/")

    # then: the view made before the withdrawal stays, nothing after it was recorded
    assert _entries(user) == [("view", "", "red-shoes")]


def test_only_a_searchs_first_page_and_only_a_valid_search_are_recorded(client, product):
    # given
    user = UserFactory()
    _personalisation(user, True)
    client.force_login(user)

    # when
    client.get("/", {"q": "red", "page": "2"})
    client.get("/")
    client.get("/", {"q": "   "})
    invalid = client.get("/", {"q": "red", "ordering": "cheapest"})
    _api_client(user).get("/api/v1/products/", {"q": "red", "ordering": "cheapest"})
    client.get("/products/no-such-product/")

    # then
    assert invalid.status_code == 400
    assert _entries(user) == []


def test_recording_costs_the_consent_check_and_one_insert(product, django_assert_num_queries):
    # given
    granted, refused = UserFactory(), UserFactory()
    _personalisation(granted, True)

    # then
    with django_assert_num_queries(2):
        assert history_record_view(user_id=granted.pk, product_id=product.pk) is not None
    with django_assert_num_queries(1):
        assert history_record_search(user_id=refused.pk, query="red") is None
    with django_assert_num_queries(0):
        assert history_record_search(user_id=None, query="red") is None


# --- the API ------------------------------------------------------------------------------------


def test_the_api_lists_only_the_callers_history_newest_first(product):
    # given
    user, other = UserFactory(), UserFactory()
    with time_machine.travel("2026-03-01 10:00:00+00:00", tick=False):
        HistoryEntryFactory(user=user, kind=HistoryKind.SEARCH, query="red shoes", product=None)
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False):
        HistoryEntryFactory(user=user, product=product)
        HistoryEntryFactory(user=other, kind=HistoryKind.SEARCH, query="secret", product=None)

    # when
    response = _api_client(user).get(HISTORY_API)

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["results"] == [
        {
            "kind": "view",
            "query": "",
            "product": {"slug": "red-shoes", "title": "Red shoes"},
            "created_at": "2026-03-02T10:00:00Z",
        },
        {"kind": "search", "query": "red shoes", "product": None, "created_at": "2026-03-01T10:00:00Z"},
    ]


def test_the_api_list_is_paginated():
    # given
    user = UserFactory()
    HistoryEntryFactory.create_batch(3, user=user, kind=HistoryKind.SEARCH, query="x", product=None)

    # when
    first = _api_client(user).get(HISTORY_API, {"page_size": 2})
    past_the_end = _api_client(user).get(HISTORY_API, {"page_size": 2, "page": 3})

    # then
    assert first.json()["count"] == 3
    assert len(first.json()["results"]) == 2
    assert first.json()["next"] is not None
    assert past_the_end.status_code == 404
    assert past_the_end.json()["code"] == "not_found"


def test_a_removed_product_shows_as_null():
    # given
    user = UserFactory()
    entry = HistoryEntryFactory(user=user)
    entry.product.delete()

    # when
    response = _api_client(user).get(HISTORY_API)

    # then
    assert response.json()["results"][0]["product"] is None


def test_delete_clears_the_callers_history_only():
    # given
    user, other = UserFactory(), UserFactory()
    HistoryEntryFactory.create_batch(3, user=user)
    HistoryEntryFactory(user=other)
    api = _api_client(user)

    # when
    first = api.delete(HISTORY_API)
    again = api.delete(HISTORY_API)

    # then
    assert (first.status_code, again.status_code) == (204, 204)
    assert not HistoryEntry.objects.filter(user=user).exists()
    assert HistoryEntry.objects.filter(user=other).count() == 1


@pytest.mark.parametrize("method", ["get", "delete"])
def test_the_api_refuses_a_visitor(method):
    # given
    HistoryEntryFactory(user=UserFactory())

    # when
    response = getattr(APIClient(), method)(HISTORY_API)

    # then
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert HistoryEntry.objects.count() == 1


def test_the_api_is_behind_the_policy_gate(published_policy):
    # given: a user who has not accepted the policy in effect
    user = UserFactory()
    HistoryEntryFactory(user=user)

    # when
    response = _api_client(user).delete(HISTORY_API)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "policy_acceptance_required"
    assert HistoryEntry.objects.filter(user=user).count() == 1


# --- the website --------------------------------------------------------------------------------


def test_the_page_lists_the_history_and_says_whether_it_is_recording(client, product):
    # given
    user = UserFactory()
    HistoryEntryFactory(user=user, kind=HistoryKind.SEARCH, query="blue hat", product=None)
    HistoryEntryFactory(user=user, product=product)
    HistoryEntryFactory(user=UserFactory(), kind=HistoryKind.SEARCH, query="not mine", product=None)
    client.force_login(user)

    # when
    off = client.get(HISTORY_PAGE)
    _personalisation(user, True)
    on = client.get(HISTORY_PAGE)

    # then
    assert off.status_code == 200
    page = off.content.decode()
    assert "blue hat" in page
    assert "Red shoes" in page
    assert "not mine" not in page
    assert "Nothing is being recorded" in page
    assert "Clear history" in page
    assert "are recorded here, because you allowed" in on.content.decode()


def test_the_clear_button_empties_the_history(client):
    # given
    user = UserFactory()
    HistoryEntryFactory.create_batch(2, user=user)
    other_entry = HistoryEntryFactory(user=UserFactory())
    client.force_login(user)

    # when
    response = client.post(f"{HISTORY_PAGE}clear/", follow=True)

    # then
    assert response.redirect_chain == [(HISTORY_PAGE, 302)]
    assert "Your history is cleared (2 entries deleted)." in response.content.decode()
    assert "Your history is empty." in response.content.decode()
    assert list(HistoryEntry.objects.values_list("pk", flat=True)) == [other_entry.pk]


def test_clearing_needs_a_post(client):
    # given
    user = UserFactory()
    HistoryEntryFactory(user=user)
    client.force_login(user)

    # when
    response = client.get(f"{HISTORY_PAGE}clear/")

    # then
    assert response.status_code == 405
    assert HistoryEntry.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("method, path", [("get", HISTORY_PAGE), ("post", f"{HISTORY_PAGE}clear/")])
def test_the_pages_send_a_visitor_to_log_in(client, method, path):
    # given
    HistoryEntryFactory(user=UserFactory())

    # when
    response = getattr(client, method)(path)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert HistoryEntry.objects.count() == 1
