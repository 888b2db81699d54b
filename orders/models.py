"""Addresses, orders and their lines and events, payments, carriers, shipments and tracking events.

An order outlives its buyer: ``Order.user`` is nullable (``SET_NULL``) and the order keeps its own
snapshot of the address and lines, whose personal fields anonymisation blanks through the privacy
registry while amounts, SKUs, dates, region and postcode stay for accounting.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from core.models import TimeStampedModel
from core.money import ZERO, MoneyField
from privacy.encryption import EncryptedCharField
from privacy.regions import storage_region


class Address(TimeStampedModel):
    """An entry of a shopper's address book. The recipient may be someone else."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    recipient_name = models.CharField(max_length=100)
    phone = EncryptedCharField(max_length=32)
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    region = models.CharField("region / province", max_length=100)
    city = models.CharField(max_length=100)
    district = models.CharField(max_length=100, blank=True)
    street = EncryptedCharField("street line", max_length=255)
    postcode = models.CharField(max_length=20, blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ("-is_default", "-updated_at", "-id")
        verbose_name_plural = "addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_default=True), name="address_one_default_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Address #{self.pk}"


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", gettext_lazy("Pending payment")
    PAID = "paid", gettext_lazy("Paid")
    AWAITING_PICKUP = "awaiting_pickup", gettext_lazy("Awaiting pickup")
    SHIPPED = "shipped", gettext_lazy("Shipped")
    DELIVERED = "delivered", gettext_lazy("Delivered")
    COMPLETED = "completed", gettext_lazy("Completed")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")
    PARTIALLY_REFUNDED = "partially_refunded", gettext_lazy("Partially refunded")
    REFUNDED = "refunded", gettext_lazy("Refunded")


class Order(TimeStampedModel):
    number = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT, db_index=True
    )
    # A guest's order (no account): the one address its emails and its signed link go to.
    guest_email = models.EmailField(blank=True, db_index=True)
    idempotency_key = models.CharField(max_length=100, blank=True)
    currency = models.CharField(max_length=3)
    # Gross amounts (tax included), frozen at checkout: subtotal is the lines' totals after sales,
    # shipping_total the chosen method's price before any voucher, discount_total the voucher's
    # reduction (of the lines or of shipping), total = subtotal + shipping_total - discount_total.
    subtotal = MoneyField()
    shipping_total = MoneyField(default=ZERO)
    discount_total = MoneyField(default=ZERO)
    total = MoneyField()
    # The tax split of ``total``: net_total + tax_total = total, and ``tax_breakdown`` lists per rate
    # {"rate": "20.00", "net": ..., "tax": ..., "gross": ...} as strings, shipping included.
    net_total = MoneyField(default=ZERO)
    tax_total = MoneyField(default=ZERO)
    tax_breakdown = models.JSONField(default=list, blank=True)
    prices_include_tax = models.BooleanField(
        default=True, help_text="Whether the shop's prices were entered with tax included when the order was placed."
    )
    shipping_method = models.ForeignKey(
        "shipping.ShippingMethod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shipping_method_name = models.CharField(max_length=100, blank=True)
    # Shipping's tax, after a shipping voucher: shipping_net + shipping_tax = shipping_total minus that voucher.
    shipping_tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=ZERO)
    shipping_net = MoneyField(default=ZERO)
    shipping_tax = MoneyField(default=ZERO)
    voucher_code = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)

    # Snapshot of the delivery address at checkout.
    recipient_name = models.CharField(max_length=100)
    phone = EncryptedCharField(max_length=32)
    region = models.CharField(max_length=100)
    city = models.CharField(max_length=100)
    district = models.CharField(max_length=100, blank=True)
    street = EncryptedCharField(max_length=255)
    postcode = models.CharField(max_length=20, blank=True)

    # Optional invoice details.
    invoice_title = models.CharField(max_length=200, blank=True)
    invoice_tax_id = models.CharField(max_length=40, blank=True)
    invoice_email = models.EmailField(blank=True)

    paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        # Fulfilment staff read the delivery details of the orders they ship, nothing else (orders/admin/packing.py).
        permissions = [("view_packing_slip", "Can view the packing slips of orders to ship")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="order_unique_idempotency_key_per_user",
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="order_total_not_negative"),
            models.CheckConstraint(
                condition=models.Q(
                    total=models.F("subtotal") + models.F("shipping_total") - models.F("discount_total")
                ),
                name="order_total_adds_up",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "shop.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    product_title = models.CharField(max_length=200)
    sku = models.CharField("SKU", max_length=64)
    attributes = models.JSONField(default=dict, blank=True)
    # Gross (tax included) and after any automatic sale; original_unit_price is the price before the
    # sale (null without one). line_discount is this line's gross share of an order voucher, and
    # line_net + line_tax = line_total - line_discount, taxed at tax_rate percent, rounded per line.
    unit_price = MoneyField()
    original_unit_price = MoneyField(null=True, blank=True)
    quantity = models.PositiveIntegerField()
    line_total = MoneyField()
    line_discount = MoneyField(default=ZERO)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=ZERO)
    line_net = MoneyField(default=ZERO)
    line_tax = MoneyField(default=ZERO)
    # Units of this line whose money went back to the buyer (partial refunds, received returns).
    quantity_refunded = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_line_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(quantity_refunded__lte=models.F("quantity")),
                name="order_line_refunded_within_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"


class ActorKind(models.TextChoices):
    SHOPPER = "shopper", gettext_lazy("Shopper")
    STAFF = "staff", gettext_lazy("Staff")
    SYSTEM = "system", gettext_lazy("System")
    CARRIER = "carrier", gettext_lazy("Carrier")


class OrderEventKind(models.TextChoices):
    """What an order event records; the services write these values, the admin shows the labels."""

    PLACED = "placed", "Order placed"
    STATUS_CHANGED = "status_changed", "Status changed"
    PAYMENT_STARTED = "payment_started", "Payment started"
    PAYMENT_FAILED = "payment_failed", "Payment failed"
    PAYMENT_NOT_CAPTURED = "payment_not_captured", "Payment not captured"
    HANDOFF_WAITING = "handoff_waiting", "Waiting for the carrier handoff"
    HANDOFF_REQUESTED = "handoff_requested", "Handoff to carrier requested"
    HANDOFF_FAILED = "handoff_failed", "Handoff to carrier failed"
    HANDOFF_BOOKED = "handoff_booked", "Booked with the carrier"
    REFUND = "refund", "Refund"
    NOTIFICATION_SENT = "notification_sent", "Email sent to the buyer"
    RETURN_REQUESTED = "return_requested", "Return requested"
    RETURN_APPROVED = "return_approved", "Return approved"
    RETURN_REJECTED = "return_rejected", "Return rejected"
    RETURN_PICKUP_BOOKED = "return_pickup_booked", "Return pickup booked"


class OrderEvent(models.Model):
    """An append-only record of what happened to an order: every status change and handoff."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=OrderEventKind.choices)
    from_status = models.CharField(max_length=20, blank=True, choices=OrderStatus.choices)
    to_status = models.CharField(max_length=20, blank=True, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.kind} on order #{self.order_id}"


class PaymentStatus(models.TextChoices):
    INITIATED = "initiated", gettext_lazy("Initiated")
    PENDING = "pending", gettext_lazy("Waiting for the provider")
    AUTHORIZED = "authorized", gettext_lazy("Authorised")
    SUCCEEDED = "succeeded", gettext_lazy("Succeeded")
    FAILED = "failed", gettext_lazy("Failed")
    REFUNDED = "refunded", gettext_lazy("Refunded")


class Payment(TimeStampedModel):
    """One attempt to take an order's money (a provider's payment intent), or one refund of it (status
    ``refunded``, with the provider's refund reference and the amount given back)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(max_length=40)
    reference = models.CharField(max_length=100, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.INITIATED)
    failure_code = models.CharField(max_length=60, blank=True)
    # Where the shopper confirms the payment (the provider's hosted page), while it is pending.
    redirect_url = models.URLField("redirect URL", max_length=500, blank=True)
    # When the provider's latest state we applied happened: an older event arriving later changes nothing.
    provider_updated_at = models.DateTimeField(null=True, blank=True)
    # On a captured payment: how much of it has been given back so far.
    amount_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"],
                condition=~models.Q(reference="") & ~models.Q(status="refunded"),
                name="payment_unique_provider_reference",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Payment #{self.pk}"


class PaymentWebhookEvent(models.Model):
    """A provider webhook already applied, kept by its event id so that a replay changes nothing."""

    provider = models.CharField(max_length=40)
    event_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=40)
    reference = models.CharField(max_length=100)
    outcome = models.CharField(max_length=20, help_text="applied, stale (an older state) or ignored.")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-received_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="payment_webhook_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id}"


class Refund(models.Model):
    """Money given back for an order by staff, in full or in part, with the reason and what it covered.

    ``payment`` is the refund's own ``Payment`` row (status ``refunded``, the provider's refund reference).
    """

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="refund")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    reason = models.CharField(max_length=255)
    restocked = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"Refund #{self.pk}"


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="refund_lines")
    quantity = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.quantity} x line #{self.order_line_id}"


class Carrier(models.Model):
    """A logistics provider, configured by the merchant in the admin."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    api_base_url = models.URLField("API base URL")
    webhook_secret = EncryptedCharField(max_length=128)
    # The credential the carrier issued to the shop, sent as ``Authorization: Bearer`` with each booking.
    api_key = EncryptedCharField("API key", max_length=200, blank=True)
    privacy_waybill = models.BooleanField(
        default=True, help_text="Mask the recipient's name and phone on the label data sent to the carrier."
    )
    is_abroad = models.BooleanField(default=False, help_text="The carrier processes data outside the storage region.")
    region = models.CharField(
        max_length=8,
        default=storage_region,
        blank=True,
        help_text="Where the carrier processes the data (ISO country code, e.g. CN; empty: the storage region). "
        "Another region than the shop's storage region counts as abroad: the buyer's consent to transfers abroad "
        "is needed.",
    )
    is_active = models.BooleanField(default=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class ShipmentStatus(models.TextChoices):
    REQUESTED = "requested", gettext_lazy("Requested")
    BOOKED = "booked", gettext_lazy("Booked")
    FAILED = "failed", gettext_lazy("Failed")


class Shipment(TimeStampedModel):
    """The handoff of one order to a carrier. One per order, so a retried handoff never books twice."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="shipment")
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="shipments")
    status = models.CharField(max_length=12, choices=ShipmentStatus.choices, default=ShipmentStatus.REQUESTED)
    tracking_number = models.CharField(max_length=64, null=True, blank=True, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True, help_text="Error code only; never personal data.")
    fields_sent = models.JSONField(default=list, blank=True)
    booked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Shipment #{self.pk}"


class TrackingEvent(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="tracking_events")
    event_id = models.CharField(max_length=100)
    status = models.CharField(max_length=30)
    description = models.CharField(max_length=255, blank=True)
    location = models.CharField(max_length=120, blank=True)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("occurred_at", "id")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "event_id"], name="tracking_event_unique_per_shipment")
        ]

    def __str__(self) -> str:
        return f"{self.status} at {self.occurred_at:%Y-%m-%d %H:%M}"
