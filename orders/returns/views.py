"""The website's return form, posted from the order page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotFound
from orders.returns.services import return_request_create
from orders.selectors.orders import order_get_for_update_actions


@login_required
@require_POST
def order_return_request_page(request: HttpRequest, number: str) -> HttpResponse:
    """Fields ``quantity_<line id>`` (units to send back, 0 to keep) and ``reason``."""
    try:
        order = order_get_for_update_actions(user=request.user, number=number)
    except NotFound as error:
        raise Http404(error.detail) from error
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
    try:
        return_request_create(order=order, lines=lines, reason=reason[:500], actor=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, gettext("Your return request is sent. We will email you our decision."))
    return redirect("orders:order-detail", number=number)
