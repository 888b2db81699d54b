"""Personal data of invoices and credit notes.

An invoice is an accounting document the law requires the shop to keep, unchanged, for a statutory period
(``INVOICES_RETENTION_YEARS``, 10 years by default) whatever the buyer asks: erasing an account keeps every
field below (``Anonymise.keep``), while the order's own copies of the same details are blanked as usual.

Retention category ``invoice``: when the period has run from the invoice date, the ``invoice_buyer`` job
deletes the invoice's buyer block (name or invoice title, tax id, address, invoice email): promise G4. The
invoice keeps its number, date, lines and amounts, which no longer say who bought. Lines and credit notes
are about what was sold and refunded and are kept with their invoice.
"""

from datetime import timedelta

from orders.invoices import conf
from privacy.registry import (
    Anonymise,
    Category,
    Mask,
    OnErase,
    PersonalField,
    PersonalModel,
    RetentionAction,
    RetentionPolicy,
    exempt,
    register,
    register_retention,
)

_STATUTORY = Anonymise.keep(
    reason="Required on the invoice by tax law for the statutory period; the invoice_buyer retention job "
    "removes it when that period ends."
)
_ACCOUNTING = Anonymise.keep(reason="Part of an invoice or credit note, kept unchanged for the statutory period.")


def _kept(name: str, label: str, category: Category, mask: Mask, rule: Anonymise = _ACCOUNTING) -> PersonalField:
    return PersonalField(name, category=category, label=label, mask=mask, anonymise=rule)


register(
    PersonalModel(
        model="invoices.Invoice",
        owner="order__user",
        retention="invoice",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _kept("issued_at", "Invoice date", Category.FINANCIAL, Mask.NONE),
            _kept("total", "Invoice total", Category.FINANCIAL, Mask.NONE),
        ],
    )
)
exempt(
    "invoices.Invoice",
    "number",
    "currency",
    "shipping_method_name",
    "voucher_code",
    "tax_breakdown",
    "seller",
    reason="The shop's invoice number, currency, delivery method and voucher names, the tax amounts by rate "
    "and the seller's (the merchant's) own details: the same kind of value for every buyer.",
)

register(
    PersonalModel(
        model="invoices.InvoiceBuyer",
        owner="invoice__order__user",
        retention="invoice",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _kept("name", "Invoice made out to", Category.IDENTITY, Mask.NAME, _STATUTORY),
            _kept("tax_id", "Tax id on the invoice", Category.FINANCIAL, Mask.FULL, _STATUTORY),
            _kept("street", "Billing street line", Category.ADDRESS, Mask.FULL, _STATUTORY),
            _kept("district", "Billing district", Category.ADDRESS, Mask.NONE, _STATUTORY),
            _kept("city", "Billing city", Category.ADDRESS, Mask.NONE, _STATUTORY),
            _kept("region", "Billing region", Category.ADDRESS, Mask.NONE, _STATUTORY),
            _kept("postcode", "Billing postcode", Category.ADDRESS, Mask.FULL, _STATUTORY),
            _kept("email", "Invoice email", Category.CONTACT, Mask.EMAIL, _STATUTORY),
        ],
    )
)

for line_model, owner in (
    ("invoices.InvoiceLine", "invoice__order__user"),
    ("invoices.CreditNoteLine", "credit_note__invoice__order__user"),
):
    register(
        PersonalModel(
            model=line_model,
            owner=owner,
            retention="invoice",
            on_erase=OnErase.ANONYMISE_FIELDS,
            fields=[
                _kept("description", "Product", Category.BEHAVIOUR, Mask.NONE),
                _kept("sku", "SKU", Category.BEHAVIOUR, Mask.NONE),
                _kept("quantity", "Quantity", Category.BEHAVIOUR, Mask.NONE),
                _kept("gross", "Amount", Category.FINANCIAL, Mask.NONE),
            ],
        )
    )
    exempt(line_model, "kind", reason="Whether the line is a product, shipping, a discount or an adjustment.")

register(
    PersonalModel(
        model="invoices.CreditNote",
        owner="invoice__order__user",
        retention="invoice",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _kept("issued_at", "Credit note date", Category.FINANCIAL, Mask.NONE),
            _kept("total", "Amount credited", Category.FINANCIAL, Mask.NONE),
            _kept("reason", "Reason for the credit", Category.CONTENT, Mask.NONE),
        ],
    )
)
exempt(
    "invoices.CreditNote",
    "number",
    "currency",
    "idempotency_key",
    "tax_breakdown",
    "seller",
    reason="The shop's credit-note number, currency, the refunding code's request key, the tax amounts by rate "
    "and the seller's own details.",
)
exempt("invoices.DocumentSequence", "series", reason="The name of a numbering series (invoice, credit note).")

register_retention(
    RetentionPolicy(
        category="invoice_buyer",
        model="invoices.InvoiceBuyer",
        date_field="invoice__issued_at",
        # With the most leap days the years can hold (3 in 10), so the period never ends a day early.
        default_period=timedelta(days=365 * conf.retention_years() + (conf.retention_years() + 3) // 4),
        action=RetentionAction.DELETE,
        label="Buyer details on invoices, after the statutory period from the invoice date",
    )
)
