"""Invoices and credit notes: immutable snapshots of what was sold, to whom, and for how much.

An invoice is issued once per paid order, in the transaction that marks the order paid, and never changes
afterwards: amounts, lines and the seller's details are frozen on it. A refund is documented by a credit note
that refers to the invoice; the invoice itself is never edited or deleted.

Numbers are gapless per series and calendar year (``INV-2026-000001``, ``INV-2026-000002``...): a
``DocumentSequence`` row per series and year is incremented in the same transaction that creates the document,
so a rolled-back transaction gives its number back and two transactions can never take the same one.

The buyer's details sit in their own row (``InvoiceBuyer``) because they are kept for a different reason and
period than the rest: account erasure keeps them (the law requires them on the invoice), and the ``invoice_buyer``
retention job deletes the row when the statutory period ends, leaving the invoice's numbers and lines.
"""

from django.db import models
from django.utils.translation import gettext_lazy

from core.money import ZERO, MoneyField
from privacy.encryption import EncryptedCharField


class DocumentSeries(models.TextChoices):
    INVOICE = "invoice", gettext_lazy("Invoice")
    CREDIT_NOTE = "credit_note", gettext_lazy("Credit note")


class DocumentSequence(models.Model):
    """The last number taken in one series in one calendar year."""

    series = models.CharField(max_length=20, choices=DocumentSeries.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="document_sequence_unique_series_year")]

    def __str__(self) -> str:
        return f"{self.get_series_display()} {self.year}: {self.last_number}"


class Invoice(models.Model):
    """The invoice of one paid order."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField(max_length=32, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    issued_at = models.DateTimeField(db_index=True)
    currency = models.CharField(max_length=3)
    prices_include_tax = models.BooleanField(default=True)
    shipping_method_name = models.CharField(max_length=120, blank=True)
    voucher_code = models.CharField(max_length=64, blank=True)
    subtotal = MoneyField(help_text="The lines' gross total, before discount and shipping.")
    discount_total = MoneyField(default=ZERO)
    shipping_total = MoneyField(default=ZERO)
    net_total = MoneyField()
    tax_total = MoneyField()
    total = MoneyField(help_text="Gross: what the buyer paid.")
    tax_breakdown = models.JSONField(default=list, help_text='[{"rate", "net", "tax", "gross"}] as strings.')
    seller = models.JSONField(default=dict, help_text="The seller's details as they were on the invoice date.")

    class Meta:
        ordering = ("-issued_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_unique_year_sequence"),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="invoice_total_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number


class InvoiceBuyer(models.Model):
    """Who the invoice is made out to: the invoice title and tax id when the buyer gave them, else the
    recipient's name, and the billing address (the delivery address of the order)."""

    invoice = models.OneToOneField(Invoice, on_delete=models.CASCADE, related_name="buyer")
    name = models.CharField(max_length=200)
    tax_id = models.CharField("tax id", max_length=40, blank=True)
    street = EncryptedCharField("street line", max_length=255, blank=True)
    district = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("region / province", max_length=100, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    email = models.EmailField("invoice email", blank=True, help_text="Where the buyer asked the invoice to be sent.")

    def __str__(self) -> str:
        return f"Buyer of invoice {self.invoice_id}"


class LineKind(models.TextChoices):
    PRODUCT = "product", gettext_lazy("Product")
    SHIPPING = "shipping", gettext_lazy("Shipping")
    DISCOUNT = "discount", gettext_lazy("Discount")
    ADJUSTMENT = "adjustment", gettext_lazy("Adjustment")


class DocumentLine(models.Model):
    """What invoice and credit-note lines share: one priced row. ``gross`` is what the row costs, tax
    included: ``unit_price * quantity - discount``, and ``net + tax = gross``."""

    kind = models.CharField(max_length=12, choices=LineKind.choices, default=LineKind.PRODUCT)
    description = models.CharField(max_length=255)
    sku = models.CharField("SKU", max_length=64, blank=True)
    quantity = models.PositiveIntegerField(default=1)
    unit_price = MoneyField(help_text="Gross, per unit, after any sale.")
    discount = MoneyField(default=ZERO, help_text="The line's share of a voucher, gross.")
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, help_text="Percent.")
    net = MoneyField()
    tax = MoneyField()
    gross = MoneyField()

    class Meta:
        abstract = True
        ordering = ("id",)


class InvoiceLine(DocumentLine):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        "orders.OrderLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="invoice_lines"
    )

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"


class CreditNote(models.Model):
    """A refund documented against an invoice: the amounts given back, by line and by tax rate."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    number = models.CharField(max_length=32, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    issued_at = models.DateTimeField(db_index=True)
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=255, help_text="Why the money was given back, as the buyer will read it.")
    idempotency_key = models.CharField(
        max_length=100, null=True, blank=True, unique=True, help_text="The caller's key: a retry returns this note."
    )
    net_total = MoneyField()
    tax_total = MoneyField()
    total = MoneyField(help_text="Gross amount credited.")
    tax_breakdown = models.JSONField(default=list)
    seller = models.JSONField(default=dict)

    class Meta:
        ordering = ("-issued_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="credit_note_unique_year_sequence"),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="credit_note_total_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class CreditNoteLine(DocumentLine):
    credit_note = models.ForeignKey(CreditNote, on_delete=models.CASCADE, related_name="lines")
    invoice_line = models.ForeignKey(
        InvoiceLine, null=True, blank=True, on_delete=models.PROTECT, related_name="credit_note_lines"
    )

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"
