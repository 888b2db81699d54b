"""Voucher rules: find a code, check its window and limits and minimum spend, work out its discount,
and record its use at checkout.

Checkout calls ``voucher_lock`` inside its transaction: the voucher row stays locked (``SELECT ... FOR
UPDATE``) until the order commits, so two buyers racing for the last use queue on it and the second sees
the count the first wrote. ``voucher_use_record`` raises the count and links the order.
"""

from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from core.money import ZERO, money_percent_of
from shop.promotions.errors import VoucherExpired, VoucherMinSpend, VoucherNotFound, VoucherUsedUp
from shop.promotions.models import DiscountKind, Voucher, VoucherUsage


def voucher_code_normalise(code: str) -> str:
    return (code or "").strip().upper()


def voucher_get(*, code: str, lock: bool = False) -> Voucher:
    """The active voucher with ``code`` (any case). ``lock`` takes its row lock until the transaction ends.
    Raises ``VoucherNotFound``. One query."""
    vouchers = Voucher.objects.filter(code=voucher_code_normalise(code), is_active=True)
    if lock:
        vouchers = vouchers.select_for_update()
    voucher = vouchers.first()
    if voucher is None:
        raise VoucherNotFound()
    return voucher


def voucher_check_limits(*, voucher: Voucher, user, now=None) -> None:
    """Raises ``VoucherExpired`` outside the window and ``VoucherUsedUp`` when the total or this customer's
    uses are spent. At most one query (the customer's uses, for a signed-in customer under a limit), none when
    ``voucher`` carries them already (``customer_uses``, read by ``voucher_lock``)."""
    now = now or timezone.now()
    if (voucher.starts_at and now < voucher.starts_at) or (voucher.ends_at and now >= voucher.ends_at):
        raise VoucherExpired()
    if voucher.max_uses is not None and voucher.used_count >= voucher.max_uses:
        raise VoucherUsedUp()
    if voucher.max_uses_per_customer is not None and user is not None and user.is_authenticated:
        used = getattr(voucher, "customer_uses", None)
        if used is None:
            used = VoucherUsage.objects.filter(voucher=voucher, user=user).count()
        if used >= voucher.max_uses_per_customer:
            raise VoucherUsedUp(gettext("You have already used this voucher as many times as it may be used."))


def voucher_check_min_spend(*, voucher: Voucher, products_total: Decimal) -> None:
    """Raises ``VoucherMinSpend`` (with the amount still missing) when the products total is below it."""
    if voucher.min_spend is not None and products_total < voucher.min_spend:
        raise VoucherMinSpend(min_spend=str(voucher.min_spend), missing=str(voucher.min_spend - products_total))


def voucher_discount(*, voucher: Voucher, base: Decimal) -> Decimal:
    """What the voucher takes off ``base`` (the products or the shipping price), never more than ``base``."""
    percentage = voucher.kind == DiscountKind.PERCENTAGE
    amount = money_percent_of(base, voucher.value) if percentage else voucher.value
    return max(min(amount, base), ZERO)


def voucher_lock(*, code: str, user) -> Voucher:
    """Inside checkout's transaction: lock the voucher row and check its window and limits (raises as
    ``voucher_get`` and ``voucher_check_limits``). One query: a signed-in customer's uses are read with the
    row (under its lock, so two of their orders racing for their last use queue on it)."""
    vouchers = Voucher.objects.filter(code=voucher_code_normalise(code), is_active=True).select_for_update(of=("self",))
    if user is not None and user.is_authenticated:
        uses = (
            VoucherUsage.objects.filter(voucher=OuterRef("pk"), user=user)
            .order_by()
            .values("voucher")
            .annotate(count=Count("pk"))
            .values("count")
        )
        vouchers = vouchers.annotate(customer_uses=Coalesce(Subquery(uses), Value(0), output_field=IntegerField()))
    voucher = vouchers.first()
    if voucher is None:
        raise VoucherNotFound()
    voucher_check_limits(voucher=voucher, user=user)
    return voucher


def voucher_use_record(*, voucher: Voucher, user, order) -> None:
    """Count one use of the locked ``voucher`` by ``order``: one statement on PostgreSQL (the count is raised in
    a data-modifying ``WITH`` of the usage's insert), two elsewhere."""
    customer = user if user is not None and user.is_authenticated else None
    if connection.vendor != "postgresql":
        Voucher.objects.filter(pk=voucher.pk).update(used_count=F("used_count") + 1)
        VoucherUsage.objects.create(voucher=voucher, user=customer, order=order)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH counted AS (UPDATE promotions_voucher SET used_count = used_count + 1 WHERE id = %s) "
            "INSERT INTO promotions_voucherusage (voucher_id, user_id, order_id, created_at) "
            "VALUES (%s, %s, %s, %s)",
            [voucher.pk, voucher.pk, customer.pk if customer else None, order.pk, timezone.now()],
        )


def voucher_use_release(*, order_id: int) -> None:
    """Give back the use an order made (it was cancelled before being paid for). Idempotent."""
    usage = VoucherUsage.objects.select_related("voucher").filter(order_id=order_id).first()
    if usage is None:
        return
    Voucher.objects.filter(pk=usage.voucher_id, used_count__gt=0).update(used_count=F("used_count") - 1)
    usage.delete()
