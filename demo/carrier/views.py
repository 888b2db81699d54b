"""The demo carrier's endpoints: booking (the carrier side of ``orders.carriers``) and deletion requests
(the carrier side of ``orders.privacy_hooks.carrier_deletion_request``)."""

import hashlib
import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from demo.carrier.parcels import demo_tracking_number
from orders.carriers.payload import REQUEST_KEYS
from orders.returns.pickup import PICKUP_KEYS

_REQUIRED_KEYS = frozenset({"order_number", "label", "address", "lines"})


def _error(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


def _api_key_accepted(request: HttpRequest) -> bool:
    """Any caller while ``DEMO_CARRIER_API_KEY`` is empty; otherwise only ``Authorization: Bearer <that key>``
    (compared in constant time)."""
    expected = settings.DEMO_CARRIER_API_KEY
    if not expected:
        return True
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(key.strip().encode(), expected.encode())


@csrf_exempt
@require_POST
def demo_shipment_book(request: HttpRequest) -> JsonResponse:
    """Book a parcel: 201 with its tracking number. Checks the API key when ``DEMO_CARRIER_API_KEY`` is set
    (401 ``invalid_api_key``), validates the request's shape the way a strict carrier would (an unexpected
    key is refused), then forgets it: the demo stores nothing it receives."""
    if not settings.DEMO_CARRIER_ENABLED:
        raise Http404("The demo carrier is disabled.")
    if not _api_key_accepted(request):
        return _error("invalid_api_key", "Send the API key this carrier issued as Authorization: Bearer <key>.", 401)
    key = request.headers.get("Idempotency-Key", "")
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _error("parse_error", "The body is not valid JSON.", 400)
    if not isinstance(body, dict):
        return _error("invalid", "The body must be a JSON object.", 400)
    keys = set(body)
    if not keys <= REQUEST_KEYS or not keys >= _REQUIRED_KEYS:
        return _error("invalid", "The shipment request has unexpected or missing keys.", 400)
    if not key or key != body["order_number"]:
        return _error("idempotency_key_required", "Idempotency-Key must be the order number.", 400)
    if not isinstance(body["lines"], list) or not body["lines"]:
        return _error("invalid", "A parcel needs at least one line.", 400)
    return JsonResponse({"tracking_number": demo_tracking_number(key), "status": "booked"}, status=201)


@csrf_exempt
@require_POST
def demo_deletion_request(request: HttpRequest) -> JsonResponse:
    """Delete what the demo holds about some orders (promise C4): nothing, since it stores nothing it
    receives, so the answer is ``deleted`` at once, with a request id derived from the idempotency key.
    Checks the API key as bookings do."""
    if not settings.DEMO_CARRIER_ENABLED:
        raise Http404("The demo carrier is disabled.")
    if not _api_key_accepted(request):
        return _error("invalid_api_key", "Send the API key this carrier issued as Authorization: Bearer <key>.", 401)
    key = request.headers.get("Idempotency-Key", "")
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _error("parse_error", "The body is not valid JSON.", 400)
    if not isinstance(body, dict) or set(body) != {"order_numbers", "reason"}:
        return _error("invalid", "A deletion request has exactly order_numbers and reason.", 400)
    numbers = body["order_numbers"]
    if not isinstance(numbers, list) or not all(isinstance(number, str) for number in numbers):
        return _error("invalid", "order_numbers must be a list of order numbers.", 400)
    if not key:
        return _error("idempotency_key_required", "Send an Idempotency-Key.", 400)
    request_id = "DEL" + hashlib.sha256(f"demo-carrier-deletion:{key}".encode()).hexdigest()[:12].upper()
    return JsonResponse({"status": "deleted", "request_id": request_id}, status=200)


@csrf_exempt
@require_POST
def demo_return_pickup_book(request: HttpRequest) -> JsonResponse:
    """Book a courier to collect a return (``orders.returns.pickup``): 201 with a pickup reference derived
    from the idempotency key, so a retried booking gets the same one. Refuses a body with anything beyond
    the pickup address, the contact phone and the parcel count; stores nothing."""
    if not settings.DEMO_CARRIER_ENABLED:
        raise Http404("The demo carrier is disabled.")
    if not _api_key_accepted(request):
        return _error("invalid_api_key", "Send the API key this carrier issued as Authorization: Bearer <key>.", 401)
    key = request.headers.get("Idempotency-Key", "")
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _error("parse_error", "The body is not valid JSON.", 400)
    if not isinstance(body, dict) or set(body) != PICKUP_KEYS:
        return _error("invalid", "A pickup request has exactly return_reference, pickup, contact and parcels.", 400)
    if not key or key != body["return_reference"]:
        return _error("idempotency_key_required", "Idempotency-Key must be the return reference.", 400)
    reference = "PU" + hashlib.sha256(f"demo-carrier-pickup:{key}".encode()).hexdigest()[:12].upper()
    return JsonResponse({"pickup_reference": reference, "status": "booked"}, status=201)
