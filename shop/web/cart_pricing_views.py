"""Cart page forms for the shopper's pricing choices: apply or remove a voucher code, choose a shipping
method. Each is a POST answered with a redirect to the cart, and a message saying what happened."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.web_errors import redirect_on_domain_error
from shop.pricing.cart import default_region
from shop.selectors.cart import cart_get_for_request
from shop.services.cart_choices import cart_shipping_method_choose, cart_voucher_apply, cart_voucher_remove


class VoucherForm(forms.Form):
    code = forms.CharField(label="Voucher code", max_length=40, error_messages={"required": "Enter a voucher code."})


class ShippingMethodForm(forms.Form):
    shipping_method = forms.IntegerField(min_value=1, error_messages={"required": "Choose a shipping method."})


def _cart_or_404(request: HttpRequest):
    cart = cart_get_for_request(user=request.user, session=request.session)
    if cart is None:
        raise Http404("Your cart is empty.")
    return cart


def _first_error(form: forms.Form) -> str:
    return next(iter(form.errors.values()))[0]


@require_POST
@redirect_on_domain_error("cart")
def cart_voucher_apply_view(request: HttpRequest) -> HttpResponse:
    cart = _cart_or_404(request)
    form = VoucherForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("cart")
    cart_voucher_apply(
        cart=cart, code=form.cleaned_data["code"], user=request.user, region=default_region(request.user)
    )
    messages.success(request, gettext("Voucher applied."))
    return redirect("cart")


@require_POST
def cart_voucher_remove_view(request: HttpRequest) -> HttpResponse:
    cart_voucher_remove(cart=_cart_or_404(request))
    messages.success(request, gettext("Voucher removed."))
    return redirect("cart")


@require_POST
@redirect_on_domain_error("cart")
def cart_shipping_method_view(request: HttpRequest) -> HttpResponse:
    cart = _cart_or_404(request)
    form = ShippingMethodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("cart")
    cart_shipping_method_choose(cart=cart, method_id=form.cleaned_data["shipping_method"])
    messages.success(request, gettext("Shipping method chosen."))
    return redirect("cart")
