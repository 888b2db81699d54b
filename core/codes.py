"""Every error code the core app answers with (``DomainError.code``), in one place: clients and tests
compare with these, and a code is never spelled out as a string elsewhere. ``StrEnum``: a member is its string."""

from enum import StrEnum


class ErrorCode(StrEnum):
    CONFLICT = "conflict"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
