"""The fake provider's endpoints: its API (intents, capture, refunds) and its hosted payment page."""

import hashlib
import hmac
import json
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from demo.conf import demo_settings
from demo.payments.store import intent_get, intent_move, intent_new, intent_save, intents_forget
from demo.payments.webhooks import WEBHOOK_MODES, WEBHOOK_NOW, demo_event_build, demo_event_dispatch
from orders.conf import orders_setting

CENT = Decimal("0.01")


def _error(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


def _enabled() -> None:
    if not demo_settings.DEMO_PAYMENTS_ENABLED:
        raise Http404("The demo payment provider is disabled.")


def _authorised(request: HttpRequest) -> bool:
    expected = orders_setting("DEMO_PAYMENTS_API_KEY")
    if not expected:
        return True
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(key.strip().encode(), expected.encode())


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        return None
    return amount


def _json(request: HttpRequest) -> dict | None:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _public(request: HttpRequest, intent: dict) -> dict:
    page = request.build_absolute_uri(reverse("demo_payments:hosted-page", kwargs={"intent_id": intent["id"]}))
    keys = ("id", "state", "failure_code", "amount", "currency", "amount_captured", "amount_refunded", "updated_at")
    return {**{key: intent[key] for key in keys}, "redirect_url": page}


def _api_guard(request: HttpRequest) -> JsonResponse | None:
    _enabled()
    if not _authorised(request):
        return _error("invalid_api_key", "Send the API key as Authorization: Bearer <key>.", 401)
    return None


@csrf_exempt
@require_POST
def intent_create_view(request: HttpRequest) -> JsonResponse:
    """Open a payment: ``{"order_number", "amount", "currency", "return_url"}`` and nothing else."""
    if (refusal := _api_guard(request)) is not None:
        return refusal
    body = _json(request)
    if body is None or set(body) != {"order_number", "amount", "currency", "return_url"}:
        return _error("invalid", "An intent has exactly order_number, amount, currency and return_url.", 400)
    amount = _amount(body["amount"])
    if amount is None:
        return _error("invalid_amount", "The amount must be a positive number with at most two decimals.", 400)
    intent = intent_new(
        order_number=str(body["order_number"])[:32],
        amount=amount,
        currency=str(body["currency"])[:3],
        return_url=str(body["return_url"])[:500],
    )
    return JsonResponse(_public(request, intent), status=201)


def _intent_or_404(intent_id: str) -> dict:
    intent = intent_get(intent_id)
    if intent is None:
        raise Http404("No such payment.")
    return intent


@require_GET
def intent_retrieve_view(request: HttpRequest, intent_id: str) -> JsonResponse:
    if (refusal := _api_guard(request)) is not None:
        return refusal
    return JsonResponse(_public(request, _intent_or_404(intent_id)))


@csrf_exempt
@require_POST
def intent_capture_view(request: HttpRequest, intent_id: str) -> JsonResponse:
    """Capture an authorised payment; capturing a captured one again answers it unchanged (idempotent)."""
    if (refusal := _api_guard(request)) is not None:
        return refusal
    intent = _intent_or_404(intent_id)
    body = _json(request) or {}
    amount = _amount(body.get("amount", intent["amount"]))
    if intent["state"] == "captured":
        return JsonResponse(_public(request, intent))
    if intent["state"] != "authorized":
        return _error("not_authorized", "Only an authorised payment can be captured.", 409)
    if amount is None or amount > Decimal(intent["amount"]):
        return _error("invalid_amount", "The capture exceeds the authorised amount.", 400)
    intent["amount_captured"] = str(amount)
    return JsonResponse(_public(request, intent_move(intent, state="captured")))


@csrf_exempt
@require_POST
def intent_refund_view(request: HttpRequest, intent_id: str) -> JsonResponse:
    """Refund part of a captured payment; the same ``Idempotency-Key`` answers the same refund."""
    if (refusal := _api_guard(request)) is not None:
        return refusal
    intent = _intent_or_404(intent_id)
    key = request.headers.get("Idempotency-Key", "")
    if not key:
        return _error("idempotency_key_required", "Send an Idempotency-Key.", 400)
    if key in intent["refunds"]:
        return JsonResponse({"id": intent["refunds"][key], "status": "succeeded"})
    amount = _amount((_json(request) or {}).get("amount"))
    if intent["state"] != "captured":
        return _error("not_captured", "Only a captured payment can be refunded.", 409)
    left = Decimal(intent["amount_captured"]) - Decimal(intent["amount_refunded"])
    if amount is None or amount > left:
        return _error("refund_exceeds_capture", "The refund exceeds what is left of the payment.", 400)
    refund_id = f"dpr_{secrets.token_hex(12)}"
    intent["amount_refunded"] = str(Decimal(intent["amount_refunded"]) + amount)
    intent["refunds"][key] = refund_id
    intent_save(intent)
    return JsonResponse({"id": refund_id, "status": "succeeded"}, status=201)


@csrf_exempt
@require_POST
def deletion_request_view(request: HttpRequest) -> JsonResponse:
    """Delete every payment the provider holds for some orders (promise C4): ``{"order_numbers": [...]}``
    with an ``Idempotency-Key``; a retry with the same key answers the same request id."""
    if (refusal := _api_guard(request)) is not None:
        return refusal
    key = request.headers.get("Idempotency-Key", "")
    if not key:
        return _error("idempotency_key_required", "Send an Idempotency-Key.", 400)
    body = _json(request)
    numbers = (body or {}).get("order_numbers")
    if body is None or set(body) != {"order_numbers"} or not isinstance(numbers, list):
        return _error("invalid", "A deletion request has exactly order_numbers, a list.", 400)
    if not all(isinstance(number, str) and number for number in numbers):
        return _error("invalid", "order_numbers must be a list of order numbers.", 400)
    deleted = intents_forget([number[:32] for number in numbers])
    request_id = "dpd_" + hashlib.sha256(f"demo-payments-deletion:{key}".encode()).hexdigest()[:16]
    return JsonResponse({"id": request_id, "status": "deleted", "payments_deleted": deleted})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def hosted_page(request: HttpRequest, intent_id: str) -> HttpResponse:
    """The page the shopper pays on. POST ``outcome`` (``pay`` or ``decline``) and ``webhook`` (``now``,
    ``delay`` or ``lose``); the shopper is then sent back to the shop's return URL."""
    _enabled()
    intent = _intent_or_404(intent_id)
    if request.method == "POST" and intent["state"] == "requires_action":
        outcome = request.POST.get("outcome", "pay")
        mode = request.POST.get("webhook", WEBHOOK_NOW)
        if outcome not in ("pay", "decline") or mode not in WEBHOOK_MODES:
            return render(request, "demo_payments/hosted_page.html", {"intent": intent, "invalid": True}, status=400)
        declined = outcome == "decline" or demo_settings.ORDERS_DEMO_PAYMENT_DECLINE
        if declined:
            intent_move(intent, state="failed", failure_code="card_declined")
        else:
            intent_move(intent, state="authorized")
        demo_event_dispatch(demo_event_build(intent), mode=mode)
        return redirect(intent["return_url"])
    if request.method == "POST":
        return redirect(intent["return_url"])
    return render(request, "demo_payments/hosted_page.html", {"intent": intent, "modes": WEBHOOK_MODES})
