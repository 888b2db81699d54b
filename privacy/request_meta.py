"""Where a request came from, as recorded on proof records (promise B4)."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.http import HttpRequest

USER_AGENT_MAX_LENGTH = 512


def request_client_ip(request: HttpRequest) -> str | None:
    """``REMOTE_ADDR``; a proxy in front of the app must set it to the client's address (not trusted headers)."""
    address = request.META.get("REMOTE_ADDR") or ""
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


def request_user_agent(request: HttpRequest) -> str:
    return (request.META.get("HTTP_USER_AGENT") or "")[:USER_AGENT_MAX_LENGTH]
