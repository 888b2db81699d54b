"""The vocabulary of personal-data declarations: what a field is, how it is shown, how it is erased.

These are plain frozen values; ``privacy.registry.site`` validates them against the models when an
app's ``personal_data.py`` registers them.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from privacy.hashing import keyed_hash
from privacy.masking import Mask

__all__ = ["Anonymise", "AnonymiseKind", "Category", "Exemption", "Mask", "OnErase", "PersonalField", "PersonalModel"]


class Category(StrEnum):
    """What kind of personal data a field holds. Retention, export grouping and audits key on it."""

    IDENTITY = "identity"  # who the person is: name, nickname, date of birth, account binding
    CONTACT = "contact"  # how to reach them: email, phone
    ADDRESS = "address"  # where they live or receive parcels
    LOCATION = "location"  # a current position (never a trajectory: promise A5)
    BEHAVIOUR = "behaviour"  # what they did: carts, searches, views, orders placed
    CONTENT = "content"  # what they wrote: reviews, messages
    TECHNICAL = "technical"  # what the system recorded: password hash, logins, IPs, user agents
    FINANCIAL = "financial"  # payments, refunds, invoices
    CONSENT_PROOF = "consent_proof"  # evidence of what they agreed to, and when (promise B4)


class OnErase(StrEnum):
    """What erasing the owner (account cancellation, a minor's data) does to a whole row."""

    DELETE_ROW = "delete_row"  # the row goes
    ANONYMISE_FIELDS = "anonymise_fields"  # the row stays; each personal field gets its ``anonymise`` rule


class AnonymiseKind(StrEnum):
    BLANK = "blank"  # ""
    NULL = "null"  # None (the field must be nullable)
    CONSTANT = "constant"  # a fixed value; "{pk}" in it becomes the row's primary key
    KEYED_HASH = "keyed_hash"  # privacy.hashing.keyed_hash of the value: a stable pseudonym
    DELETE_ROW = "delete_row"  # the field cannot be anonymised in place: the row is deleted
    KEEP = "keep"  # the value survives erasure, for the stated reason


@dataclass(frozen=True)
class Anonymise:
    """The rule that erases one field. Use the constants and constructors, not the class directly::

    Anonymise.BLANK, Anonymise.NULL, Anonymise.KEYED_HASH, Anonymise.DELETE_ROW,
    Anonymise.constant("deleted-{pk}@invalid.invalid"), Anonymise.keep(reason="...")
    """

    kind: AnonymiseKind
    value: str | None = None
    reason: str = ""

    BLANK: ClassVar["Anonymise"]
    NULL: ClassVar["Anonymise"]
    KEYED_HASH: ClassVar["Anonymise"]
    DELETE_ROW: ClassVar["Anonymise"]

    @classmethod
    def constant(cls, value: str) -> "Anonymise":
        """Replace with ``value``; ``{pk}`` in it is the row's primary key (needed on unique fields)."""
        return cls(AnonymiseKind.CONSTANT, value=value)

    @classmethod
    def keep(cls, *, reason: str) -> "Anonymise":
        """Leave the value in place; ``reason`` says why the law or the purpose needs it."""
        return cls(AnonymiseKind.KEEP, reason=reason)

    def replacement(self, value: Any, *, pk: Any) -> Any:
        """The value this rule puts in place of ``value`` on the row ``pk``.

        Raises ``ValueError`` for ``DELETE_ROW``: the caller deletes the row instead.
        """
        if self.kind is AnonymiseKind.BLANK:
            return ""
        if self.kind is AnonymiseKind.NULL:
            return None
        if self.kind is AnonymiseKind.CONSTANT:
            return (self.value or "").format(pk=pk)
        if self.kind is AnonymiseKind.KEYED_HASH:
            return None if value is None else keyed_hash(str(value))
        if self.kind is AnonymiseKind.KEEP:
            return value
        raise ValueError("A delete_row field is erased by deleting its row, not by replacing its value.")


Anonymise.BLANK = Anonymise(AnonymiseKind.BLANK)
Anonymise.NULL = Anonymise(AnonymiseKind.NULL)
Anonymise.KEYED_HASH = Anonymise(AnonymiseKind.KEYED_HASH)
Anonymise.DELETE_ROW = Anonymise(AnonymiseKind.DELETE_ROW)


@dataclass(frozen=True)
class PersonalField:
    """One field that holds personal data.

    ``name`` is the model field's name (``"user"``, not ``"user_id"``). ``label`` is how the export and
    the privacy centre call it. ``mask`` is how it is shown to anyone but its owner. ``anonymise`` is
    how erasure treats it. ``export`` is False for secrets about the person that must never leave the
    system (a password hash): they are erased like the rest but not included in a data export.
    """

    name: str
    category: Category
    label: str
    mask: Mask
    anonymise: Anonymise
    export: bool = True


@dataclass(frozen=True)
class PersonalModel:
    """A model whose rows hold personal data about one user, and every such field of it.

    ``model`` is ``"app_label.ModelName"``. ``owner`` is the ORM path from this model to the user the
    row is about (``"user"``, ``"cart__user"``; ``""`` for the user model itself): every row must be
    reachable from its owner, or export and erasure would miss it. ``owner=None`` declares a model whose rows
    no relation links to their person (Django's session table keeps the user id inside encoded data): export
    and erasure find none of its rows by owner, so ``unlinked_reason`` must say what erases them instead
    (an erasure step, a retention policy) and why they cannot be exported. ``retention`` names a retention
    category (its period is configured by the retention rules). ``on_erase`` says what erasing the
    owner does to the row.
    """

    model: str
    owner: str | None
    retention: str
    on_erase: OnErase
    fields: Sequence[PersonalField] = field(default_factory=tuple)
    unlinked_reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(self.fields))
        object.__setattr__(self, "on_erase", OnErase(self.on_erase))

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(personal_field.name for personal_field in self.fields)

    def get_field(self, name: str) -> PersonalField:
        """The declaration of field ``name``; ``KeyError`` if it is not declared."""
        for personal_field in self.fields:
            if personal_field.name == name:
                return personal_field
        raise KeyError(f"{self.model}.{name} is not declared personal.")


@dataclass(frozen=True)
class Exemption:
    """A field the coverage test would flag that can never hold personal data, and why."""

    model: str
    field: str
    reason: str
