"""A return request and the lines it sends back."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from core.models import TimeStampedModel


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", gettext_lazy("Requested")
    APPROVED = "approved", gettext_lazy("Approved")
    REJECTED = "rejected", gettext_lazy("Rejected")
    RECEIVED = "received", gettext_lazy("Received and refunded")


# Returns still holding their lines: a line cannot be asked back twice while one is open.
OPEN_RETURN_STATUSES = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED)


class PickupStatus(models.TextChoices):
    NONE = "", gettext_lazy("Not booked")
    BOOKED = "booked", gettext_lazy("Booked")
    FAILED = "failed", gettext_lazy("Failed")


class ReturnRequest(TimeStampedModel):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(
        max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED, db_index=True
    )
    reason = models.CharField(max_length=500, help_text="Why the shopper sends the goods back, in their words.")
    decision_note = models.CharField(
        max_length=255, blank=True, help_text="Shown to the shopper: why the return was rejected, or what to expect."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    pickup_carrier = models.ForeignKey(
        "orders.Carrier", null=True, blank=True, on_delete=models.PROTECT, related_name="return_pickups"
    )
    pickup_status = models.CharField(max_length=8, choices=PickupStatus.choices, default=PickupStatus.NONE, blank=True)
    pickup_reference = models.CharField(max_length=64, blank=True)
    pickup_error = models.CharField(max_length=60, blank=True, help_text="Error code only; never personal data.")
    refund = models.OneToOneField(
        "orders.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="return_request"
    )

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Return #{self.pk}"


class ReturnLine(models.Model):
    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="return_lines")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="return_line_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x line #{self.order_line_id}"
