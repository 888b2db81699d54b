"""Packing slips in the admin: ``<admin>/orders/order/packing-slips/`` lists the orders to ship, and
``.../packing-slips/<id>/`` shows one slip (recipient, phone, full address, the delivery note, the lines).

Both need ``orders.view_packing_slip`` (not the general reveal permission): fulfilment staff see what they must
ship and nothing else; every slip opened is written to the personal data access log by the service.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import path

from core.errors import DomainError
from orders.models import Order
from orders.selectors.packing import orders_to_ship
from orders.services.packing import may_view_packing_slips, packing_slip_open


def packing_slip_urls(model_admin) -> list:
    """The packing-slip URLs of the order admin, to put before its own."""
    site = model_admin.admin_site

    def slip_list(request: HttpRequest) -> TemplateResponse:
        if not may_view_packing_slips(request.user):
            raise PermissionDenied
        context = {
            **site.each_context(request),
            "title": "Packing slips: orders to ship",
            "opts": Order._meta,
            "orders": orders_to_ship(),
        }
        request.current_app = site.name
        return TemplateResponse(request, "orders/admin/packing_slips.html", context)

    def slip_detail(request: HttpRequest, order_id: int) -> TemplateResponse:
        try:
            slip = packing_slip_open(staff=request.user, order_id=order_id)
        except DomainError as exc:
            if exc.status_code == 404:
                raise Http404(exc.detail) from None
            raise PermissionDenied(exc.detail) from None
        context = {
            **site.each_context(request),
            "title": f"Packing slip: order {slip.order.number}",
            "opts": Order._meta,
            "slip": slip,
        }
        request.current_app = site.name
        return TemplateResponse(request, "orders/admin/packing_slip.html", context)

    return [
        path("packing-slips/", site.admin_view(slip_list), name="orders_order_packing_slips"),
        path("packing-slips/<int:order_id>/", site.admin_view(slip_detail), name="orders_order_packing_slip"),
    ]
