"""History has a purpose (promise A4, with G3): "recently viewed" and "recommended for you" on the website
and the API for users whose personalisation consent is on; everyone else gets non-personalised lists."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from privacy.models import Channel
from privacy.purposes import PERSONALISATION
from privacy.services.consent import consent_set
from tests.shop.factories import CategoryFactory, ProductFactory

pytestmark = [pytest.mark.promise("A4"), pytest.mark.promise("G3"), pytest.mark.django_db]

URL = "/api/v1/recommendations/"


def _consent(user, granted: bool) -> None:
    consent_set(user=user, changes={PERSONALISATION: granted}, ip_address=None, user_agent="t", channel=Channel.WEB)


def _titles(items) -> list[str]:
    return [item["title"] for item in items]


def test_a_consenting_user_gets_recently_viewed_and_recommendations_from_their_history(accepting_user):
    # given two categories; the user consents and views two shoes
    shoes, books = CategoryFactory(name="Shoes"), CategoryFactory(name="Books")
    boot, sandal, sneaker = (ProductFactory(title=t, category=shoes) for t in ("Boot", "Sandal", "Sneaker"))
    ProductFactory(title="Novel", category=books)
    _consent(accepting_user, True)
    api = APIClient()
    api.force_authenticate(accepting_user)
    api.get(f"/api/v1/products/{boot.slug}/")
    api.get(f"/api/v1/products/{sandal.slug}/")

    # when
    lists = api.get(URL).json()

    # then the viewed ones come back newest first, and the unseen shoe is recommended before anything else
    assert lists["personalised"] is True
    assert _titles(lists["recently_viewed"]) == ["Sandal", "Boot"]
    assert _titles(lists["recommended"])[0] == "Sneaker"
    assert not {"Boot", "Sandal"} & set(_titles(lists["recommended"]))

    # and the website shows the same
    web = Client()
    web.force_login(accepting_user)
    page = web.get("/for-you/").content.decode()
    assert "Recently viewed" in page and "Sandal" in page and "Sneaker" in page
    assert sneaker.slug in page


def test_without_the_consent_everyone_gets_the_same_non_personalised_list(accepting_user):
    # given a user who consented, viewed a product, then withdrew (history left over)
    shoes = CategoryFactory()
    viewed = ProductFactory(title="Boot", category=shoes)
    ProductFactory(title="Newest thing")
    _consent(accepting_user, True)
    api = APIClient()
    api.force_authenticate(accepting_user)
    api.get(f"/api/v1/products/{viewed.slug}/")
    _consent(accepting_user, False)

    # when they and an anonymous visitor ask
    theirs = api.get(URL).json()
    anonymous = APIClient().get(URL).json()

    # then both get the same list, built from nothing personal, and no recently viewed
    assert theirs == anonymous
    assert theirs["personalised"] is False and theirs["recently_viewed"] == []
    assert _titles(theirs["recommended"])[0] == "Newest thing"
    page = Client().get("/for-you/").content.decode()
    assert "New in the shop" in page and "Recently viewed" not in page
