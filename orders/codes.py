"""The orders app's codes, in one place: the error codes it answers with (``DomainError.code``) and the kinds
of an order's events (``OrderEvent.kind``). Clients and tests compare with these; ``StrEnum``: a member is its
string, so stored rows and JSON answers are unchanged."""

from enum import StrEnum


class ErrorCode(StrEnum):
    CART_EMPTY = "cart_empty"
    CREDIT_EXCEEDS_INVOICE = "credit_exceeds_invoice"
    CREDIT_NOTE_EMPTY = "credit_note_empty"
    CREDIT_NOTE_LINE_INVALID = "credit_note_line_invalid"
    CROSS_BORDER_CONSENT_REQUIRED = "cross_border_consent_required"
    GUARDIAN_CONSENT_REQUIRED = "guardian_consent_required"
    HANDOFF_IN_PROGRESS = "handoff_in_progress"
    HANDOFF_NOT_ALLOWED = "handoff_not_allowed"
    INVALID = "invalid"
    INVALID_REFUND_LINES = "invalid_refund_lines"
    INVALID_RETURN_LINES = "invalid_return_lines"
    INVALID_SIGNATURE = "invalid_signature"
    INVALID_TRANSITION = "invalid_transition"
    INVOICE_NOT_FOUND = "invoice_not_found"
    NOTHING_TO_REFUND = "nothing_to_refund"
    NO_CARRIER_AVAILABLE = "no_carrier_available"
    ORDER_NOT_INVOICEABLE = "order_not_invoiceable"
    PAYMENT_DECLINED = "payment_declined"
    PAYMENT_PROVIDER_UNAVAILABLE = "payment_provider_unavailable"
    REFUND_EXCEEDS_PAYMENT = "refund_exceeds_payment"
    REFUND_FAILED = "refund_failed"
    RETURN_NOT_ALLOWED = "return_not_allowed"
    RETURN_STATE_CONFLICT = "return_state_conflict"
    STALE_TIMESTAMP = "stale_timestamp"
    UNKNOWN_CARRIER = "unknown_carrier"
    UNKNOWN_PAYMENT = "unknown_payment"
    UNKNOWN_PROVIDER = "unknown_provider"
    UNKNOWN_TRACKING_NUMBER = "unknown_tracking_number"


class OrderEventKind(StrEnum):
    """What an order event records (its ``kind`` column)."""

    PLACED = "placed"
    STATUS_CHANGED = "status_changed"
    PAYMENT_STARTED = "payment_started"
    PAYMENT_FAILED = "payment_failed"
    PAYMENT_NOT_CAPTURED = "payment_not_captured"
    HANDOFF_WAITING = "handoff_waiting"
    HANDOFF_REQUESTED = "handoff_requested"
    HANDOFF_FAILED = "handoff_failed"
    HANDOFF_BOOKED = "handoff_booked"
    REFUND = "refund"
    RETURN_REQUESTED = "return_requested"
    RETURN_APPROVED = "return_approved"
    RETURN_REJECTED = "return_rejected"
    RETURN_PICKUP_BOOKED = "return_pickup_booked"
    NOTIFICATION_SENT = "notification_sent"
