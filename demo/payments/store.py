"""The fake provider's memory: payment intents and held-back webhooks, in the cache."""

import secrets
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.utils import timezone

_INTENT_KEY = "demo-payments:intent:{}"
_HELD_KEY = "demo-payments:held-webhooks"
_ORDER_KEY = "demo-payments:order:{}"
_TTL = 14 * 24 * 60 * 60


def intent_new(*, order_number: str, amount: Decimal, currency: str, return_url: str) -> dict[str, Any]:
    intent = {
        "id": f"dpi_{secrets.token_hex(12)}",
        "order_number": order_number,
        "amount": str(amount),
        "currency": currency,
        "return_url": return_url,
        "state": "requires_action",
        "failure_code": "",
        "amount_captured": "0.00",
        "amount_refunded": "0.00",
        "refunds": {},
        "updated_at": timezone.now().isoformat(),
    }
    intent_save(intent)
    ids = cache.get(_ORDER_KEY.format(order_number)) or []
    cache.set(_ORDER_KEY.format(order_number), [*ids, intent["id"]], _TTL)
    return intent


def intents_forget(order_numbers: list[str]) -> int:
    """Delete every payment of these orders (the shop's deletion request); returns how many went."""
    forgotten = 0
    for number in order_numbers:
        ids = cache.get(_ORDER_KEY.format(number)) or []
        cache.delete_many([_INTENT_KEY.format(intent_id) for intent_id in ids] + [_ORDER_KEY.format(number)])
        forgotten += len(ids)
    return forgotten


def intent_get(intent_id: str) -> dict[str, Any] | None:
    return cache.get(_INTENT_KEY.format(intent_id))


def intent_save(intent: dict[str, Any]) -> None:
    cache.set(_INTENT_KEY.format(intent["id"]), intent, _TTL)


def intent_move(intent: dict[str, Any], *, state: str, failure_code: str = "") -> dict[str, Any]:
    intent.update(state=state, failure_code=failure_code, updated_at=timezone.now().isoformat())
    intent_save(intent)
    return intent


def held_push(event: dict[str, Any]) -> None:
    held = cache.get(_HELD_KEY) or []
    held.append(event)
    cache.set(_HELD_KEY, held, _TTL)


def held_take_all() -> list[dict[str, Any]]:
    held = cache.get(_HELD_KEY) or []
    cache.delete(_HELD_KEY)
    return held
