"""The hooks apps declare beside their personal data (``privacy.erasure_hooks``): what orders registers,
and registration mistakes caught at startup."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from orders.models import OrderStatus
from privacy import erasure_hooks as hooks
from tests.cancellation.conftest import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_site(monkeypatch):
    site = hooks.ErasureHooks()
    monkeypatch.setattr(hooks, "site", site)
    return site


def test_orders_declares_its_blocker_and_its_carrier_handler():
    # then
    assert "orders_in_progress" in hooks.site.blockers
    assert hooks.recipient_handler_for("carrier:any-slug") is not None
    assert hooks.recipient_handler_for("printer:paper") is None


def test_the_orders_blocker_lists_only_orders_still_on_their_way(shopper):
    # given
    on_the_way = [make_order(shopper, status=status) for status in (OrderStatus.PENDING_PAYMENT, OrderStatus.SHIPPED)]
    make_order(shopper, status=OrderStatus.COMPLETED)

    # when
    blocker, items = hooks.erasure_blocking(user_id=shopper.pk)

    # then
    assert blocker.code == "orders_in_progress"
    assert items == [order.number for order in on_the_way]


def test_nothing_blocks_an_account_without_orders(shopper):
    # when
    blocking = hooks.erasure_blocking(user_id=shopper.pk)

    # then
    assert blocking is None


def test_a_blocker_registered_twice_is_refused(fresh_site):
    # given
    hooks.register_erasure_blocker(code="open_disputes", detail="A dispute is open.", check=lambda *, user_id: [])

    # when
    with pytest.raises(ImproperlyConfigured) as error:
        hooks.register_erasure_blocker(code="open_disputes", detail="Again.", check=lambda *, user_id: [])

    # then
    assert "open_disputes" in str(error.value)


@pytest.mark.parametrize("prefix", ["", "carrier:demo"])
def test_a_recipient_prefix_must_be_the_part_before_the_colon(fresh_site, prefix):
    # when
    with pytest.raises(ImproperlyConfigured):
        hooks.register_recipient_handler(prefix=prefix, handler=lambda **kwargs: None)

    # then
    assert fresh_site.recipient_handlers == {}


def test_a_recipient_handler_and_an_erasure_handler_registered_twice_are_refused(fresh_site):
    # given
    hooks.register_recipient_handler(prefix="printer", handler=lambda **kwargs: None)
    hooks.register_erasure_handler(name="search-index", handler=lambda *, user_id: None)

    # when / then
    with pytest.raises(ImproperlyConfigured):
        hooks.register_recipient_handler(prefix="printer", handler=lambda **kwargs: None)
    with pytest.raises(ImproperlyConfigured):
        hooks.register_erasure_handler(name="search-index", handler=lambda *, user_id: None)
