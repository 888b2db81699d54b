"""Shipping zones, the methods that serve each zone, and the price bands of a method.

A zone covers countries and, within them, regions (provinces); a zone with no regions covers the whole of
its countries. An address belongs to the most specific zone: one naming its region first, then one naming
only its country. A method is priced by the order total or by the parcel weight through bands ("up to
this limit, this price"), and is free from an optional threshold of the order total.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from core.money import ZERO, MoneyField


class ShippingZone(models.Model):
    name = models.CharField(max_length=100)
    countries = models.JSONField(
        default=list, blank=True, help_text='ISO country codes, for example ["CN"]. Empty means the shop\'s country.'
    )
    regions = models.JSONField(
        default=list, blank=True, help_text='Regions or provinces, for example ["Beijing", "Shanghai"]. Empty: all.'
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "name", "id")

    def __str__(self) -> str:
        return self.name


class PricingBasis(models.TextChoices):
    ORDER_TOTAL = "order_total", gettext_lazy("Order total")
    WEIGHT = "weight", gettext_lazy("Parcel weight")


class ShippingMethod(models.Model):
    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="methods")
    carrier = models.ForeignKey(
        "orders.Carrier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shipping_methods",
        help_text="The carrier the order is handed to; empty: the default carrier.",
    )
    name = models.CharField(max_length=100)
    delivery_min_days = models.PositiveIntegerField(default=1)
    delivery_max_days = models.PositiveIntegerField(default=3)
    pricing_basis = models.CharField(max_length=12, choices=PricingBasis.choices, default=PricingBasis.ORDER_TOTAL)
    free_shipping_threshold = MoneyField(
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text="Orders of at least this total (after sales and vouchers) ship free. Empty: never free.",
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "name", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivery_max_days__gte=models.F("delivery_min_days")),
                name="shipping_method_delivery_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def delivery_estimate(self) -> str:
        if self.delivery_min_days == self.delivery_max_days:
            days = self.delivery_min_days
            return f"{days} day" if days == 1 else f"{days} days"
        return f"{self.delivery_min_days} to {self.delivery_max_days} days"


class ShippingBand(models.Model):
    """One price step of a method: orders (or parcels) up to ``upper_limit`` cost ``price``.

    The cheapest matching band is the one with the lowest limit at or above the order's value; a band
    with no limit catches everything above the others. Weight limits are in kilograms."""

    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="bands")
    upper_limit = models.DecimalField(
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text="Order total or weight (kg) up to and including which this price applies. Empty: no limit.",
    )
    price = MoneyField(validators=[MinValueValidator(ZERO)])

    class Meta:
        ordering = ("method", models.F("upper_limit").asc(nulls_last=True), "id")
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="shipping_band_price_not_negative"),
            models.UniqueConstraint(fields=["method", "upper_limit"], name="shipping_band_unique_limit"),
        ]

    def __str__(self) -> str:
        return f"up to {self.upper_limit}" if self.upper_limit is not None else "no limit"
