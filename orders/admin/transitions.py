"""The order page's status buttons and the confirmation page before a refund or a cancellation.

``<order id>/status/<to status>/``: GET shows what the step would do (the summary of
``orders.selectors.transitions``), POST does it through the same services as the list's actions, which
record the order event with the staff member as actor. Only the steps the state machine allows from the
order's current status are offered; a stale page asking for another answers with a message, not an error.
Needs the change permission on the order; the admin's login and CSRF protection apply as everywhere.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from orders.models import ActorKind, Order, OrderStatus
from orders.selectors.transitions import (
    CONFIRMED_TARGETS,
    STAFF_TARGETS,
    order_staff_transitions,
    order_transition_effect,
)
from orders.services.payment import order_cancel
from orders.services.refunds import order_refund
from orders.services.status import order_transition

S = OrderStatus
CONFIRM_TEMPLATE = "admin/orders/order/transition_confirm.html"
BULK_CONFIRM_TEMPLATE = "admin/orders/order/bulk_transition_confirm.html"
# Posted back by the list's confirmation page: the action then runs.
CONFIRMED = "confirmed"
BUTTON_LABELS = {
    S.AWAITING_PICKUP: _("Hand off to carrier"),
    S.SHIPPED: _("Mark shipped"),
    S.DELIVERED: _("Mark delivered"),
    S.COMPLETED: _("Mark completed"),
    S.PARTIALLY_REFUNDED: _("Refund in part…"),
    S.REFUNDED: _("Refund in full…"),
    S.CANCELLED: _("Cancel order…"),
}
DONE_MESSAGES = {
    S.AWAITING_PICKUP: _("Order %(number)s: handoff to the carrier started."),
    S.SHIPPED: _("Order %(number)s is marked shipped."),
    S.DELIVERED: _("Order %(number)s is marked delivered."),
    S.COMPLETED: _("Order %(number)s is marked completed."),
    S.REFUNDED: _("Order %(number)s is refunded in full."),
    S.CANCELLED: _("Order %(number)s is cancelled."),
}


def order_transition_apply(order: Order, to_status: str, actor) -> None:
    """Move ``order`` to ``to_status`` through the service that owns that step (raises ``DomainError``)."""
    if to_status == S.AWAITING_PICKUP:
        # Imported here: the logistics service belongs to the logistics half of the app and imports ours.
        from orders.services.logistics import order_handoff_start

        order_handoff_start(order_id=order.pk, actor=actor)
    elif to_status == S.CANCELLED:
        order_cancel(order=order, actor=actor, actor_kind=ActorKind.STAFF, message="Cancelled by staff.")
    elif to_status == S.REFUNDED:
        order_refund(order=order, actor=actor, actor_kind=ActorKind.STAFF, message="Refunded by staff.")
    else:
        order_transition(
            order_id=order.pk,
            to_status=to_status,
            actor=actor,
            actor_kind=ActorKind.STAFF,
            message=f"Marked {S(to_status).label.lower()} by staff.",
        )


class OrderTransitionsAdminMixin:
    """Adds the status buttons above the order form and ``<id>/status/<to_status>/`` behind them."""

    change_form_outer_before_template = "admin/orders/order/status_buttons.html"

    def get_urls(self):
        own = [
            path(
                "<int:order_id>/status/<str:to_status>/",
                self.admin_site.admin_view(self.order_transition_view),
                name="orders_order_transition",
            )
        ]
        return own + super().get_urls()

    def order_status_buttons(self, request: HttpRequest, order: Order) -> list[dict]:
        if not self.has_change_permission(request, order):
            return []
        buttons = []
        for to_status in order_staff_transitions(order):
            if to_status == S.PARTIALLY_REFUNDED:
                url = reverse("admin:orders_order_partial_refund", args=[order.pk])
            else:
                url = reverse("admin:orders_order_transition", args=[order.pk, to_status])
            buttons.append(
                {
                    "label": BUTTON_LABELS[to_status],
                    "url": url,
                    # Steps that move money lead to a page first; the others are posted from the order page.
                    "confirm": to_status in CONFIRMED_TARGETS or to_status == S.PARTIALLY_REFUNDED,
                    "danger": to_status in CONFIRMED_TARGETS,
                }
            )
        return buttons

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["order_status_buttons"] = self.order_status_buttons(request, obj)
            context["order_status_label"] = obj.get_status_display()
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def order_transition_view(self, request: HttpRequest, order_id: int, to_status: str) -> HttpResponse:
        # Refused before anything is looked up: staff who may not change orders learn nothing from this URL.
        if not self.has_change_permission(request):
            raise PermissionDenied(gettext("Staff without the change permission on orders cannot change them."))
        if to_status not in STAFF_TARGETS or to_status == S.PARTIALLY_REFUNDED:
            raise Http404(gettext("No such status step."))
        order = get_object_or_404(Order, pk=order_id)
        if not self.has_change_permission(request, order):
            raise PermissionDenied(gettext("Staff without the change permission on orders cannot change them."))
        change_url = reverse("admin:orders_order_change", args=[order.pk])
        if to_status not in order_staff_transitions(order):
            messages.error(
                request,
                gettext("Order %(number)s is %(status)s: it cannot move to %(target)s.")
                % {"number": order.number, "status": order.get_status_display(), "target": S(to_status).label},
            )
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            try:
                order_transition_apply(order, to_status, request.user)
            except DomainError as error:
                messages.error(request, f"{order.number}: {error.detail}")
            else:
                messages.success(request, DONE_MESSAGES[to_status] % {"number": order.number})
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(action)s: order %(number)s")
            % {"action": str(BUTTON_LABELS[to_status]).rstrip("…"), "number": order.number},
            "opts": self.opts,
            "order": order,
            "effect": order_transition_effect(order, to_status),
            "from_label": order.get_status_display(),
            "to_label": S(to_status).label,
            "action_label": str(BUTTON_LABELS[to_status]).rstrip("…"),
            "danger": to_status in CONFIRMED_TARGETS,
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, CONFIRM_TEMPLATE, context)


def bulk_transition_confirmation(model_admin, request: HttpRequest, queryset, to_status: str, action: str):
    """The list action's confirmation page (as Django's "delete selected" has): each selected order with what
    moving it to ``to_status`` would do, and those the state machine refuses; posting it back runs the action."""
    orders = list(queryset.order_by("pk"))
    allowed = [
        (order, order_transition_effect(order, to_status))
        for order in orders
        if to_status in order_staff_transitions(order)
    ]
    refused = [order for order in orders if to_status not in order_staff_transitions(order)]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("%(action)s: %(count)s orders")
        % {"action": str(BUTTON_LABELS[to_status]).rstrip("…"), "count": len(orders)},
        "opts": model_admin.opts,
        "allowed": allowed,
        "refused": refused,
        "to_label": S(to_status).label,
        "action": action,
        "action_label": str(BUTTON_LABELS[to_status]).rstrip("…"),
        "selected": [order.pk for order in orders],
        "confirmed_field": CONFIRMED,
        "changelist_url": reverse("admin:orders_order_changelist"),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, BULK_CONFIRM_TEMPLATE, context)
