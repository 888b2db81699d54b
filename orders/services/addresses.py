"""Address-book writes. A user has at most one default address (a database constraint); the first
address a user saves becomes the default, and deleting the default promotes the most recent other.

Every writer locks the user's row first, so two concurrent writes for one user cannot both set a
default (and trip the constraint) or leave none.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from orders.codes import ErrorCode
from orders.models import Address
from orders.validators import phone_normalise_valid
from privacy.hashing import keyed_hash, normalise_phone

ADDRESS_FIELDS = ("recipient_name", "phone", "region", "city", "district", "street", "postcode", "is_default")


class InvalidAddress(DomainError):
    code = ErrorCode.INVALID
    default_detail = gettext_lazy("The submitted data is not valid.")


def _lock_user(user) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _apply(address: Address, data: dict[str, Any]) -> None:
    unknown = set(data) - set(ADDRESS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown address fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(address, name, value)
    if "phone" in data:
        try:
            address.phone = phone_normalise_valid(address.phone)
        except ValidationError as exc:
            raise InvalidAddress(fields={"phone": exc.messages}) from None
        address.phone_hash = keyed_hash(address.phone, normalise=normalise_phone)


def _make_sole_default(address: Address) -> None:
    Address.objects.filter(user_id=address.user_id, is_default=True).exclude(pk=address.pk).update(is_default=False)


def address_create(*, user, **data: Any) -> Address:
    """Add an address to ``user``'s book. The phone is validated and normalised and its keyed hash
    kept. Becomes the default when asked or when it is the user's first. Raises ``InvalidAddress``
    (400 ``invalid``, ``fields.phone``) for a bad phone number."""
    with transaction.atomic():
        _lock_user(user)
        address = Address(user=user)
        _apply(address, data)
        if not Address.objects.filter(user=user).exists():
            address.is_default = True
        if address.is_default:
            _make_sole_default(address)
        address.full_clean(exclude=["user", "phone_hash"])
        address.save()
    return address


def address_update(*, address: Address, **data: Any) -> Address:
    """Change fields of ``address``. Setting ``is_default`` makes it the only default; clearing it on the
    default is ignored (a user with addresses always has a default: pick another one instead). Raises
    ``InvalidAddress`` for a bad phone number."""
    with transaction.atomic():
        _lock_user(address.user)
        if data.get("is_default") is False and address.is_default:
            data = {**data, "is_default": True}
        _apply(address, data)
        if address.is_default:
            _make_sole_default(address)
        address.full_clean(exclude=["user", "phone_hash"])
        address.save()
    return address


def address_delete(*, address: Address) -> None:
    """Delete ``address``; when it was the default, the most recently updated other address becomes
    the default. Orders keep their own copy of the address, so deleting never changes an order."""
    with transaction.atomic():
        _lock_user(address.user)
        was_default = address.is_default
        user_id = address.user_id
        address.delete()
        if was_default:
            successor = Address.objects.filter(user_id=user_id).order_by("-updated_at", "-id").first()
            if successor is not None:
                successor.is_default = True
                successor.save(update_fields=["is_default", "updated_at"])
