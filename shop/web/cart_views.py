"""Cart pages of the website: the cart, add to cart (from the product page), change and remove lines.

Every change is a POST protected by CSRF and answered with a redirect (or the cart page with the
error next to the field), so the cart works without JavaScript.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from core.web_errors import form_errors, redirect_back, redirect_on_domain_error
from shop.pricing.cart import default_region
from shop.selectors.cart import cart_detail, cart_get_for_request, cart_variant_get
from shop.services.cart import cart_add_item, cart_get_or_create_for_request, cart_remove_item, cart_update_item


class CartAddForm(forms.Form):
    variant = forms.IntegerField(min_value=1, error_messages={"required": "Choose a variant."})
    quantity = forms.IntegerField(min_value=1, initial=1)

    def clean_variant(self):
        variant = cart_variant_get(reference=self.cleaned_data["variant"])
        if variant is None:
            raise forms.ValidationError("This product is not available.")
        return variant


class CartItemQuantityForm(forms.Form):
    quantity = forms.IntegerField(min_value=1)


def _redirect_back(request: HttpRequest) -> HttpResponse:
    """Back to the page the form was on (the product page) when it is ours, else to the cart."""
    return redirect_back(request, "cart")


def _render_cart(request: HttpRequest, *, line_errors: dict | None = None, status: int = 200) -> HttpResponse:
    cart = cart_get_for_request(user=request.user, session=request.session)
    detail = cart_detail(cart=cart, user=request.user, region=default_region(request.user))
    line_errors = line_errors or {}
    if not set(line_errors) <= {line.id for line in detail.lines}:
        raise Http404("This item is not in your cart.")
    rows = [{"line": line, "errors": line_errors.get(line.id, [])} for line in detail.lines]
    return render(request, "shop/cart.html", {"cart": detail, "rows": rows}, status=status)


def _caller_cart_or_404(request: HttpRequest):
    cart = cart_get_for_request(user=request.user, session=request.session)
    if cart is None:
        raise Http404("This item is not in your cart.")
    return cart


@require_GET
def cart_page(request: HttpRequest) -> HttpResponse:
    return _render_cart(request)


@require_POST
@redirect_on_domain_error("cart", back=True)
def cart_add(request: HttpRequest) -> HttpResponse:
    form = CartAddForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _redirect_back(request)
    variant, quantity = form.cleaned_data["variant"], form.cleaned_data["quantity"]
    cart = cart_get_or_create_for_request(user=request.user, session=request.session)
    cart_add_item(cart=cart, variant=variant, quantity=quantity)
    messages.success(
        request,
        gettext("Added %(product)s (quantity %(quantity)s) to your cart.")
        % {"product": variant.product.title, "quantity": quantity},
    )
    return redirect("cart")


@require_POST
def cart_item_update(request: HttpRequest, item_id: int) -> HttpResponse:
    cart = _caller_cart_or_404(request)
    form = CartItemQuantityForm(request.POST)
    if not form.is_valid():
        return _render_cart(request, line_errors={item_id: form.errors["quantity"]}, status=400)
    with form_errors(form):
        cart_update_item(cart=cart, item_id=item_id, quantity=form.cleaned_data["quantity"])
        messages.success(request, gettext("Quantity updated."))
        return redirect("cart")
    return _render_cart(
        request, line_errors={item_id: form.errors.get("quantity") or form.non_field_errors()}, status=400
    )


@require_POST
def cart_item_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    cart_remove_item(cart=_caller_cart_or_404(request), item_id=item_id)
    messages.success(request, gettext("Removed from your cart."))
    return redirect("cart")
