"""Every error code the shop app answers with (``DomainError.code``), in one place: clients and tests
compare with these, and a code is never spelled out as a string elsewhere. ``StrEnum``: a member is its string."""

from enum import StrEnum


class ErrorCode(StrEnum):
    ALREADY_REPORTED = "already_reported"
    ALREADY_REVIEWED = "already_reviewed"
    ALREADY_VOTED = "already_voted"
    EDIT_WINDOW_CLOSED = "edit_window_closed"
    GUARDIAN_CONSENT_REQUIRED = "guardian_consent_required"
    INSUFFICIENT_STOCK = "insufficient_stock"
    INVALID = "invalid"
    INVALID_TRANSITION = "invalid_transition"
    NOT_A_BUYER = "not_a_buyer"
    OWN_REVIEW = "own_review"
    PRODUCT_UNAVAILABLE = "product_unavailable"
    SHIPPING_METHOD_UNAVAILABLE = "shipping_method_unavailable"
    SHIPPING_UNAVAILABLE = "shipping_unavailable"


class VoucherErrorCode(StrEnum):
    """Why a voucher code is refused (``shop.promotions``); clients import these, not the strings."""

    NOT_FOUND = "voucher_not_found"
    EXPIRED = "voucher_expired"
    MIN_SPEND = "voucher_min_spend"
    USED_UP = "voucher_used_up"
