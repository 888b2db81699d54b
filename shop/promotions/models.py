"""Vouchers (a code the shopper types) and sales (automatic price reductions for a time window).

Amounts (fixed discounts, minimum spend) are in the shop's entry prices: gross when prices include tax,
net otherwise (``TAX_PRICES_INCLUDE_TAX``). ``Voucher.used_count`` counts the orders that used a code;
checkout raises it under a row lock on the voucher so the last uses cannot be taken twice.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from core.models import TimeStampedModel
from core.money import ZERO, MoneyField


class DiscountKind(models.TextChoices):
    PERCENTAGE = "percentage", gettext_lazy("Percentage off")
    FIXED_AMOUNT = "fixed_amount", gettext_lazy("Fixed amount off")


class VoucherTarget(models.TextChoices):
    ORDER = "order", gettext_lazy("The products in the order")
    SHIPPING = "shipping", gettext_lazy("Shipping")


class Voucher(TimeStampedModel):
    code = models.CharField(max_length=40, unique=True, help_text="Stored in capitals; shoppers may type any case.")
    name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=16, choices=DiscountKind.choices, default=DiscountKind.PERCENTAGE)
    applies_to = models.CharField(max_length=10, choices=VoucherTarget.choices, default=VoucherTarget.ORDER)
    value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Percent (1 to 100) or amount off.",
    )
    min_spend = MoneyField(
        null=True, blank=True, validators=[MinValueValidator(ZERO)], help_text="Products total needed (after sales)."
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Orders that may use it. Empty: any.")
    max_uses_per_customer = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: any.")
    used_count = models.PositiveIntegerField(default=0, editable=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ("code",)
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="percentage") | models.Q(value__lte=100), name="voucher_percentage_at_most_100"
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="voucher_value_positive"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)


class VoucherUsage(models.Model):
    """One order's use of a voucher: counts towards the per-customer limit while it names the customer."""

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="usages")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="voucher_usages"
    )
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="voucher_usage")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["voucher", "user"], name="promotions_usage_customer_idx")]

    def __str__(self) -> str:
        return f"Use of voucher #{self.voucher_id}"


class SaleKind(models.TextChoices):
    PERCENTAGE = "percentage", gettext_lazy("Percentage off")
    FIXED_AMOUNT = "fixed_amount", gettext_lazy("Fixed amount off each item")
    FIXED_PRICE = "fixed_price", gettext_lazy("Fixed price")


class Sale(TimeStampedModel):
    """An automatic reduction on products, and on every product of the chosen categories (and their direct
    subcategories), between ``starts_at`` and ``ends_at``. Where sales overlap, the lowest price wins."""

    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=SaleKind.choices, default=SaleKind.PERCENTAGE)
    value = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)])
    products = models.ManyToManyField("shop.Product", blank=True, related_name="+")
    categories = models.ManyToManyField("shop.Category", blank=True, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ("-starts_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="percentage") | models.Q(value__lte=100), name="sale_percentage_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name
