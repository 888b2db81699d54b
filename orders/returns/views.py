"""The website's return form, posted from the order page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.web_errors import redirect_on_domain_error
from orders.returns.services import return_request_create
from orders.selectors.orders import order_get_for_update_actions


@login_required
@require_POST
@redirect_on_domain_error("orders:order-detail", "number")
def order_return_request_page(request: HttpRequest, number: str) -> HttpResponse:
    """Fields ``quantity_<line id>`` (units to send back, 0 to keep) and ``reason``."""
    order = order_get_for_update_actions(user=request.user, number=number)
    lines: dict[int, int] = {}
    for name, value in request.POST.items():
        if name.startswith("quantity_") and value not in ("", "0"):
            try:
                lines[int(name.removeprefix("quantity_"))] = int(value)
            except ValueError:
                messages.error(request, gettext("Choose how many of each item to send back."))
                return redirect("orders:order-detail", number=number)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, gettext("Tell us why you send the items back."))
        return redirect("orders:order-detail", number=number)
    return_request_create(order=order, lines=lines, reason=reason[:500], actor=request.user)
    messages.success(request, gettext("Your return request is sent. We will email you our decision."))
    return redirect("orders:order-detail", number=number)
