"""Settings of invoices and credit notes, with their defaults (override any of them in the settings module).

``INVOICES_SELLER``: the seller block printed on every document and frozen on it when it is issued:
``name``, ``address`` (lines separated by newlines), ``tax_id``, ``email``, ``phone``, ``website``,
``bank`` (payment details line) and ``footer`` (registration line at the bottom of the page).

``INVOICES_RETENTION_YEARS``: the statutory period invoices are kept for (10 years by default). Account erasure
keeps the buyer details the law requires on an invoice; the ``invoice_buyer`` retention job removes them once
this period has passed since the invoice date.

``INVOICES_NUMBER_PREFIX`` / ``INVOICES_CREDIT_NOTE_PREFIX``: the series letters of the numbers
(``INV-2026-000042``, ``CN-2026-000003``); each series counts from 1 again every calendar year.
"""

from core.conf import AppSetting, AppSettings

DEFAULT_SELLER = {
    "name": "PrivaShop Demo Trading Co., Ltd.",
    "address": "88 Century Avenue, Suite 1201\nPudong New District, Shanghai 200120\nChina",
    "tax_id": "91310115MA1K4XXXXX",
    "email": "billing@privashop.test",
    "phone": "+86 21 5555 0100",
    "website": "privashop.test",
    "bank": "Bank of Example, Shanghai Branch · Account 6222 0000 0000 0000",
    "footer": "Registered in Shanghai · Business licence 91310115MA1K4XXXXX",
}


class InvoicesSettings(AppSettings):
    INVOICES_SELLER = AppSetting(
        {}, "The seller block printed on every document (keys of DEFAULT_SELLER); a key left out keeps its default."
    )
    INVOICES_RETENTION_YEARS = AppSetting(10, "The statutory period invoices are kept for, in years.")
    INVOICES_NUMBER_PREFIX = AppSetting("INV", "The series letters of invoice numbers.")
    INVOICES_CREDIT_NOTE_PREFIX = AppSetting("CN", "The series letters of credit note numbers.")


invoices_settings = InvoicesSettings()


def seller() -> dict[str, str]:
    """The seller details in force now (``INVOICES_SELLER`` over the defaults), every value a string."""
    configured = invoices_settings.INVOICES_SELLER or {}
    return {key: str(configured.get(key, default) or "") for key, default in DEFAULT_SELLER.items()}


def retention_years() -> int:
    return int(invoices_settings.INVOICES_RETENTION_YEARS)


def invoice_prefix() -> str:
    return str(invoices_settings.INVOICES_NUMBER_PREFIX)


def credit_note_prefix() -> str:
    return str(invoices_settings.INVOICES_CREDIT_NOTE_PREFIX)
