"""Guest orders: buying with an email only, the signed link that opens the order, claiming guest
orders into an account, and a guest's erasure through a link sent to the same email.

A guest order has no ``user``; its ``guest_email`` is where its emails and link go. The link's token
signs the order number together with a digest of that email, so it opens exactly that order and stops
working once the email is gone (claimed into an account, or erased). Claiming needs an account whose
address is *verified* and equal to the guest email. Erasure anonymises the guest's orders with the same
registry rules as an account erasure (``privacy.services.erasure_rules.anonymise_rows``); orders still on
their way are kept until delivered (the carrier needs the address).
"""

import hashlib
from collections import Counter

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from core.errors import NotFound
from orders.conf import orders_setting
from orders.models import Order
from orders.privacy_hooks import IN_PROGRESS_STATUSES
from orders.services.checkout import DeliveryAddress, order_place
from privacy import registry
from privacy.services.erasure_rules import anonymise_rows

_LINK_SALT = "orders.guest-order"
_ERASURE_SALT = "orders.guest-erasure"
GUEST_LINK_MAX_AGE = 365 * 24 * 60 * 60
ERASURE_LINK_MAX_AGE = 24 * 60 * 60


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def guest_order_token(order: Order) -> str:
    """The secret part of a guest order's link."""
    return signing.dumps({"n": order.number, "e": _email_digest(order.guest_email)}, salt=_LINK_SALT, compress=True)


def guest_order_url(order: Order) -> str:
    """The absolute link to a guest order's page, as the emails carry it."""
    path = reverse("orders:guest-order", kwargs={"token": guest_order_token(order)})
    return orders_setting("SHOP_SITE_URL").rstrip("/") + path


def guest_order_get(*, token: str) -> Order:
    """The guest order ``token`` opens. Raises ``NotFound`` for a bad, expired or stale token (the order
    was claimed into an account or erased) alike."""
    try:
        data = signing.loads(token, salt=_LINK_SALT, max_age=GUEST_LINK_MAX_AGE)
    except signing.BadSignature:
        raise NotFound(gettext("This order link is not valid.")) from None
    order = Order.objects.filter(number=data.get("n"), user__isnull=True).exclude(guest_email="").first()
    if order is None or _email_digest(order.guest_email) != data.get("e"):
        raise NotFound(gettext("This order link is not valid."))
    return order


def guest_order_place(
    *, cart_id: int | None, email: str, delivery: DeliveryAddress, note: str = "", idempotency_key: str = ""
) -> tuple[Order, bool]:
    """Place a guest's order from the visitor cart ``cart_id``; the confirmation email carries the link.
    Same refusals as ``order_place`` (``cart_empty``, ``insufficient_stock``, ``product_unavailable``)."""
    return order_place(
        user=None,
        delivery=delivery,
        note=note,
        idempotency_key=idempotency_key,
        guest_cart_id=cart_id,
        guest_email=email.strip(),
    )


def _verified_emails(user) -> list[str]:
    from allauth.account.models import EmailAddress

    return list(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))


def guest_orders_claim(*, user) -> list[str]:
    """Attach the guest orders placed with one of ``user``'s verified emails to ``user``; returns their
    numbers. Idempotent. The guest email is cleared: the account's address takes over (and old links
    stop working)."""
    claimed: list[str] = []
    with transaction.atomic():
        for email in _verified_emails(user):
            orders = Order.objects.select_for_update().filter(user__isnull=True, guest_email__iexact=email)
            numbers = list(orders.values_list("number", flat=True))
            orders.update(user=user, guest_email="")
            claimed += numbers
    return claimed


def guest_erasure_token(*, email: str) -> str:
    return signing.dumps({"e": email.strip().lower()}, salt=_ERASURE_SALT, compress=True)


def guest_erasure_request(*, email: str) -> bool:
    """Email a one-day erasure link to ``email`` when it has guest orders; returns whether one was sent.
    The caller answers the same either way, so nobody learns whose email placed an order."""
    from orders.tasks.lifecycle import guest_erasure_email

    order_id = (
        Order.objects.filter(user__isnull=True, guest_email__iexact=email.strip()).values_list("pk", flat=True).first()
    )
    if order_id is None:
        return False
    transaction.on_commit(lambda: guest_erasure_email.delay(order_id), robust=True)
    return True


def guest_erasure_email_of(*, token: str) -> str:
    """The email an erasure link was sent to. Raises ``NotFound`` for a bad or expired link."""
    try:
        return signing.loads(token, salt=_ERASURE_SALT, max_age=ERASURE_LINK_MAX_AGE)["e"]
    except (signing.BadSignature, KeyError, TypeError):
        raise NotFound(gettext("This erasure link is not valid or has expired. Ask for a new one.")) from None


def _guest_declarations():
    """The registry's declarations of an order and what hangs off it (owner paths ending at the order's
    buyer), with the path from each model to the order."""
    for declaration in registry.declarations():
        if declaration.model == "orders.Order":
            yield declaration, "pk__in"
        elif (declaration.owner or "").endswith("order__user"):
            yield declaration, declaration.owner.removesuffix("user") + "in"


def guest_erase(*, token: str) -> tuple[int, int]:
    """Anonymise the guest orders of the email the link was sent to, by the registry's rules (the
    guest email included). Orders still on their way are kept. Returns ``(erased, kept)`` counts."""
    from django.apps import apps

    email = guest_erasure_email_of(token=token)
    with transaction.atomic():
        orders = Order.objects.select_for_update().filter(user__isnull=True, guest_email__iexact=email)
        kept = orders.filter(status__in=IN_PROGRESS_STATUSES).count()
        order_ids = list(orders.exclude(status__in=IN_PROGRESS_STATUSES).values_list("pk", flat=True))
        anonymised: Counter = Counter()
        for declaration, path in _guest_declarations():
            model = apps.get_model(declaration.model)
            rows = model._base_manager.filter(**{path: order_ids})
            anonymise_rows(declaration, rows, anonymised, Counter(), [])
    return len(order_ids), kept
