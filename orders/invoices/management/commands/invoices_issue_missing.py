"""``manage.py invoices_issue_missing``: invoices for the paid orders that have none (paid before invoices
existed). Safe to run again: an order gets one invoice, ever."""

from django.core.management.base import BaseCommand

from orders.invoices.services.issuing import invoices_issue_missing


class Command(BaseCommand):
    help = "Issue the invoice of every paid order that has none, in the order the orders were paid."

    def handle(self, *args, **options) -> None:
        issued = invoices_issue_missing()
        self.stdout.write(f"{issued} invoice(s) issued.")
