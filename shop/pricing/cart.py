"""The cart's prices: the one calculation applied to the cart's lines for a delivery region, with the
shopper's voucher and shipping choice. A voucher that no longer applies is reported, not applied."""

from dataclasses import dataclass

from shop.models import Cart
from shop.pricing.context import pricing_context_load, quote_for_variants
from shop.pricing.quote import Quote
from shop.promotions.errors import VoucherError
from shop.promotions.vouchers import voucher_check_limits, voucher_get


@dataclass(frozen=True)
class VoucherProblem:
    code: str
    detail: str
    error: VoucherError


@dataclass(frozen=True)
class CartPricing:
    quote: Quote
    voucher_code: str  # as entered, also when it does not apply
    voucher_problem: VoucherProblem | None
    region: str


def default_region(user) -> str:
    """The region of a signed-in shopper's default address ("" otherwise): the cart's estimate. One query."""
    if user is None or not user.is_authenticated:
        return ""
    return user.addresses.filter(is_default=True).values_list("region", flat=True).first() or ""


def cart_pricing(*, cart: Cart | None, lines: list[tuple[object, int]], user, region: str = "") -> CartPricing:
    """Price ``(variant, quantity)`` lines of ``cart`` for ``region`` ("": the whole-country zone)."""
    context = pricing_context_load(region=region or None)
    code = cart.voucher_code if cart is not None else ""
    method_id = cart.shipping_method_id if cart is not None else None
    voucher, problem = None, None
    if code:
        try:
            voucher = voucher_get(code=code)
            voucher_check_limits(voucher=voucher, user=user)
            quote = quote_for_variants(context=context, lines=lines, voucher=voucher, method_id=method_id)
        except VoucherError as error:
            problem = VoucherProblem(code=str(error.code), detail=error.detail, error=error)
            voucher = None
    if voucher is None:
        quote = quote_for_variants(context=context, lines=lines, method_id=method_id)
    return CartPricing(quote=quote, voucher_code=code, voucher_problem=problem, region=region)
