"""Admin for orders, their lines, events and payments, and the address book.

Recipient name, phone, street, invoice fields and the note are masked everywhere in these pages
(``PiiMaskedAdminMixin`` reads the masks from ``orders/personal_data.py``); revealing them is audited.
Orders are never added, edited or deleted by hand: every change of status goes through the services
(``order_transition``, ``order_cancel``, ``order_refund``, the logistics handoff), from the actions.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display

from core.errors import DomainError
from core.money import money_format
from orders.admin.packing import packing_slip_urls
from orders.admin.refunds import PartialRefundAdminMixin
from orders.admin.transitions import CONFIRMED, OrderTransitionsAdminMixin, bulk_transition_confirmation
from orders.invoices.models import Invoice
from orders.models import ActorKind, Address, Order, OrderEvent, OrderLine, OrderStatus, Payment
from orders.services.payment import order_cancel
from orders.services.refunds import order_refund
from orders.services.status import order_transition
from privacy.admin.inlines import PiiMaskedInlineMixin
from privacy.admin.masking import PiiMaskedAdminMixin, masked_field_value
from privacy.hashing import normalise_phone

# The colour of each status's badge in the order list (the theme's label kinds).
STATUS_COLOURS = {
    OrderStatus.PENDING_PAYMENT: "warning",
    OrderStatus.PAID: "info",
    OrderStatus.AWAITING_PICKUP: "info",
    OrderStatus.SHIPPED: "primary",
    OrderStatus.DELIVERED: "success",
    OrderStatus.COMPLETED: "success",
    OrderStatus.CANCELLED: "danger",
    OrderStatus.PARTIALLY_REFUNDED: "warning",
    OrderStatus.REFUNDED: "danger",
}


class ReadOnlyInline(PiiMaskedInlineMixin, TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    # The lines fit the order page at 1280 px: attributes as words, not JSON; the net amount is the total less
    # discount and tax, and the original price shows on the invoice.
    fields = (
        "sku",
        "product_title",
        "variant_attributes",
        "unit_price",
        "quantity",
        "quantity_refunded",
        "line_discount",
        "line_total",
        "tax_rate",
        "line_tax",
    )
    readonly_fields = fields

    @admin.display(description=_("Attributes"))
    def variant_attributes(self, line: OrderLine) -> str:
        return ", ".join(f"{name}: {value}" for name, value in (line.attributes or {}).items()) or "-"


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ("created_at", "kind", "from_status", "to_status", "actor_kind", "actor", "message")
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ("created_at", "provider", "masked_reference", "amount", "currency", "status", "failure_code")
    readonly_fields = fields

    @admin.display(description="Reference")
    def masked_reference(self, payment: Payment) -> str:
        # The mixin masks ModelAdmin pages only; an inline masks its personal fields itself.
        return masked_field_value(payment, "reference")


def _run_each(request: HttpRequest, queryset: QuerySet[Order], action: Callable[[Order], object], done: str) -> None:
    """Apply ``action`` to each selected order on its own, reporting successes and refusals by number."""
    succeeded, refused = [], []
    for order in queryset.order_by("pk"):
        try:
            action(order)
        except DomainError as error:
            refused.append(f"{order.number}: {error.detail}")
        else:
            succeeded.append(order.number)
    if succeeded:
        messages.success(request, f"{done}: {', '.join(succeeded)}.")
    for refusal in refused:
        messages.error(request, refusal)


def _handoff_starter(request: HttpRequest) -> Callable[[Order], None]:
    # Imported here: the logistics service belongs to the logistics half of the app and imports ours.
    from orders.services.logistics import order_handoff_start

    return lambda order: order_handoff_start(order_id=order.pk, actor=request.user)


@admin.register(Order)
class OrderAdmin(OrderTransitionsAdminMixin, PartialRefundAdminMixin, PiiMaskedAdminMixin, ModelAdmin):
    # Fits 1280 px beside the sidebar: the total (with its currency) and the status stay in view.
    list_display = ("number", "placed", "status_label", "recipient_name", "phone", "city", "total_amount")
    list_filter = ("status", ("created_at", admin.DateFieldListFilter))
    date_hierarchy = "created_at"
    search_fields = ("=number", "number")
    list_select_related = ()
    show_full_result_count = False
    inlines = (OrderLineInline, OrderEventInline, PaymentInline)
    actions = (
        "hand_off_to_carrier",
        "mark_shipped",
        "mark_delivered",
        "cancel_orders",
        "refund_orders",
        "refund_in_part",
    )
    fieldsets = (
        (None, {"fields": ("number", "status", "user", "created_at", "updated_at")}),
        (
            "Amounts",
            {"fields": ("currency", "subtotal", "shipping_total", "discount_total", "voucher_code", "total")},
        ),
        (
            "Tax and shipping",
            {
                "fields": (
                    "prices_include_tax",
                    "net_total",
                    "tax_total",
                    "tax_breakdown_table",
                    "shipping_method_name",
                    "shipping_method",
                    "shipping_tax_rate",
                    "shipping_net",
                    "shipping_tax",
                )
            },
        ),
        (
            "Delivery",
            {"fields": ("recipient_name", "phone", "region", "city", "district", "street", "postcode", "note")},
        ),
        ("Invoice", {"fields": ("invoice_document", "invoice_title", "invoice_tax_id", "invoice_email")}),
        (
            "Dates",
            {"fields": ("paid_at", "shipped_at", "delivered_at", "completed_at", "cancelled_at", "refunded_at")},
        ),
    )
    readonly_fields = (
        "invoice_document",
        "number",
        "status",
        "user",
        "created_at",
        "updated_at",
        "currency",
        "subtotal",
        "shipping_total",
        "discount_total",
        "voucher_code",
        "total",
        "prices_include_tax",
        "net_total",
        "tax_total",
        "tax_breakdown_table",
        "shipping_method_name",
        "shipping_method",
        "shipping_tax_rate",
        "shipping_net",
        "shipping_tax",
        "region",
        "city",
        "postcode",
        "paid_at",
        "shipped_at",
        "delivered_at",
        "completed_at",
        "cancelled_at",
        "refunded_at",
    )

    @display(description=_("Placed"), ordering="created_at")
    def placed(self, order: Order) -> str:
        return date_format(timezone.localtime(order.created_at), "j M Y, H:i")

    @display(description=_("Status"), ordering="status", label=STATUS_COLOURS)
    def status_label(self, order: Order) -> tuple[str, str]:
        return order.status, order.get_status_display()

    @display(description=_("Total"), ordering="total")
    def total_amount(self, order: Order) -> str:
        return money_format(order.total, order.currency)

    @admin.display(description="Tax by rate")
    def tax_breakdown_table(self, order: Order) -> str:
        return "; ".join(
            f"{band['rate']}%: net {band['net']}, tax {band['tax']}, gross {band['gross']}"
            for band in order.tax_breakdown
        )

    def get_urls(self):
        # Packing slips (orders/admin/packing.py) are reachable with their own permission, without view_order.
        return [*packing_slip_urls(self), *super().get_urls()]

    @admin.display(description="Invoice")
    def invoice_document(self, order: Order) -> str:
        invoice = Invoice.objects.filter(order=order).first()
        if invoice is None:
            return "None yet: one is issued when the order is paid."
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">Download PDF</a>',
            reverse("admin:invoices_invoice_change", args=[invoice.pk]),
            invoice.number,
            reverse("admin:invoices_invoice_pdf", args=[invoice.pk]),
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Orders are accounting records; a buyer's erasure anonymises them instead.
        return False

    @admin.action(description="Hand off to carrier", permissions=["change"])
    def hand_off_to_carrier(self, request, queryset):
        _run_each(request, queryset, _handoff_starter(request), "Handoff started for")

    def _transition(self, request, queryset, to_status: str, message: str, done: str) -> None:
        _run_each(
            request,
            queryset,
            lambda order: order_transition(
                order_id=order.pk, to_status=to_status, actor=request.user, actor_kind=ActorKind.STAFF, message=message
            ),
            done,
        )

    @admin.action(description="Mark shipped", permissions=["change"])
    def mark_shipped(self, request, queryset):
        self._transition(request, queryset, OrderStatus.SHIPPED, "Marked shipped by staff.", "Marked shipped")

    @admin.action(description="Mark delivered", permissions=["change"])
    def mark_delivered(self, request, queryset):
        self._transition(request, queryset, OrderStatus.DELIVERED, "Marked delivered by staff.", "Marked delivered")

    @admin.action(description="Cancel (refunds a paid order)…", permissions=["change"])
    def cancel_orders(self, request, queryset):
        if not request.POST.get(CONFIRMED):
            return bulk_transition_confirmation(self, request, queryset, OrderStatus.CANCELLED, "cancel_orders")
        _run_each(
            request,
            queryset,
            lambda order: order_cancel(
                order=order, actor=request.user, actor_kind=ActorKind.STAFF, message="Cancelled by staff."
            ),
            "Cancelled",
        )

    @admin.action(description="Refund in full…", permissions=["change"])
    def refund_orders(self, request, queryset):
        if not request.POST.get(CONFIRMED):
            return bulk_transition_confirmation(self, request, queryset, OrderStatus.REFUNDED, "refund_orders")
        _run_each(
            request,
            queryset,
            lambda order: order_refund(
                order=order, actor=request.user, actor_kind=ActorKind.STAFF, message="Refunded by staff."
            ),
            "Refunded",
        )


@admin.register(Address)
class AddressAdmin(PiiMaskedAdminMixin, ModelAdmin):
    # Staff find an address book entry by the full phone number, through its keyed hash (the phone is encrypted).
    pii_search_hashes = {"phone_hash": normalise_phone}
    list_display = ("id", "user", "recipient_name", "phone", "region", "city", "district", "is_default", "updated_at")
    list_filter = ("is_default",)
    list_select_related = ("user",)
    search_fields = ("=id", "=user__id")
    fields = ("user", "recipient_name", "phone", "region", "city", "district", "street", "postcode", "is_default")
    readonly_fields = ("user", "region", "city", "district", "is_default")

    def has_add_permission(self, request) -> bool:
        # Addresses belong to their shoppers, who add them; staff only look (masked) or correct on request.
        return False
