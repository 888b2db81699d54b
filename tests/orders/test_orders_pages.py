"""The orders website: checkout, the order list and detail with pay and cancel, the address book."""

import pytest
from django.urls import reverse

from orders.models import Address, Order, OrderStatus, Payment
from tests.accounts.factories import UserFactory
from tests.orders.factories import AddressFactory, OrderFactory, OrderLineFactory
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

CHECKOUT = reverse("orders:checkout")
NEW_ADDRESS = {
    "new-recipient_name": "Han Meimei",
    "new-phone": "137 0000 1234",
    "new-region": "Sichuan",
    "new-city": "Chengdu",
    "new-street": "99 Tianfu Avenue",
}


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def shopper(client, user):
    client.force_login(user)
    return client


def _fill_cart(user, quantity=1, stock=5):
    variant = ProductVariantFactory(stock=stock)
    CartItemFactory(cart=CartFactory(user=user), variant=variant, quantity=quantity)
    return variant


@pytest.mark.parametrize(
    "url", [CHECKOUT, reverse("orders:order-list"), reverse("orders:address-book")], ids=["checkout", "orders", "book"]
)
def test_the_pages_need_a_signed_in_user(client, url):
    # when
    response = client.get(url)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_checkout_offers_the_address_book_with_the_default_chosen(shopper, user):
    # given
    _fill_cart(user)
    default = AddressFactory(user=user, is_default=True, recipient_name="Default Person")
    AddressFactory(user=user, recipient_name="Other Person")

    # when
    response = shopper.get(CHECKOUT)

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert "Default Person" in page and "Other Person" in page
    assert f'value="{default.pk}"' in page
    assert response.context["form"]["address"].initial == str(default.pk)
    assert 'name="idempotency_key"' in page


def test_checkout_with_an_empty_cart_says_so(shopper):
    # when
    response = shopper.get(CHECKOUT)

    # then
    assert response.status_code == 200
    assert "Your cart is empty" in response.content.decode()


def test_placing_an_order_with_a_saved_address_leads_to_the_order_page(shopper, user):
    # given
    variant = _fill_cart(user, quantity=2)
    address = AddressFactory(user=user, is_default=True)

    # when
    response = shopper.post(
        CHECKOUT, {"address": str(address.pk), "note": "Leave at the door", "idempotency_key": "k1"}, follow=True
    )

    # then
    order = Order.objects.get(user=user)
    assert response.redirect_chain[-1][0] == reverse("orders:order-detail", kwargs={"number": order.number})
    assert order.note == "Leave at the door"
    variant.refresh_from_db()
    assert variant.stock == 3
    page = response.content.decode()
    assert order.number in page
    assert "Pay" in page


def test_a_double_submitted_checkout_places_one_order(shopper, user):
    # given
    _fill_cart(user)
    address = AddressFactory(user=user, is_default=True)
    form = {"address": str(address.pk), "idempotency_key": "same-form"}

    # when
    shopper.post(CHECKOUT, form)
    second = shopper.post(CHECKOUT, form)

    # then
    assert second.status_code == 302
    assert Order.objects.filter(user=user).count() == 1


def test_a_new_address_can_be_saved_to_the_book_while_ordering(shopper, user):
    # given
    _fill_cart(user)

    # when
    response = shopper.post(
        CHECKOUT, {"address": "new", **NEW_ADDRESS, "new-save_to_book": "on", "idempotency_key": "k"}
    )

    # then
    assert response.status_code == 302
    order = Order.objects.get(user=user)
    assert (order.recipient_name, order.phone) == ("Han Meimei", "+8613700001234")
    saved = Address.objects.get(user=user)
    assert saved.is_default is True


def test_a_new_address_with_errors_is_shown_again_with_the_errors_next_to_the_fields(shopper, user):
    # given
    _fill_cart(user)

    # when
    response = shopper.post(CHECKOUT, {"address": "new", **NEW_ADDRESS, "new-phone": "123", "idempotency_key": "k"})

    # then
    assert response.status_code == 400
    assert "Enter a valid phone number" in response.content.decode()
    assert not Order.objects.exists()


def test_short_stock_at_checkout_is_explained_and_nothing_is_ordered(shopper, user):
    # given
    variant = _fill_cart(user, quantity=4, stock=2)
    address = AddressFactory(user=user, is_default=True)

    # when
    response = shopper.post(CHECKOUT, {"address": str(address.pk), "idempotency_key": "k"})

    # then
    assert response.status_code == 400
    assert f"Not enough stock for: {variant.sku}" in response.content.decode()
    assert not Order.objects.exists()


def test_a_refused_checkout_does_not_save_the_new_address(shopper, user):
    # given
    _fill_cart(user, quantity=4, stock=2)

    # when
    response = shopper.post(
        CHECKOUT, {"address": "new", **NEW_ADDRESS, "new-save_to_book": "on", "idempotency_key": "k"}
    )

    # then
    assert response.status_code == 400
    assert not Address.objects.filter(user=user).exists()


def test_an_invoice_needs_a_title(shopper, user):
    # given
    _fill_cart(user)
    address = AddressFactory(user=user, is_default=True)

    # when
    response = shopper.post(CHECKOUT, {"address": str(address.pk), "invoice_tax_id": "123", "idempotency_key": "k"})

    # then
    assert response.status_code == 400
    assert "An invoice needs a title" in response.content.decode()


def test_the_order_list_shows_only_own_orders(shopper, user):
    # given
    mine = OrderFactory(user=user)
    theirs = OrderFactory()

    # when
    page = shopper.get(reverse("orders:order-list")).content.decode()

    # then
    assert mine.number in page
    assert theirs.number not in page


def test_the_order_page_shows_lines_history_and_tracking_state(shopper, user):
    # given
    order = OrderFactory(user=user, status=OrderStatus.PAID)
    line = OrderLineFactory(order=order)

    # when
    response = shopper.get(reverse("orders:order-detail", kwargs={"number": order.number}))

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert line.sku in page
    assert "not been handed to a carrier yet" in page
    assert order.street in page


def test_another_users_order_page_is_404(shopper):
    # given
    theirs = OrderFactory()

    # when
    responses = [
        shopper.get(reverse("orders:order-detail", kwargs={"number": theirs.number})),
        shopper.post(reverse("orders:order-pay", kwargs={"number": theirs.number})),
        shopper.post(reverse("orders:order-cancel", kwargs={"number": theirs.number})),
    ]

    # then
    assert [response.status_code for response in responses] == [404, 404, 404]
    theirs.refresh_from_db()
    assert theirs.status == OrderStatus.PENDING_PAYMENT


@pytest.mark.django_db(transaction=True)
def test_the_pay_button_sends_the_shopper_to_the_provider_and_the_return_shows_the_order_paid(
    shopper, user, demo_payments
):
    # given
    order = OrderFactory(user=user)

    # when: the shopper clicks Pay, pays on the provider's page and is sent back
    to_provider = shopper.post(reverse("orders:order-pay", kwargs={"number": order.number}))
    back = demo_payments.confirm(Payment.objects.get(order=order))
    back_path = back.headers["Location"].removeprefix(demo_payments.shop_url)
    page = shopper.get(back_path, follow=True)

    # then
    assert to_provider.status_code == 302
    assert to_provider.headers["Location"].startswith(f"{demo_payments.shop_url}/demo-payments/pay/dpi_")
    assert back_path == reverse("orders:payment-return", kwargs={"number": order.number})
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert "your payment went through" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_decline_on_the_provider_page_is_reported_and_the_order_still_waits(shopper, user, demo_payments):
    # given
    order = OrderFactory(user=user)
    shopper.post(reverse("orders:order-pay", kwargs={"number": order.number}))

    # when: declined, and the webhook lost: the return page asks the provider itself
    demo_payments.confirm(Payment.objects.get(order=order), outcome="decline", webhook="lose")
    page = shopper.get(reverse("orders:payment-return", kwargs={"number": order.number}), follow=True)

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    payment = Payment.objects.get(order=order)
    assert (payment.status, payment.failure_code) == ("failed", "card_declined")
    assert "declined" in page.content.decode()


def test_the_cancel_button_cancels_and_a_refused_cancel_is_explained(shopper, user):
    # given
    unpaid = OrderFactory(user=user)
    shipped = OrderFactory(user=user, status=OrderStatus.SHIPPED)

    # when
    shopper.post(reverse("orders:order-cancel", kwargs={"number": unpaid.number}))
    refused = shopper.post(reverse("orders:order-cancel", kwargs={"number": shipped.number}), follow=True)

    # then
    unpaid.refresh_from_db()
    shipped.refresh_from_db()
    assert (unpaid.status, shipped.status) == (OrderStatus.CANCELLED, OrderStatus.SHIPPED)
    assert "can be cancelled" in refused.content.decode()


def test_the_address_book_adds_edits_and_deletes_own_addresses(shopper, user):
    # given
    book = reverse("orders:address-book")

    # when
    added = shopper.post(book, {k.removeprefix("new-"): v for k, v in NEW_ADDRESS.items()})
    address = Address.objects.get(user=user)
    edited = shopper.post(
        reverse("orders:address-edit", kwargs={"address_id": address.pk}),
        {**{k.removeprefix("new-"): v for k, v in NEW_ADDRESS.items()}, "city": "Mianyang", "is_default": "on"},
    )
    address.refresh_from_db()
    city_after_edit = address.city
    deleted = shopper.post(reverse("orders:address-delete", kwargs={"address_id": address.pk}))

    # then
    assert (added.status_code, edited.status_code, deleted.status_code) == (302, 302, 302)
    assert city_after_edit == "Mianyang"
    assert not Address.objects.filter(user=user).exists()


def test_another_users_address_cannot_be_edited_or_deleted(shopper):
    # given
    theirs = AddressFactory()

    # when
    edit = shopper.get(reverse("orders:address-edit", kwargs={"address_id": theirs.pk}))
    delete = shopper.post(reverse("orders:address-delete", kwargs={"address_id": theirs.pk}))

    # then
    assert (edit.status_code, delete.status_code) == (404, 404)
    assert Address.objects.filter(pk=theirs.pk).exists()
