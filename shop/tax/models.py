"""Tax classes (standard, reduced, zero) and their rates per shipping zone.

A product has a tax class (none: the default class). The rate of a class for an address is the one set
for the address's zone, else the class's rate with no zone (the shop's general rate), else 0%.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class TaxClass(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    is_default = models.BooleanField(default=False, help_text="Used for products without a tax class.")

    class Meta:
        ordering = ("name",)
        verbose_name_plural = "tax classes"
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="tax_class_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TaxRate(models.Model):
    tax_class = models.ForeignKey(TaxClass, on_delete=models.CASCADE, related_name="rates")
    zone = models.ForeignKey(
        "shipping.ShippingZone",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tax_rates",
        help_text="Empty: the rate wherever no zone-specific rate is set.",
    )
    rate = models.DecimalField(
        "rate (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ("tax_class", "zone", "id")
        constraints = [
            models.UniqueConstraint(fields=["tax_class", "zone"], name="tax_rate_unique_class_zone"),
            models.UniqueConstraint(
                fields=["tax_class"], condition=models.Q(zone__isnull=True), name="tax_rate_one_general_per_class"
            ),
            models.CheckConstraint(condition=models.Q(rate__gte=0, rate__lte=100), name="tax_rate_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.rate}%"
