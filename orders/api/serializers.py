"""Serializers of the addresses and orders API: input validation and output shapes only."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.text import format_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.schema import ErrorSerializer
from orders.models import Address, Order, OrderStatus, PaymentStatus
from orders.selectors.orders import order_shipment
from orders.selectors.shopper_actions import LineActions, OrderActions, line_actions, order_actions
from orders.validators import PHONE_HELP, phone_normalise_valid

# --- Addresses ---


class PhoneField(serializers.CharField):
    """A phone number, validated and returned normalised (see ``orders.validators``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", format_lazy("{} Stored normalised: digits, with a leading + kept.", PHONE_HELP))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return phone_normalise_valid(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class AddressFieldsSerializer(serializers.Serializer):
    """The fields of a delivery address, typed in (address book or inline at checkout)."""

    recipient_name = serializers.CharField(max_length=100, help_text="May be someone other than the shopper.")
    phone = PhoneField()
    region = serializers.CharField(max_length=100, help_text="Region or province.")
    city = serializers.CharField(max_length=100)
    district = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    street = serializers.CharField(max_length=255, help_text="Street, building, flat.")
    postcode = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class AddressInputSerializer(AddressFieldsSerializer):
    is_default = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Make this the default address (the first address always is; there is exactly one).",
    )


class AddressUpdateSerializer(AddressInputSerializer):
    """Every field optional (PATCH)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = (
            "id",
            "recipient_name",
            "phone",
            "region",
            "city",
            "district",
            "street",
            "postcode",
            "is_default",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


# --- Placing an order ---


@extend_schema_field(OpenApiTypes.INT)
class OwnAddressField(serializers.PrimaryKeyRelatedField):
    """An id from the caller's own address book; anyone else's is reported as unknown."""

    def get_queryset(self):
        request = self.context["request"]
        return Address.objects.filter(user=request.user)


class InvoiceSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, help_text="Person or company named on the invoice.")
    tax_id = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    # No ``default=""``: an empty default would be documented as an example that is not an email address.
    email = serializers.EmailField(
        required=False, allow_blank=True, help_text="Where the invoice is sent, if not to the account."
    )


class OrderPlaceSerializer(serializers.Serializer):
    address = OwnAddressField(
        required=False,
        allow_null=True,
        help_text="Id of an address in your address book. Give this or `shipping_address`.",
    )
    shipping_address = AddressFieldsSerializer(
        required=False, allow_null=True, help_text="An address typed in for this order only (not saved to the book)."
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    invoice = InvoiceSerializer(required=False, allow_null=True)
    shipping_method = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        default=None,
        help_text="A shipping method id that serves the address. Omitted: the cart's choice, else the cheapest.",
    )
    voucher_code = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        help_text="A voucher code. Omitted: the cart's voucher; empty: no voucher.",
    )

    def validate(self, attrs):
        has_book = attrs.get("address") is not None
        has_inline = attrs.get("shipping_address") is not None
        if has_book == has_inline:
            raise serializers.ValidationError(
                {"address": ["Give either an address id from your address book or a shipping_address, not both."]}
            )
        return attrs


# --- Order output ---


class OrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Post reviews (`order_line`) and returns (`lines[].order_line`) with it.")
    sku = serializers.CharField()
    product_title = serializers.CharField()
    attributes = serializers.DictField(help_text="The variant's attributes when the order was placed.")
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Gross, after any sale.")
    original_unit_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="Gross before the sale; null without one."
    )
    quantity = serializers.IntegerField()
    line_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Gross, after sales, before the voucher."
    )
    line_discount = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="This line's gross share of an order voucher."
    )
    tax_rate = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Percent.")
    line_net = serializers.DecimalField(max_digits=12, decimal_places=2)
    line_tax = serializers.DecimalField(max_digits=12, decimal_places=2)
    quantity_refunded = serializers.IntegerField(help_text="Units whose money went back to you.")
    can_review = serializers.SerializerMethodField(help_text="Whether you can post a review of this line now.")
    returnable_quantity = serializers.SerializerMethodField(
        help_text="Units you can still ask to return (0 outside the return window)."
    )
    can_return = serializers.SerializerMethodField(help_text="Whether you can ask to return this line now.")

    def _actions(self, line) -> LineActions:
        """One answer per line per response (``orders.selectors.shopper_actions``)."""
        cache = self.context.setdefault("line_actions", {})
        if line.pk not in cache:
            cache[line.pk] = line_actions(line=line)
        return cache[line.pk]

    def get_can_review(self, line) -> bool:
        return self._actions(line).can_review

    def get_returnable_quantity(self, line) -> int:
        return self._actions(line).returnable_quantity

    def get_can_return(self, line) -> bool:
        return self._actions(line).can_return


class OrderEventSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="`placed`, `status_changed`, `payment_failed`, or a handoff event.")
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField(allow_blank=True)
    actor_kind = serializers.CharField(help_text="`shopper`, `staff`, `system` or `carrier`.")
    message = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class PaymentSummarySerializer(serializers.Serializer):
    provider = serializers.CharField()
    reference = serializers.CharField(help_text="The provider's reference of the payment or refund.")
    redirect_url = serializers.SerializerMethodField(
        help_text="While `pending`: the provider's page where the shopper confirms the payment."
    )
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    status = serializers.ChoiceField(choices=PaymentStatus.choices, help_text="A refund is a row with `refunded`.")
    failure_code = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()

    def get_redirect_url(self, payment) -> str:
        return payment.redirect_url if payment.status == PaymentStatus.PENDING else ""


class TrackingEventSerializer(serializers.Serializer):
    status = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True)
    occurred_at = serializers.DateTimeField()


class ShipmentSerializer(serializers.Serializer):
    carrier = serializers.CharField(source="carrier.name")
    status = serializers.CharField()
    tracking_number = serializers.CharField(allow_null=True)
    booked_at = serializers.DateTimeField(allow_null=True)
    tracking_events = TrackingEventSerializer(many=True)


class OrderAddressSerializer(serializers.Serializer):
    recipient_name = serializers.CharField()
    phone = serializers.CharField()
    region = serializers.CharField()
    city = serializers.CharField()
    district = serializers.CharField(allow_blank=True)
    street = serializers.CharField()
    postcode = serializers.CharField(allow_blank=True)


class OrderInvoiceSerializer(serializers.Serializer):
    title = serializers.CharField(source="invoice_title", allow_blank=True)
    tax_id = serializers.CharField(source="invoice_tax_id", allow_blank=True)
    email = serializers.CharField(source="invoice_email", allow_blank=True)


class OrderTaxBandSerializer(serializers.Serializer):
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Percent.")
    net = serializers.DecimalField(max_digits=12, decimal_places=2)
    tax = serializers.DecimalField(max_digits=12, decimal_places=2)
    gross = serializers.DecimalField(max_digits=12, decimal_places=2)


class OrderShippingSerializer(serializers.Serializer):
    name = serializers.CharField(source="shipping_method_name", help_text="As chosen at checkout.")
    price = serializers.DecimalField(source="shipping_total", max_digits=12, decimal_places=2)
    tax_rate = serializers.DecimalField(source="shipping_tax_rate", max_digits=5, decimal_places=2)
    net = serializers.DecimalField(source="shipping_net", max_digits=12, decimal_places=2)
    tax = serializers.DecimalField(source="shipping_tax", max_digits=12, decimal_places=2)


class OrderSummarySerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    line_count = serializers.IntegerField()

    class Meta:
        model = Order
        fields = ("number", "status", "status_label", "currency", "total", "line_count", "created_at")
        read_only_fields = fields


class OrderDetailSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    shipping_address = OrderAddressSerializer(source="*", help_text="The copy of the address made at checkout.")
    invoice = serializers.SerializerMethodField()
    lines = OrderLineSerializer(many=True)
    tax_breakdown = OrderTaxBandSerializer(many=True, help_text="Per tax rate, shipping included.")
    shipping = serializers.SerializerMethodField()
    events = OrderEventSerializer(many=True)
    payments = PaymentSummarySerializer(many=True)
    shipment = serializers.SerializerMethodField()
    can_pay = serializers.SerializerMethodField(help_text="Whether you can pay this order now.")
    can_cancel = serializers.SerializerMethodField(help_text="Whether you can cancel this order now.")
    can_download_invoice = serializers.SerializerMethodField(
        help_text="Whether the invoice is issued and its PDF can be downloaded (`GET .../invoice/pdf/`)."
    )

    class Meta:
        model = Order
        fields = (
            "number",
            "status",
            "status_label",
            "currency",
            "subtotal",
            "shipping_total",
            "discount_total",
            "total",
            "net_total",
            "tax_total",
            "tax_breakdown",
            "prices_include_tax",
            "voucher_code",
            "shipping",
            "note",
            "shipping_address",
            "invoice",
            "lines",
            "events",
            "payments",
            "shipment",
            "can_pay",
            "can_cancel",
            "can_download_invoice",
            "created_at",
            "paid_at",
            "shipped_at",
            "delivered_at",
            "completed_at",
            "cancelled_at",
            "refunded_at",
        )
        read_only_fields = fields

    @extend_schema_field(OrderInvoiceSerializer(allow_null=True))
    def get_invoice(self, order):
        return OrderInvoiceSerializer(order).data if order.invoice_title else None

    @extend_schema_field(OrderShippingSerializer(allow_null=True))
    def get_shipping(self, order):
        return OrderShippingSerializer(order).data if order.shipping_method_name else None

    @extend_schema_field(ShipmentSerializer(allow_null=True))
    def get_shipment(self, order):
        shipment = order_shipment(order)
        return ShipmentSerializer(shipment).data if shipment is not None else None

    def _actions(self, order) -> OrderActions:
        """One answer per order per response (``orders.selectors.shopper_actions``)."""
        cache = self.context.setdefault("order_actions", {})
        if order.pk not in cache:
            cache[order.pk] = order_actions(order=order)
        return cache[order.pk]

    def get_can_pay(self, order) -> bool:
        return self._actions(order).can_pay

    def get_can_cancel(self, order) -> bool:
        return self._actions(order).can_cancel

    def get_can_download_invoice(self, order) -> bool:
        return self._actions(order).can_download_invoice


class StockLineSerializer(serializers.Serializer):
    sku = serializers.CharField()
    requested = serializers.IntegerField(required=False, help_text="With `insufficient_stock`.")
    available = serializers.IntegerField(required=False, help_text="With `insufficient_stock`.")
    title = serializers.CharField(required=False, help_text="With `product_unavailable`.")


class CheckoutErrorSerializer(ErrorSerializer):
    """The shared error shape; `insufficient_stock` and `product_unavailable` add `lines`."""

    lines = StockLineSerializer(many=True, required=False, help_text="The cart lines at fault.")


class TransitionErrorSerializer(ErrorSerializer):
    """The shared error shape; `invalid_transition` adds the statuses involved."""

    from_status = serializers.CharField(required=False)
    to_status = serializers.CharField(required=False)


class PaymentErrorSerializer(ErrorSerializer):
    failure_code = serializers.CharField(required=False, help_text="The provider's reason, e.g. `card_declined`.")
