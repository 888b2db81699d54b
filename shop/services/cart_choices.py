"""The shopper's pricing choices on a cart: the voucher code and the shipping method.

Both are re-checked whenever the cart is priced and again at checkout; applying a voucher checks it at
once so the shopper hears why a code does not work (the ``voucher_*`` codes of ``shop.promotions``).
"""

from django.utils.translation import gettext_lazy

from core.errors import DomainError
from shop.codes import ErrorCode
from shop.models import Cart, CartItem
from shop.pricing.cart import cart_pricing
from shop.promotions.vouchers import voucher_code_normalise
from shop.shipping.models import ShippingMethod


class VoucherCodeMissing(DomainError):
    code = ErrorCode.INVALID
    default_detail = gettext_lazy("Enter a voucher code.")


def cart_voucher_apply(*, cart: Cart, code: str, user, region: str = "") -> Cart:
    """Check ``code`` against ``cart`` (window, uses, minimum spend of its lines) and keep it on the cart.

    Raises ``VoucherNotFound``, ``VoucherExpired``, ``VoucherUsedUp`` or ``VoucherMinSpend``; nothing is
    saved then."""
    code = voucher_code_normalise(code)
    if not code:
        raise VoucherCodeMissing(fields={"code": [VoucherCodeMissing.default_detail]})
    items = CartItem.objects.filter(cart=cart).select_related("variant__product__category")
    lines = [(item.variant, item.quantity) for item in items]
    cart.voucher_code = code
    pricing = cart_pricing(cart=cart, lines=lines, user=user, region=region)
    if pricing.voucher_problem is not None:
        cart.voucher_code = ""
        raise pricing.voucher_problem.error
    Cart.objects.filter(pk=cart.pk).update(voucher_code=code)
    return cart


def cart_voucher_remove(*, cart: Cart) -> Cart:
    """Take the voucher code off ``cart``. Idempotent."""
    Cart.objects.filter(pk=cart.pk).update(voucher_code="")
    cart.voucher_code = ""
    return cart


class ShippingMethodUnknown(DomainError):
    code = ErrorCode.SHIPPING_METHOD_UNAVAILABLE
    default_detail = gettext_lazy("There is no such shipping method.")


def cart_shipping_method_choose(*, cart: Cart, method_id: int) -> Cart:
    """Keep the shopper's shipping method on ``cart``. Raises ``ShippingMethodUnknown`` for an unknown or
    inactive method. Whether it serves the address is checked at checkout (``shipping_method_unavailable``)."""
    if not ShippingMethod.objects.filter(pk=method_id, is_active=True).exists():
        raise ShippingMethodUnknown(fields={"shipping_method": [ShippingMethodUnknown.default_detail]})
    Cart.objects.filter(pk=cart.pk).update(shipping_method_id=method_id)
    cart.shipping_method_id = method_id
    return cart
