"""Guest pages: checkout with an email only, the order opened by its signed link (pay there), and a
guest's erasure (asked for by email, confirmed through the link sent to it)."""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.web_errors import form_errors, redirect_on_domain_error
from orders.models import PaymentStatus
from orders.selectors.orders import order_shipment
from orders.selectors.shopper_actions import order_actions
from orders.services.checkout import DeliveryAddress
from orders.services.guest import (
    guest_erase,
    guest_erasure_email_of,
    guest_erasure_request,
    guest_order_get,
    guest_order_place,
    guest_order_token,
)
from orders.services.payment import order_pay, order_payment_refresh
from orders.web.forms import GuestCheckoutForm, GuestErasureForm
from shop.selectors.cart import CART_SESSION_KEY, cart_detail, cart_get_for_request

_ADDRESS_FIELDS = ("recipient_name", "phone", "region", "city", "district", "street", "postcode")


@require_http_methods(["GET", "POST"])
def guest_checkout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("orders:checkout")
    cart = cart_detail(cart=cart_get_for_request(user=request.user, session=request.session))
    form = GuestCheckoutForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form_errors(form):
            order, _ = guest_order_place(
                cart_id=request.session.get(CART_SESSION_KEY),
                email=data["email"],
                delivery=DeliveryAddress(**{name: data.get(name, "") for name in _ADDRESS_FIELDS}),
                note=data["note"],
                idempotency_key=data["idempotency_key"],
            )
            messages.success(
                request,
                gettext("Order %(number)s placed. We emailed you its link; pay now to have it shipped.")
                % {"number": order.number},
            )
            return redirect("orders:guest-order", token=guest_order_token(order))
    status = 400 if form.is_bound else 200
    return render(request, "orders/guest_checkout.html", {"form": form, "cart": cart}, status=status)


def _guest_order_or_404(token: str):
    """The order the signed link opens; a bad link is a 404 (``NotFound``, through ``core.web_errors``)."""
    return guest_order_get(token=token)


def guest_order_page(request: HttpRequest, token: str) -> HttpResponse:
    """The guest's order, opened by its signed link; also where the payment provider sends them back."""
    order = _guest_order_or_404(token)
    if order.payments.filter(status__in=(PaymentStatus.PENDING, PaymentStatus.AUTHORIZED)).exists():
        order = order_payment_refresh(order=order)
    context = {
        "order": order,
        "token": token,
        "shipment": order_shipment(order),
        "can_pay": order_actions(order=order).can_pay,
    }
    return render(request, "orders/guest_order.html", context)


@require_POST
@redirect_on_domain_error("orders:guest-order", "token")
def guest_order_pay(request: HttpRequest, token: str) -> HttpResponse:
    order = _guest_order_or_404(token)
    payment = order_pay(order=order)
    if payment.status == PaymentStatus.PENDING and payment.redirect_url:
        return redirect(payment.redirect_url)
    return redirect("orders:guest-order", token=token)


@require_http_methods(["GET", "POST"])
def guest_erasure_request_page(request: HttpRequest) -> HttpResponse:
    form = GuestErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        guest_erasure_request(email=form.cleaned_data["email"])
        messages.success(
            request, gettext("If that email placed guest orders, we sent it a link to confirm the erasure.")
        )
        return redirect("orders:guest-erasure")
    return render(request, "orders/guest_erasure.html", {"form": form}, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def guest_erasure_confirm_page(request: HttpRequest, token: str) -> HttpResponse:
    guest_erasure_email_of(token=token)
    if request.method == "POST":
        erased, kept = guest_erase(token=token)
        text = ngettext("Erased %(count)d guest order.", "Erased %(count)d guest orders.", erased) % {"count": erased}
        if kept:
            text += " " + ngettext(
                "%(count)d order still on its way keeps its delivery details until it arrives.",
                "%(count)d orders still on their way keep their delivery details until they arrive.",
                kept,
            ) % {"count": kept}
        messages.success(request, text)
        return redirect("orders:guest-erasure")
    return render(request, "orders/guest_erasure.html", {"confirm": True})
