"""Order pages of the website: checkout, the order list and detail (pay, cancel), the address book.

Every page needs a signed-in user; the policy gate middleware handles the rest. Changes are POSTs
protected by CSRF and answered with a redirect, so everything works without JavaScript.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.rate_limits import rate_limited
from core.web_errors import form_errors, redirect_on_domain_error
from orders.invoices.selectors import order_documents
from orders.models import OrderStatus, PaymentStatus
from orders.returns.selectors import returns_of_order
from orders.selectors.addresses import address_get, address_list
from orders.selectors.orders import order_get, order_get_for_update_actions, order_list, order_shipment
from orders.selectors.shopper_actions import line_actions, order_actions
from orders.services.addresses import address_create, address_delete, address_update
from orders.services.checkout import DeliveryAddress, Invoice, order_place
from orders.services.guest import guest_orders_claim
from orders.services.payment import order_cancel, order_pay, order_payment_refresh
from orders.web.forms import AddressBookForm, CheckoutForm, CheckoutNewAddressForm
from shop.pricing.cart import default_region
from shop.selectors.cart import cart_detail, cart_get_for_request

ORDERS_PER_PAGE = 20


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("checkout")
def checkout(request: HttpRequest) -> HttpResponse:
    cart = cart_detail(
        cart=cart_get_for_request(user=request.user, session=request.session),
        user=request.user,
        region=default_region(request.user),
    )
    addresses = list(address_list(user=request.user))
    quote = cart.pricing.quote
    choices = {
        "addresses": addresses,
        "shipping_options": quote.shipping_options,
        "shipping_choice": quote.shipping.method.pk if quote.shipping else None,
    }
    if request.method == "POST":
        form = CheckoutForm(request.POST, **choices)
        new_address_form = CheckoutNewAddressForm(request.POST, prefix="new")
        if form.is_valid():
            response = _place(request, form, new_address_form)
            if response is not None:
                return response
    else:
        initial = {"idempotency_key": uuid.uuid4().hex, "voucher_code": cart.pricing.voucher_code}
        form = CheckoutForm(initial=initial, **choices)
        new_address_form = CheckoutNewAddressForm(prefix="new")
    context = {"form": form, "new_address_form": new_address_form, "cart": cart, "has_addresses": bool(addresses)}
    return render(request, "orders/checkout.html", context, status=400 if form.is_bound else 200)


def _place(request: HttpRequest, form: CheckoutForm, new_address_form: CheckoutNewAddressForm) -> HttpResponse | None:
    """Place the order the valid ``form`` describes; ``None`` when the page must be shown again."""
    address = form.chosen_address
    new_fields: dict = {}
    if address is None:
        if not new_address_form.is_valid():
            return None
        new_fields = {name: value for name, value in new_address_form.cleaned_data.items() if name != "save_to_book"}
        delivery = DeliveryAddress(**new_fields)
    else:
        delivery = DeliveryAddress.from_address(address)
    data = form.cleaned_data
    with form_errors(form):
        order, created = order_place(
            user=request.user,
            delivery=delivery,
            note=data["note"],
            invoice=Invoice(data["invoice_title"], data["invoice_tax_id"], data["invoice_email"])
            if data["invoice_title"]
            else None,
            idempotency_key=data["idempotency_key"],
            shipping_method_id=data.get("shipping_method"),
            voucher_code=data["voucher_code"],
            save_to_book=bool(new_fields) and new_address_form.cleaned_data["save_to_book"],
        )
        if created:
            messages.success(
                request, gettext("Order %(number)s placed. Pay now to have it shipped.") % {"number": order.number}
            )
        return redirect("orders:order-detail", number=order.number)
    return None


@login_required
def order_list_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(order_list(user=request.user), ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "orders/order_list.html", {"page": page})


@login_required
def order_detail_page(request: HttpRequest, number: str) -> HttpResponse:
    order = order_get(user=request.user, number=number)
    invoice, credit_notes = order_documents(order=order)
    actions = order_actions(order=order, has_invoice=invoice is not None)
    lines = [(line, line_actions(line=line)) for line in order.lines.all()]
    context = {
        "order": order,
        "invoice": invoice,
        "credit_notes": credit_notes,
        "lines": lines,
        "any_reviewable": any(line_action.can_review for _, line_action in lines),
        "return_lines": [(line, a.returnable_quantity) for line, a in lines if a.can_return],
        "returns": returns_of_order(order=order),
        "refunds": order.refunds.all(),
        "shipment": order_shipment(order),
        "actions": actions,
        "can_pay": actions.can_pay,
        "can_cancel": actions.can_cancel,
    }
    return render(request, "orders/order_detail.html", context)


def _own_order_or_404(request: HttpRequest, number: str):
    """The caller's order; another's is a 404 (``NotFound``, through ``core.web_errors``)."""
    return order_get_for_update_actions(user=request.user, number=number)


@login_required
@require_POST
@redirect_on_domain_error("orders:order-detail", "number")
def order_pay_page(request: HttpRequest, number: str) -> HttpResponse:
    """Open the payment and send the shopper to the provider's page (or back, if it answered at once)."""
    order = _own_order_or_404(request, number)
    payment = order_pay(order=order, actor=request.user)
    if payment.status == PaymentStatus.PENDING and payment.redirect_url:
        return redirect(payment.redirect_url)
    messages.success(request, gettext("Thank you: your payment went through. We are preparing your parcel."))
    return redirect("orders:order-detail", number=number)


@login_required
def order_payment_return_page(request: HttpRequest, number: str) -> HttpResponse:
    """Where the provider sends the shopper back. The redirect proves nothing: the order page shows what
    the provider confirmed, after asking it once now rather than waiting for its webhook."""
    order = order_payment_refresh(order=_own_order_or_404(request, number))
    if order.status == OrderStatus.PENDING_PAYMENT:
        latest = order.payments.order_by("-created_at", "-id").first()
        if latest is not None and latest.status == PaymentStatus.FAILED:
            messages.error(request, gettext("The payment was declined. The order is still waiting for payment."))
        else:
            messages.info(request, gettext("We are waiting for the payment provider to confirm your payment."))
    else:
        messages.success(request, gettext("Thank you: your payment went through. We are preparing your parcel."))
    return redirect("orders:order-detail", number=number)


@login_required
@require_POST
@redirect_on_domain_error("orders:order-detail", "number")
def order_cancel_page(request: HttpRequest, number: str) -> HttpResponse:
    order = _own_order_or_404(request, number)
    order_cancel(order=order, actor=request.user, message="Cancelled by the buyer.")
    messages.success(request, gettext("Order %(number)s is cancelled.") % {"number": number})
    return redirect("orders:order-detail", number=number)


@login_required
@require_http_methods(["GET", "POST"])
def address_book(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AddressBookForm(request.POST)
        if form.is_valid():
            address_create(user=request.user, **form.cleaned_data)
            messages.success(request, gettext("Address added."))
            return redirect("orders:address-book")
    else:
        form = AddressBookForm()
    context = {"addresses": address_list(user=request.user), "form": form}
    return render(request, "orders/address_book.html", context, status=400 if form.is_bound else 200)


def _own_address_or_404(request: HttpRequest, address_id: int):
    """The caller's address; another's is a 404 (``NotFound``, through ``core.web_errors``)."""
    return address_get(user=request.user, address_id=address_id)


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request: HttpRequest, address_id: int) -> HttpResponse:
    address = _own_address_or_404(request, address_id)
    if request.method == "POST":
        form = AddressBookForm(request.POST)
        if form.is_valid():
            address_update(address=address, **form.cleaned_data)
            messages.success(request, gettext("Address saved."))
            return redirect("orders:address-book")
    else:
        form = AddressBookForm(initial={name: getattr(address, name) for name in AddressBookForm.base_fields})
    return render(
        request, "orders/address_edit.html", {"address": address, "form": form}, status=400 if form.is_bound else 200
    )


@login_required
@require_POST
def address_remove(request: HttpRequest, address_id: int) -> HttpResponse:
    address_delete(address=_own_address_or_404(request, address_id))
    messages.success(request, gettext("Address deleted."))
    return redirect("orders:address-book")


@login_required
@require_POST
def guest_orders_claim_page(request: HttpRequest) -> HttpResponse:
    """Add the guest orders placed with one of the account's verified emails to it."""
    claimed = guest_orders_claim(user=request.user)
    if claimed:
        messages.success(request, gettext("Added to your account: %(orders)s.") % {"orders": ", ".join(claimed)})
    else:
        messages.info(request, gettext("No guest order was placed with your verified email."))
    return redirect("orders:order-list")
