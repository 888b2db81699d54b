"""Address-book reads: only the caller's own addresses are ever visible."""

from django.db.models import QuerySet
from django.utils.translation import gettext

from core.errors import NotFound
from orders.models import Address


def address_list(*, user) -> QuerySet[Address]:
    """``user``'s addresses, the default first, then the most recently changed."""
    return Address.objects.filter(user=user)


def address_get(*, user, address_id: int) -> Address:
    """``user``'s address ``address_id``. Raises ``NotFound`` for anyone else's (never says whose)."""
    address = Address.objects.filter(user=user, pk=address_id).select_related("user").first()
    if address is None:
        raise NotFound(gettext("There is no such address in your address book."))
    return address
