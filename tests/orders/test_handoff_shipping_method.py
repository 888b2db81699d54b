"""The carrier handoff uses the shipping method the shopper chose: its carrier, and its name as the service."""

import pytest

from orders.models import Shipment
from orders.services.logistics import order_handoff_start
from orders.tasks.logistics import order_handoff
from tests.pricing.factories import ShippingMethodFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_retries")]


def test_the_handoff_books_with_the_chosen_methods_carrier_and_names_the_service(
    make_carrier, make_order, fake_carrier, django_capture_on_commit_callbacks
):
    # given: a default carrier, and the express method's own carrier
    make_carrier(name="Default Post")
    express_carrier = make_carrier(name="Swift Express")
    method = ShippingMethodFactory(name="Next-day express", carrier=express_carrier)
    order = make_order(shipping_method=method, shipping_method_name="Next-day express")

    # when
    with django_capture_on_commit_callbacks(execute=False):
        order_handoff_start(order_id=order.pk)
    order_handoff.apply(args=[order.pk])

    # then
    assert Shipment.objects.get(order=order).carrier == express_carrier
    [request] = fake_carrier.requests
    assert request.json["service"] == "Next-day express"


def test_without_a_method_carrier_the_default_carrier_is_used(
    make_carrier, make_order, django_capture_on_commit_callbacks
):
    # given
    default = make_carrier(name="Default Post")
    method = ShippingMethodFactory(name="Standard", carrier=None)
    order = make_order(shipping_method=method, shipping_method_name="Standard")

    # when
    with django_capture_on_commit_callbacks(execute=False):
        order_handoff_start(order_id=order.pk)

    # then
    assert Shipment.objects.get(order=order).carrier == default
