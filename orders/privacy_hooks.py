"""What the orders app tells the privacy engine's erasure, besides its declarations (``orders/personal_data.py``
registers these with ``privacy.erasure_hooks``).

* ``orders_in_progress``: an account with an order still unpaid, paid, awaiting pickup or shipped cannot be
  cancelled, and a due anonymisation waits: the order needs its buyer's address and contact until it is
  delivered (or cancelled).
* ``carrier_deletion_request``: asks a carrier that received an erased user's delivery data to delete it
  (promise C4): ``POST <api_base_url>/deletion-requests/`` with ``{"order_numbers": [...], "reason":
  "account_erased"}``, the request key as ``Idempotency-Key`` and the carrier's API key (when the merchant
  configured one) as ``Authorization: Bearer``. The carrier answers ``{"status":
  "deleted" | "accepted", "request_id": "..."}``. Errors carry codes only, never the carrier's answer.
"""

import re
from datetime import date

import requests
from django.conf import settings

from orders.models import Carrier, Order, OrderStatus
from privacy.erasure_hooks import RecipientAnswer, RecipientRejected, RecipientUnavailable

IN_PROGRESS_STATUSES = (
    OrderStatus.PENDING_PAYMENT,
    OrderStatus.PAID,
    OrderStatus.AWAITING_PICKUP,
    OrderStatus.SHIPPED,
)
# At most this many order numbers are listed in a refusal; the user sees the rest in their order list.
LISTED_ORDERS = 20
DELETION_REASON = "account_erased"
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_.:]{0,99}")


def orders_in_progress(*, user_id: int) -> list[str]:
    """Numbers of the user's orders that are not yet delivered, cancelled or refunded, oldest first."""
    return list(
        Order.objects.filter(user_id=user_id, status__in=IN_PROGRESS_STATUSES)
        .order_by("created_at", "id")
        .values_list("number", flat=True)[:LISTED_ORDERS]
    )


def buyers_between(*, start: str, end: str):
    """Ids of the accounts that placed an order between the days ``start`` and ``end`` (ISO dates, both
    included, in the shop's time zone): an incident notice's audience (F4)."""
    return Order.objects.filter(
        user__isnull=False,
        created_at__date__gte=date.fromisoformat(start),
        created_at__date__lte=date.fromisoformat(end),
    ).values("user_id")


def deletion_requests_url(carrier: Carrier) -> str:
    return carrier.api_base_url.rstrip("/") + "/deletion-requests/"


def carrier_deletion_request(*, recipient_ref: str, references: list[str], request_key: str) -> RecipientAnswer:
    """Ask the carrier named by ``recipient_ref`` (``"carrier:<slug>"``) to delete what it received for
    ``references`` (order numbers). Bounded by the carrier timeouts; follows no redirects.

    Raises ``RecipientUnavailable`` (network error, timeout, 5xx, 429) and ``RecipientRejected`` (an unknown
    carrier, a 4xx, an answer that is not understood).
    """
    _, _, slug = recipient_ref.partition(":")
    carrier = Carrier.objects.filter(slug=slug).first()
    if carrier is None:
        raise RecipientRejected("carrier_unknown")
    timeout = (settings.LOGISTICS_CARRIER_CONNECT_TIMEOUT, settings.LOGISTICS_CARRIER_READ_TIMEOUT)
    headers = {"Idempotency-Key": request_key, "Accept": "application/json"}
    if carrier.api_key:
        headers["Authorization"] = f"Bearer {carrier.api_key}"
    try:
        response = requests.post(
            deletion_requests_url(carrier),
            json={"order_numbers": list(references), "reason": DELETION_REASON},
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.Timeout:
        raise RecipientUnavailable("carrier_timeout") from None
    except requests.RequestException:
        raise RecipientUnavailable("carrier_unreachable") from None
    status = response.status_code
    if status >= 500 or status == 429:
        raise RecipientUnavailable(f"carrier_http_{status}")
    if not 200 <= status < 300:
        raise RecipientRejected(f"carrier_http_{status}")
    try:
        body = response.json()
        answer = body.get("status")
        request_id = body.get("request_id") or ""
    except (ValueError, AttributeError):
        raise RecipientRejected("carrier_bad_response") from None
    if answer not in ("deleted", "accepted") or not isinstance(request_id, str):
        raise RecipientRejected("carrier_bad_response")
    return RecipientAnswer(done=answer == "deleted", reference=request_id if _REQUEST_ID.fullmatch(request_id) else "")
