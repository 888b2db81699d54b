from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from shop.context_processors import cart_summary
from shop.models import Cart, CartItem
from tests.accounts.factories import UserFactory
from tests.shop.factories import CartFactory, CartItemFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_url_names_resolve_under_cart():
    # then
    assert reverse("cart") == "/cart/"
    assert reverse("cart-add") == "/cart/add/"
    assert reverse("cart-item-update", kwargs={"item_id": 3}) == "/cart/items/3/"
    assert reverse("cart-item-remove", kwargs={"item_id": 3}) == "/cart/items/3/remove/"


def test_visitor_without_cart_sees_an_empty_cart_and_no_cart_is_created(client):
    # when
    response = client.get("/cart/")

    # then
    assert response.status_code == 200
    assert "Your cart is empty" in response.text
    assert not Cart.objects.exists()


def test_visitor_adds_and_the_cart_page_shows_the_line(client):
    # given
    variant = ProductVariantFactory(
        product=ProductFactory(title="Linen shirt"), price=Decimal("19.90"), attributes={"size": "L"}
    )

    # when
    response = client.post("/cart/add/", {"variant": variant.pk, "quantity": 3})

    # then
    assert response.status_code == 302
    assert response.url == "/cart/"
    page = client.get("/cart/")
    assert "Added Linen shirt (quantity 3) to your cart." in page.text
    assert f'href="/products/{variant.product.slug}/"' in page.text
    assert "Linen shirt" in page.text
    assert ">L<" in page.text
    assert 'value="3"' in page.text
    assert "CN¥19.90" in page.text
    assert "CN¥59.70" in page.text
    detail = page.context["cart"]
    assert detail.subtotal == Decimal("59.70")
    assert isinstance(detail.lines[0].line_total, Decimal)
    assert Cart.objects.get().user is None


def test_navigation_shows_the_cart_count(client):
    # given
    variant = ProductVariantFactory()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    client.post("/cart/add/", {"variant": ProductVariantFactory().pk, "quantity": 1})

    # when
    response = client.get("/cart/")

    # then
    assert response.context["cart_item_count"]() == 3


def test_cart_count_costs_one_query_and_none_without_a_cart(rf, django_assert_num_queries):
    # given
    visitor = rf.get("/")
    visitor.user, visitor.session = AnonymousUser(), SessionStore()
    user = UserFactory()
    CartItemFactory(cart=CartFactory(user=user), quantity=4)
    member = rf.get("/")
    member.user, member.session = user, SessionStore()

    # when / then
    with django_assert_num_queries(0):
        assert cart_summary(visitor)["cart_item_count"]() == 0
    count = cart_summary(member)["cart_item_count"]
    with django_assert_num_queries(1):
        assert count() == 4
        assert count() == 4


def test_add_beyond_stock_goes_back_to_the_product_page_with_the_error(client):
    # given
    variant = ProductVariantFactory(stock=2)
    product_page = f"http://testserver/products/{variant.product.slug}/"

    # when
    response = client.post("/cart/add/", {"variant": variant.pk, "quantity": 3}, HTTP_REFERER=product_page)

    # then
    assert response.status_code == 302
    assert response.url == product_page
    assert messages_of(response) == [f"Only 2 of {variant.product.title} in stock."]
    assert not CartItem.objects.exists()


def test_add_error_with_a_foreign_referer_goes_to_the_cart(client):
    # given
    variant = ProductVariantFactory(is_active=False)

    # when
    response = client.post(
        "/cart/add/", {"variant": variant.pk, "quantity": 1}, HTTP_REFERER="https://evil.example/phish"
    )

    # then
    assert response.status_code == 302
    assert response.url == "/cart/"
    assert messages_of(response) == [f"{variant.product.title} is not available."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"variant": 999_999, "quantity": 1}, "This product is not available."),
        ({"variant": "", "quantity": 1}, "Choose a variant."),
        ({"variant": "{variant}", "quantity": 0}, "Ensure this value is greater than or equal to 1."),
        ({"variant": "{variant}", "quantity": "two"}, "Enter a whole number."),
    ],
)
def test_add_with_bad_input_explains_and_adds_nothing(client, data, message):
    # given
    variant = ProductVariantFactory()
    data = {key: str(value).format(variant=variant.pk) for key, value in data.items()}

    # when
    response = client.post("/cart/add/", data)

    # then
    assert response.status_code == 302
    assert message in messages_of(response)
    assert not CartItem.objects.exists()


def test_add_refuses_get(client):
    # when
    response = client.get("/cart/add/")

    # then
    assert response.status_code == 405


def test_update_changes_the_quantity_and_total(client):
    # given
    variant = ProductVariantFactory(price=Decimal("19.90"), stock=5)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    item = CartItem.objects.get()

    # when
    response = client.post(f"/cart/items/{item.pk}/", {"quantity": 3}, follow=True)

    # then
    assert response.redirect_chain == [("/cart/", 302)]
    assert "Quantity updated." in response.text
    assert response.context["cart"].subtotal == Decimal("59.70")
    item.refresh_from_db()
    assert item.quantity == 3


def test_update_beyond_stock_shows_the_error_next_to_the_field(client):
    # given
    variant = ProductVariantFactory(stock=2)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    item = CartItem.objects.get()

    # when
    response = client.post(f"/cart/items/{item.pk}/", {"quantity": 7})

    # then
    assert response.status_code == 400
    assert f'id="quantity-{item.pk}-errors"' in response.text
    assert f"Only 2 of {variant.product.title} in stock." in response.text
    item.refresh_from_db()
    assert item.quantity == 1


def test_update_with_zero_shows_the_error_next_to_the_field(client):
    # given
    client.post("/cart/add/", {"variant": ProductVariantFactory().pk, "quantity": 2})
    item = CartItem.objects.get()

    # when
    response = client.post(f"/cart/items/{item.pk}/", {"quantity": 0})

    # then
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in response.text
    item.refresh_from_db()
    assert item.quantity == 2


def test_remove_deletes_the_line(client):
    # given
    client.post("/cart/add/", {"variant": ProductVariantFactory().pk, "quantity": 2})
    item = CartItem.objects.get()

    # when
    response = client.post(f"/cart/items/{item.pk}/remove/")

    # then
    assert response.status_code == 302
    assert not CartItem.objects.exists()
    assert "Your cart is empty" in client.get("/cart/").text


@pytest.mark.parametrize(
    ("path", "data"),
    [("/cart/items/{id}/", {"quantity": 1}), ("/cart/items/{id}/", {"quantity": 0}), ("/cart/items/{id}/remove/", {})],
)
def test_another_users_line_is_not_found_and_untouched(client, path, data):
    # given
    user = UserFactory()
    client.force_login(user)
    client.post("/cart/add/", {"variant": ProductVariantFactory().pk, "quantity": 1})
    someone_elses = CartItemFactory(cart=CartFactory(user=UserFactory()), quantity=2)

    # when
    response = client.post(path.format(id=someone_elses.pk), data)

    # then
    assert response.status_code == 404
    someone_elses.refresh_from_db()
    assert someone_elses.quantity == 2


def test_visitor_without_cart_gets_not_found_on_a_line(client):
    # given
    item = CartItemFactory()

    # when
    response = client.post(f"/cart/items/{item.pk}/remove/")

    # then
    assert response.status_code == 404
    assert CartItem.objects.filter(pk=item.pk).exists()


def test_unavailable_line_is_flagged_on_the_page(client):
    # given
    variant = ProductVariantFactory(stock=3)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 3})
    variant.stock = 1
    variant.save()

    # when
    response = client.get("/cart/")

    # then
    assert "Not available in this quantity" in response.text
