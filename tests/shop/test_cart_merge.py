import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from rest_framework.test import APIClient

from shop.models import Cart, CartItem
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.shop.factories import CartFactory, CartItemFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified_user():
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in_on_the_website(client, user) -> None:
    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content
    assert int(client.session["_auth_user_id"]) == user.pk


def user_quantities(user) -> dict[str, int]:
    return {
        item.variant.sku: item.quantity for item in CartItem.objects.filter(cart__user=user).select_related("variant")
    }


@pytest.mark.promise("A1")
def test_login_form_merges_the_visitor_cart_into_the_users(client, verified_user):
    # given
    shared = ProductVariantFactory(stock=10)
    visitor_only = ProductVariantFactory()
    user_only = ProductVariantFactory()
    user_cart = CartFactory(user=verified_user)
    CartItemFactory(cart=user_cart, variant=shared, quantity=2)
    CartItemFactory(cart=user_cart, variant=user_only, quantity=1)
    client.post("/cart/add/", {"variant": shared.pk, "quantity": 3})
    client.post("/cart/add/", {"variant": visitor_only.pk, "quantity": 1})
    visitor_cart = Cart.objects.get(user__isnull=True)

    # when
    log_in_on_the_website(client, verified_user)

    # then
    assert user_quantities(verified_user) == {shared.sku: 5, visitor_only.sku: 1, user_only.sku: 1}
    assert not Cart.objects.filter(pk=visitor_cart.pk).exists()
    assert list(Cart.objects.all()) == [user_cart]
    page = client.get("/cart/")
    assert page.context["cart"].total_quantity == 7
    assert "in stock" not in " ".join(str(message) for message in page.context["messages"])


def test_capped_quantity_is_announced_on_the_next_page(client, verified_user):
    # given
    variant = ProductVariantFactory(stock=5, product=ProductFactory(title="Wool socks"))
    CartItemFactory(cart=CartFactory(user=verified_user), variant=variant, quantity=4)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 3})

    # when
    log_in_on_the_website(client, verified_user)

    # then
    assert user_quantities(verified_user) == {variant.sku: 5}
    page = client.get("/cart/")
    warnings = [str(message) for message in page.context["messages"] if message.tags == "warning"]
    assert warnings == ["Only 5 of Wool socks in stock: the quantity in your cart is now 5."]
    assert "Only 5 of Wool socks in stock" in page.text


def test_force_login_sends_user_logged_in_and_merges(client):
    # given
    user = UserFactory()
    variant = ProductVariantFactory()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})

    # when
    client.force_login(user)

    # then
    assert user_quantities(user) == {variant.sku: 2}
    assert Cart.objects.get().user == user


def test_receiver_is_connected_once_even_if_the_app_is_readied_again():
    # given
    apps.get_app_config("shop").ready()

    # when
    uids = [lookup_key[0] for lookup_key, *_ in user_logged_in.receivers]

    # then
    assert uids.count("shop.merge_cart_on_login") == 1


def test_unavailable_lines_are_dropped_and_reported_once_by_the_api(verified_user):
    # given
    client = APIClient()
    inactive_variant = ProductVariantFactory(sku="GONE-1")
    inactive_product = ProductVariantFactory(sku="GONE-2")
    sold_out = ProductVariantFactory(sku="SOLD-OUT")
    capped = ProductVariantFactory(sku="CAPPED", stock=4)
    fine = ProductVariantFactory(sku="FINE")
    for variant, quantity in [(inactive_variant, 1), (inactive_product, 1), (sold_out, 2), (capped, 3), (fine, 1)]:
        assert client.post("/api/v1/cart/items/", {"variant": variant.pk, "quantity": quantity}).status_code == 201
    CartItemFactory(cart=CartFactory(user=verified_user), variant=capped, quantity=2)
    inactive_variant.is_active = False
    inactive_variant.save()
    inactive_product.product.is_active = False
    inactive_product.product.save()
    sold_out.stock = 0
    sold_out.save()

    # when
    client.login(email=verified_user.email, password=DEFAULT_PASSWORD)
    first = client.get("/api/v1/cart/").json()
    second = client.get("/api/v1/cart/").json()

    # then
    assert {line["variant"]["sku"]: line["quantity"] for line in first["items"]} == {"CAPPED": 4, "FINE": 1}
    assert [(notice["code"], notice["sku"]) for notice in first["notices"]] == [
        ("product_unavailable", "GONE-1"),
        ("product_unavailable", "GONE-2"),
        ("out_of_stock", "SOLD-OUT"),
        ("quantity_capped", "CAPPED"),
    ]
    assert all(notice["detail"] for notice in first["notices"])
    assert second["notices"] == []
    assert second["id"] == verified_user.cart.pk
    assert not Cart.objects.filter(user__isnull=True).exists()


def test_login_without_a_visitor_cart_creates_no_cart(client, verified_user):
    # when
    log_in_on_the_website(client, verified_user)

    # then
    assert not Cart.objects.exists()


def test_a_second_login_does_not_merge_again(client, verified_user):
    # given
    variant = ProductVariantFactory(stock=10)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    log_in_on_the_website(client, verified_user)
    client.post("/accounts/logout/")

    # when
    log_in_on_the_website(client, verified_user)

    # then
    assert user_quantities(verified_user) == {variant.sku: 2}


def test_another_visitors_cart_is_never_merged(client, verified_user):
    # given
    someone_elses = CartItemFactory(cart=CartFactory(user=None), quantity=1)
    client.post("/cart/add/", {"variant": ProductVariantFactory().pk, "quantity": 1})

    # when
    log_in_on_the_website(client, verified_user)

    # then
    assert someone_elses.variant.sku not in user_quantities(verified_user)
    assert CartItem.objects.filter(pk=someone_elses.pk, cart__user__isnull=True).exists()
