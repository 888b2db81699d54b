"""Admin search that finds a person only by an exact identifier, and never crashes on a missing field.

Part of ``privacy.admin.masking.PiiMaskedAdminMixin``. The rules, applied to whatever ``search_fields`` an
admin declares (third-party admins compute theirs, for example allauth's from its user search fields):

* a field declared personal and masked is searched by exact, case-insensitive value (``=email``): staff
  find a customer by the full address, but a fragment ("@example.com", "ali") matches nothing, so the
  search box cannot be used to list or guess personal data;
* a personal field stored encrypted cannot be compared in SQL, so it is dropped; ``pii_search_hashes``
  maps keyed-hash columns to the normalisation their hash was made with (``{"phone_hash": normalise_phone}``):
  the search term is hashed the same way and matched exactly;
* a path naming a field the model does not have (``user__username`` on an email-only user model) is
  dropped instead of failing with a server error.
"""

from collections.abc import Callable, Mapping
from functools import reduce
from operator import or_

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from privacy.encryption import EncryptedFieldMixin
from privacy.hashing import keyed_hash
from privacy.services.pii_access import masked_fields

_PREFIXES = "^=@"
_EXACT_LOOKUPS = {"exact", "iexact"}


def _resolve(model: type[models.Model], path: str) -> tuple[models.Field, str] | None:
    """``(final field, lookup)`` of a search path (``"user__email"``, ``"email__iexact"``), or None when a part
    of it names no field of the model (and is not a lookup of the last field)."""
    current = model
    parts = path.split("__")
    model_field = None
    for index, part in enumerate(parts):
        if part == "pk":
            part = current._meta.pk.name
        try:
            model_field = current._meta.get_field(part)
        except FieldDoesNotExist:
            if model_field is not None and index == len(parts) - 1 and model_field.get_lookup(part) is not None:
                return model_field, part
            return None
        if model_field.is_relation and index < len(parts) - 1:
            current = model_field.related_model
    if model_field is None:
        return None
    return model_field, ""


def searchable_entry(model: type[models.Model], entry: str) -> str | None:
    """``entry`` as the masking admin searches it: forced to an exact match on a masked personal field, None
    (dropped) on an encrypted personal field or a path the model cannot resolve."""
    prefix = entry[0] if entry and entry[0] in _PREFIXES else ""
    path = entry[len(prefix) :]
    resolved = _resolve(model, path)
    if resolved is None:
        return None
    model_field, lookup = resolved
    owner = model_field.model
    personal = {item.name for item in masked_fields(owner)} if owner is not None else set()
    if model_field.name not in personal:
        return entry
    if isinstance(model_field, EncryptedFieldMixin):
        return None
    if prefix == "=" or lookup in _EXACT_LOOKUPS:
        return entry
    bare = path.removesuffix(f"__{lookup}") if lookup else path
    return f"={bare}"


class PiiSearchMixin:
    """See the module docstring."""

    pii_search_hashes: Mapping[str, Callable[[str], str]] = {}

    def get_search_fields(self, request):
        entries = super().get_search_fields(request)
        kept = [searchable_entry(self.model, entry) for entry in entries or ()]
        return [entry for entry in dict.fromkeys(kept) if entry]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and self.pii_search_hashes:
            by_hash = reduce(
                or_,
                (
                    Q(**{column: keyed_hash(term, normalise=normalise)})
                    for column, normalise in self.pii_search_hashes.items()
                ),
            )
            results = results | queryset.filter(by_hash)
        return results, may_have_duplicates
