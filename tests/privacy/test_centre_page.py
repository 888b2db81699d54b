import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.shop.factories import CartFactory, CartItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.promise("D1")
def test_privacy_centre_links_to_every_right(client):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get("/privacy/")

    # then
    assert response.status_code == 200
    html = response.content.decode()
    for path in ("/privacy/consents/", "/privacy/history/", "/privacy/export/", "/privacy/disclosures/", "/orders/"):
        assert f'href="{path}' in html


def test_privacy_centre_needs_a_signed_in_user(client):
    response = client.get("/privacy/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cart_offers_checkout_to_a_signed_in_shopper_and_login_to_a_visitor(client):
    # given a signed-in shopper with a cart line
    user = UserFactory()
    CartItemFactory(cart=CartFactory(user=user))
    client.force_login(user)

    # when / then
    assert 'href="/orders/checkout/"' in client.get("/cart/").content.decode()

    # given a visitor with a cart line
    client.logout()
    client.post("/cart/add/", {"variant": CartItemFactory().variant_id, "quantity": 1})

    # when / then
    assert "/accounts/login/?next=/orders/checkout/" in client.get("/cart/").content.decode()
