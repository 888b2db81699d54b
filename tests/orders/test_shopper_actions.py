"""What a shopper may do with an order comes from one selector: the order API and the order page agree."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from orders.models import OrderStatus
from tests.accounts.factories import UserFactory
from tests.invoices.factories import paid_order
from tests.orders.factories import OrderLineFactory, order_with_line
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _api_and_page(user, order):
    api = APIClient()
    api.force_login(user)
    body = api.get(f"/api/v1/orders/{order.number}/").json()
    api.logout()
    web = APIClient()
    web.force_login(user)
    page = web.get(reverse("orders:order-detail", kwargs={"number": order.number})).content.decode()
    return body, page


def test_an_unpaid_order_can_be_paid_and_cancelled_but_has_no_invoice_yet():
    # given
    user = UserFactory()
    order = order_with_line(user=user)

    # when
    body, page = _api_and_page(user, order)

    # then
    assert (body["can_pay"], body["can_cancel"], body["can_download_invoice"]) == (True, True, False)
    assert reverse("orders:order-pay", kwargs={"number": order.number}) in page
    assert reverse("orders:invoice-download", kwargs={"number": order.number}) not in page


def test_a_delivered_paid_order_offers_its_invoice_and_a_review_of_each_line_not_yet_reviewed():
    # given a paid (so invoiced) order, delivered, with two lines of which one is reviewed
    user = UserFactory()
    order = paid_order(user=user)
    order.status = OrderStatus.DELIVERED
    order.save(update_fields=["status"])
    first = order.lines.get()
    second = OrderLineFactory(order=order, variant=first.variant, quantity=1)
    ReviewFactory(user=user, order_line=first, product=first.variant.product)

    # when
    body, page = _api_and_page(user, order)

    # then the API and the page say the same
    assert (body["can_pay"], body["can_cancel"], body["can_download_invoice"]) == (False, False, True)
    assert {line["id"]: line["can_review"] for line in body["lines"]} == {first.pk: False, second.pk: True}
    assert reverse("orders:invoice-download", kwargs={"number": order.number}) in page
    assert reverse("reviews:new", kwargs={"order_line_id": second.pk}) in page
    assert reverse("reviews:new", kwargs={"order_line_id": first.pk}) not in page
    assert reverse("orders:order-pay", kwargs={"number": order.number}) not in page
