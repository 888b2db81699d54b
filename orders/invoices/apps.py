from django.apps import AppConfig


class InvoicesConfig(AppConfig):
    """Invoices and credit notes, with their gapless numbering: a part of the orders app with its own migrations."""

    name = "orders.invoices"
    label = "invoices"
    verbose_name = "Invoices and credit notes"
