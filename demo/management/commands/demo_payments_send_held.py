"""Deliver the webhooks the fake payment provider held back (the hosted page's "later" switch)."""

from django.core.management.base import BaseCommand

from demo.payments.store import held_take_all
from demo.payments.webhooks import demo_event_post


class Command(BaseCommand):
    help = "Post the fake payment provider's held-back webhooks to the shop (--reverse: newest first)."

    def add_arguments(self, parser):
        parser.add_argument("--reverse", action="store_true", help="Deliver them out of order, newest first.")

    def handle(self, *args, reverse: bool = False, **options):
        events = held_take_all()
        if reverse:
            events.reverse()
        for event in events:
            status = demo_event_post(event)
            self.stdout.write(f"{event['type']} {event['id']}: shop answered {status or 'nothing'}")
        if not events:
            self.stdout.write("No webhook was held back.")
