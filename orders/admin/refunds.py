"""The admin's partial refund: a form for one order (lines and units, or an amount, a reason, restock),
reached from the order list's "Refund in part" action; it calls ``order_refund_partial``."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.errors import DomainError
from orders.models import ActorKind, Order
from orders.services.refunds import order_refund_partial, refundable_amount


class PartialRefundForm(forms.Form):
    reason = forms.CharField(max_length=255, help_text="The shopper reads it in the refund email.")
    amount = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text="Leave empty to refund the chosen lines' value.",
    )
    restock = forms.BooleanField(required=False, help_text="The goods came back: put the refunded units on sale.")

    def __init__(self, *args, order: Order, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.order = order
        for line in order.lines.all():
            left = line.quantity - line.quantity_refunded
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.product_title} ({line.sku}), {left} of {line.quantity} left",
                min_value=0,
                max_value=left,
                initial=0,
                required=False,
            )

    def chosen_lines(self) -> dict[int, int]:
        return {
            int(name.removeprefix("line_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("line_") and value
        }


class PartialRefundAdminMixin:
    """Adds ``<order id>/partial-refund/`` to the order admin and the action that leads there."""

    def get_urls(self):
        own = [
            path(
                "<int:order_id>/partial-refund/",
                self.admin_site.admin_view(self.partial_refund_view),
                name="orders_order_partial_refund",
            )
        ]
        return own + super().get_urls()

    @admin.action(description="Refund in part (lines or an amount)", permissions=["change"])
    def refund_in_part(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, "Choose exactly one order to refund in part.")
            return None
        return HttpResponseRedirect(reverse("admin:orders_order_partial_refund", args=[queryset.get().pk]))

    def partial_refund_view(self, request: HttpRequest, order_id: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied("Staff without the change permission on orders cannot refund.")
        order = get_object_or_404(Order, pk=order_id)
        form = PartialRefundForm(request.POST or None, order=order)
        if request.method == "POST" and form.is_valid():
            try:
                refund = order_refund_partial(
                    order=order,
                    reason=form.cleaned_data["reason"],
                    lines=form.chosen_lines(),
                    amount=form.cleaned_data["amount"],
                    restock=form.cleaned_data["restock"],
                    actor=request.user,
                    actor_kind=ActorKind.STAFF,
                )
            except DomainError as error:
                form.add_error(None, error.detail)
            else:
                messages.success(request, f"Refunded {order.currency} {refund.amount} of order {order.number}.")
                return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Refund part of order {order.number}",
            "order": order,
            "form": form,
            "refundable": refundable_amount(order),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/orders/partial_refund.html", context)
