"""Order emails: every change a shopper cares about (placed, paid, shipped, delivered, cancelled,
refunded, return decisions), each with a text and an HTML part.

Each email goes to the buyer's address (the account's, or a guest order's guest email, whose link is
the order's signed guest link) and says only what it needs: the shop's name,
the order number, what happened, an amount where money moved, and an absolute link to the order page.
No recipient name, phone or address: the shopper sees those on the site, signed in.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from core.i18n import language_of
from core.money import money_format
from orders.codes import OrderEventKind
from orders.conf import orders_setting
from orders.invoices.documents import document_filename, document_pdf
from orders.invoices.models import CreditNote, Invoice
from orders.models import ActorKind, Order, OrderEvent
from orders.services.guest import guest_order_url

NOTIFICATION_EVENT_KIND = OrderEventKind.NOTIFICATION_SENT


@dataclass(frozen=True)
class Notification:
    """What one kind of order email says; lazy translations, rendered in the buyer's language."""

    subject: str
    headline: str
    text: str


# kind -> what the email says; ``{number}``, ``{amount}`` and ``{detail}`` are filled in.
NOTIFICATIONS: dict[str, Notification] = {
    "confirmation": Notification(
        gettext_lazy("Your order {number} is confirmed"),
        gettext_lazy("Thank you for your order {number}."),
        gettext_lazy("It waits for your payment: you can pay for it, follow it or cancel it on your order page."),
    ),
    "paid": Notification(
        gettext_lazy("We received your payment for order {number}"),
        gettext_lazy("Your payment of {amount} went through."),
        gettext_lazy("We are preparing your parcel and will tell you when it is on its way."),
    ),
    "shipped": Notification(
        gettext_lazy("Your order {number} is on its way"),
        gettext_lazy("Your order {number} has been picked up by the carrier."),
        gettext_lazy("Follow the parcel on your order page."),
    ),
    "delivered": Notification(
        gettext_lazy("Your order {number} was delivered"),
        gettext_lazy("Your order {number} was delivered."),
        gettext_lazy("If anything is wrong with it, you can ask to return it from your order page."),
    ),
    "cancelled": Notification(
        gettext_lazy("Your order {number} is cancelled"),
        gettext_lazy("Your order {number} is cancelled."),
        gettext_lazy("If you had paid, the money is on its way back to you: you will get a separate email about it."),
    ),
    "refunded": Notification(
        gettext_lazy("We refunded {amount} for your order {number}"),
        gettext_lazy("We refunded {amount} for your order {number}."),
        gettext_lazy(
            "Reason: {detail}. The money goes back the way you paid; your bank may take a few days to show it."
        ),
    ),
    "return_approved": Notification(
        gettext_lazy("Your return for order {number} is approved"),
        gettext_lazy("We approved your return for order {number}."),
        gettext_lazy("A courier will collect the parcel; we refund the returned items once they reach us. {detail}"),
    ),
    "return_rejected": Notification(
        gettext_lazy("Your return for order {number} was not approved"),
        gettext_lazy("We could not approve your return for order {number}."),
        gettext_lazy("Reason: {detail}"),
    ),
    "return_received": Notification(
        gettext_lazy("We received your return for order {number}"),
        gettext_lazy("Your returned items for order {number} arrived."),
        gettext_lazy("{detail}"),
    ),
}


def order_page_url(order: Order) -> str:
    """The absolute link to ``order``'s page on the website."""
    path = reverse("orders:order-detail", kwargs={"number": order.number})
    return orders_setting("SHOP_SITE_URL").rstrip("/") + path


def _recipient(order: Order | None) -> str:
    """The buyer's address: the account's (while it is active), or the guest email of a guest order."""
    if order is None:
        return ""
    if order.user is not None:
        return order.user.email if order.user.is_active else ""
    return order.guest_email


def guest_erasure_email_send(*, order_id: int) -> bool:
    """Email the guest of ``order_id`` the one-day link that erases their guest orders. Returns whether
    an email was sent (not when the order has no guest email any more)."""
    from orders.services.guest import guest_erasure_token

    order = Order.objects.filter(pk=order_id, user__isnull=True).exclude(guest_email="").first()
    if order is None:
        return False
    shop = orders_setting("SHOP_NAME")
    path = reverse("orders:guest-erasure-confirm", kwargs={"token": guest_erasure_token(email=order.guest_email)})
    with translation.override(language_of(None)):
        context = {
            "shop_name": shop,
            "headline": gettext("You asked us to erase your guest orders."),
            "text": gettext(
                "Open the link below within a day and confirm. If you did not ask for this, ignore this email."
            ),
            "number": order.number,
            "status": order.get_status_display(),
            "order_url": orders_setting("SHOP_SITE_URL").rstrip("/") + path,
        }
        message = EmailMultiAlternatives(
            gettext("%(shop)s: Confirm the erasure of your guest orders") % {"shop": shop},
            render_to_string("orders/email/order_update.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [order.guest_email],
        )
        message.attach_alternative(render_to_string("orders/email/order_update.html", context), "text/html")
    message.send()
    return True


def order_notification_send(*, order_id: int, kind: str, key: str = "", amount: str = "", detail: str = "") -> bool:
    """Send the ``kind`` email of order ``order_id`` to its buyer, at most once per ``(kind, key)``
    (``key`` tells apart several emails of one kind, such as two refunds).

    Idempotent: the sending is recorded as an order event in the same transaction that locks the
    order. Sends nothing (and returns False) when the order is gone, has no buyer any more
    (anonymised), or the buyer has no email. Returns whether an email was sent. Raises ``KeyError`` for
    an unknown ``kind``.
    """
    notification = NOTIFICATIONS[kind]
    marker = f"{kind}:{key}" if key else kind
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).select_related("user").filter(pk=order_id).first()
        recipient = _recipient(order)
        if order is None or not recipient:
            return False
        if OrderEvent.objects.filter(order=order, kind=NOTIFICATION_EVENT_KIND, message=marker).exists():
            return False
        shop = orders_setting("SHOP_NAME")
        with translation.override(language_of(order.user)):
            values = {
                "number": order.number,
                "amount": amount or money_format(order.total, order.currency),
                "detail": detail,
            }
            context = {
                "shop_name": shop,
                "headline": notification.headline.format(**values),
                "text": notification.text.format(**values).strip(),
                "number": order.number,
                "status": order.get_status_display(),
                "order_url": order_page_url(order) if order.user is not None else guest_order_url(order),
            }
            message = EmailMultiAlternatives(
                f"{shop}: {notification.subject.format(**values)}",
                render_to_string("orders/email/order_update.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [recipient],
            )
            message.attach_alternative(render_to_string("orders/email/order_update.html", context), "text/html")
        for document in _documents(order, kind=kind, key=key):
            message.attach(document_filename(document), document_pdf(document), "application/pdf")
        message.send()
        OrderEvent.objects.create(
            order=order, kind=NOTIFICATION_EVENT_KIND, actor_kind=ActorKind.SYSTEM, message=marker[:255]
        )
    return True


def _documents(order: Order, *, kind: str, key: str) -> list[Invoice | CreditNote]:
    """The PDF that goes with an email: the invoice with "paid", a refund's credit note with "refunded"
    (``key`` is the refund's id); none when the order has no invoice (the buyer can always download them
    from the order page too)."""
    if kind == "paid":
        return list(Invoice.objects.filter(order=order))
    if kind == "refunded" and key:
        return list(CreditNote.objects.filter(invoice__order=order, idempotency_key=f"refund-{key}"))
    return []


def order_notification_queue(*, order_id: int, kind: str, key: str = "", amount: str = "", detail: str = "") -> None:
    """Queue the ``kind`` email after the current transaction commits (ids and codes only in the task;
    ``detail`` is text staff wrote for the shopper, such as a refund reason)."""
    from orders.tasks.lifecycle import order_email_send

    transaction.on_commit(
        lambda: order_email_send.delay(order_id, kind, key=key, amount=amount, detail=detail), robust=True
    )
