"""Admin for returns: staff approve, reject (with the decision note as the reason) and receive them.

The shopper's reason is masked (``PiiMaskedAdminMixin`` reads ``personal_data.py``); every decision goes
through ``orders.returns.services`` from the actions.
"""

from django.contrib import admin, messages
from unfold.admin import ModelAdmin, TabularInline

from core.errors import DomainError
from orders.returns.models import ReturnLine, ReturnRequest
from orders.returns.services import return_approve, return_pickup_book, return_receive, return_reject
from privacy.admin.masking import PiiMaskedAdminMixin


class ReturnLineInline(TabularInline):
    model = ReturnLine
    extra = 0
    can_delete = False
    fields = ("order_line", "quantity")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReturnRequest)
class ReturnRequestAdmin(PiiMaskedAdminMixin, ModelAdmin):
    list_display = ("id", "order", "status", "pickup_status", "created_at", "decided_at", "received_at")
    list_filter = ("status", "pickup_status")
    search_fields = ("=id", "=order__number")
    inlines = (ReturnLineInline,)
    fields = (
        "order",
        "status",
        "reason",
        "decision_note",
        "decided_by",
        "decided_at",
        "pickup_carrier",
        "pickup_status",
        "pickup_reference",
        "pickup_error",
        "received_at",
        "refund",
    )
    readonly_fields = tuple(name for name in fields if name != "decision_note")
    actions = ("approve_returns", "reject_returns", "book_pickups", "receive_returns")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _each(self, request, queryset, action, done: str) -> None:
        succeeded, refused = [], []
        for return_request in queryset.order_by("pk"):
            try:
                action(return_request)
            except DomainError as error:
                refused.append(f"Return #{return_request.pk}: {error.detail}")
            else:
                succeeded.append(f"#{return_request.pk}")
        if succeeded:
            messages.success(request, f"{done}: {', '.join(succeeded)}.")
        for refusal in refused:
            messages.error(request, refusal)

    @admin.action(description="Approve and book the courier pickup", permissions=["change"])
    def approve_returns(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item: return_approve(return_id=item.pk, actor=request.user, note=item.decision_note),
            "Approved",
        )

    @admin.action(description="Reject (the decision note is the reason the shopper reads)", permissions=["change"])
    def reject_returns(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item: return_reject(return_id=item.pk, actor=request.user, note=item.decision_note),
            "Rejected",
        )

    @admin.action(description="Book the courier pickup again", permissions=["change"])
    def book_pickups(self, request, queryset):
        self._each(request, queryset, lambda item: return_pickup_book(return_id=item.pk), "Pickup requested")

    @admin.action(description="Received: restock and refund the lines", permissions=["change"])
    def receive_returns(self, request, queryset):
        self._each(request, queryset, lambda item: return_receive(return_id=item.pk, actor=request.user), "Refunded")
