"""Factories of the orders app: addresses, orders with a snapshot address, lines and payments.

``OrderFactory`` builds a ``pending_payment`` order as checkout would leave it (set ``status`` and the
matching timestamp for a later state); it takes no stock. Use ``order_with_line`` for an order with
one line whose variant's stock was already decremented.
"""

from decimal import Decimal

import factory
from django.conf import settings

from orders.models import Address, Order, OrderLine, OrderStatus, Payment, PaymentStatus
from orders.services.order_numbers import order_number_generate
from privacy.hashing import keyed_hash, normalise_phone
from tests.accounts.factories import UserFactory
from tests.shop.factories import ProductVariantFactory

PHONE = "13812345678"


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    recipient_name = "Wang Xiaoming"
    phone = PHONE
    phone_hash = factory.LazyAttribute(lambda address: keyed_hash(address.phone, normalise=normalise_phone))
    region = "Zhejiang"
    city = "Hangzhou"
    district = "Xihu"
    street = factory.Sequence(lambda n: f"{n} Wensan Road, Building 2, Flat 301")
    postcode = "310012"
    is_default = False


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.LazyFunction(order_number_generate)
    user = factory.SubFactory(UserFactory)
    status = OrderStatus.PENDING_PAYMENT
    currency = factory.LazyFunction(lambda: settings.SHOP_CURRENCY)
    total = Decimal("39.80")
    shipping_total = Decimal("0.00")
    discount_total = Decimal("0.00")
    # The database holds total = subtotal + shipping_total - discount_total.
    subtotal = factory.LazyAttribute(lambda order: order.total - order.shipping_total + order.discount_total)
    net_total = factory.LazyAttribute(lambda order: order.total)
    recipient_name = "Wang Xiaoming"
    phone = PHONE
    region = "Zhejiang"
    city = "Hangzhou"
    district = "Xihu"
    street = "8 Wensan Road, Building 2, Flat 301"
    postcode = "310012"


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    variant = factory.SubFactory(ProductVariantFactory)
    product_title = factory.LazyAttribute(lambda line: line.variant.product.title)
    sku = factory.LazyAttribute(lambda line: line.variant.sku)
    attributes = factory.LazyAttribute(lambda line: line.variant.attributes)
    unit_price = factory.LazyAttribute(lambda line: line.variant.price)
    quantity = 2
    line_total = factory.LazyAttribute(lambda line: line.unit_price * line.quantity)
    # Untaxed (0%) unless a test says otherwise: line_net + line_tax = line_total - line_discount.
    line_discount = Decimal("0.00")
    line_tax = Decimal("0.00")
    line_net = factory.LazyAttribute(lambda line: line.line_total - line.line_discount - line.line_tax)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    order = factory.SubFactory(OrderFactory)
    provider = "demo"
    reference = factory.Sequence(lambda n: f"demo_pay_{n:08d}")
    amount = factory.LazyAttribute(lambda payment: payment.order.total)
    currency = factory.LazyAttribute(lambda payment: payment.order.currency)
    status = PaymentStatus.SUCCEEDED


def order_with_line(*, stock_left: int = 8, quantity: int = 2, **order_fields) -> Order:
    """An order with one line of ``quantity`` units of a fresh variant left with ``stock_left`` units, as
    if checkout had taken them; totals match the line."""
    variant = ProductVariantFactory(stock=stock_left)
    total = variant.price * quantity
    order = OrderFactory(subtotal=total, total=total, **order_fields)
    OrderLineFactory(order=order, variant=variant, quantity=quantity)
    return order
