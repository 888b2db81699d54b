"""Order emails: confirmation, shipped, delivered.

Each email goes to the account's email address and carries the order number, its status and a link to
the order page: no recipient name, phone or address (the shopper sees those on the site, signed in).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from orders.models import ActorKind, Order, OrderEvent

NOTIFICATION_EVENT_KIND = "notification_sent"

# kind -> (subject, template)
NOTIFICATIONS: dict[str, tuple[str, str]] = {
    "confirmation": ("Your order {number} is confirmed", "orders/email/confirmation.txt"),
    "shipped": ("Your order {number} is on its way", "orders/email/shipped.txt"),
    "delivered": ("Your order {number} was delivered", "orders/email/delivered.txt"),
}


def order_notification_send(*, order_id: int, kind: str) -> bool:
    """Send the ``kind`` email of order ``order_id`` to its buyer, at most once.

    Idempotent: the sending is recorded as an order event in the same transaction that locks the
    order, and a second call for the same order and kind sends nothing. Sends nothing (and returns
    False) when the order is gone, has no buyer any more (anonymised), or the buyer has no email.
    Returns whether an email was sent. Raises ``KeyError`` for an unknown ``kind``.
    """
    subject_template, body_template = NOTIFICATIONS[kind]
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).select_related("user").filter(pk=order_id).first()
        if order is None or order.user is None or not order.user.email or not order.user.is_active:
            return False
        if OrderEvent.objects.filter(order=order, kind=NOTIFICATION_EVENT_KIND, message=kind).exists():
            return False
        context = {
            "number": order.number,
            "status": order.get_status_display(),
            "total": order.total,
            "currency": order.currency,
            "order_path": reverse("orders:order-detail", kwargs={"number": order.number}),
        }
        send_mail(
            subject_template.format(number=order.number),
            render_to_string(body_template, context),
            settings.DEFAULT_FROM_EMAIL,
            [order.user.email],
        )
        OrderEvent.objects.create(order=order, kind=NOTIFICATION_EVENT_KIND, actor_kind=ActorKind.SYSTEM, message=kind)
    return True
