"""Encryption at rest for the most sensitive fields (promise F1), with key rotation.

Keys: ``settings.PRIVACY_ENCRYPTION_KEYS`` is a list of Fernet keys, newest first. The first key
encrypts; every key decrypts (``cryptography``'s ``MultiFernet``). To rotate: put a new key in front,
deploy, run ``manage.py rotate_encryption_keys``, then drop the old key.

Fields: ``EncryptedCharField`` and ``EncryptedTextField`` store a Fernet token in a ``text`` column and
hand Python the plaintext. What that costs:

- No filtering, ordering or uniqueness on the plaintext: each encryption of the same value differs. A
  lookup other than ``isnull`` raises ``FieldError``. For exact matches keep a keyed hash beside the
  field (``privacy.hashing.keyed_hash``) and filter on that.
- ``max_length`` of ``EncryptedCharField`` limits the plaintext (validation and forms), not the column.
- ``None`` and ``""`` are stored as they are (that a value is absent is not secret); every other
  value is a token. Filter for absence with ``isnull``; ``field=None`` is refused like any lookup.

Errors never contain a plaintext or a token: a value that no configured key opens raises
``DecryptionError`` naming the model field only.
"""

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models


class DecryptionError(Exception):
    """A stored token that no key in ``PRIVACY_ENCRYPTION_KEYS`` can open (a key was dropped too soon,
    or the column was written by something other than the encrypted field)."""


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, ...]:
    if not keys:
        raise ImproperlyConfigured("PRIVACY_ENCRYPTION_KEYS is empty: at least one Fernet key is needed.")
    fernets = []
    for position, key in enumerate(keys):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            # The message names the position, never the key itself.
            raise ImproperlyConfigured(
                f"PRIVACY_ENCRYPTION_KEYS[{position}] is not a Fernet key (32 url-safe base64-encoded bytes; "
                "generate one with cryptography.fernet.Fernet.generate_key())."
            ) from None
    return tuple(fernets)


def configured_keys() -> tuple[str, ...]:
    """The configured keys, newest first, as strings."""
    keys = getattr(settings, "PRIVACY_ENCRYPTION_KEYS", ())
    if isinstance(keys, str):
        keys = [keys]
    return tuple(key.decode() if isinstance(key, bytes) else str(key) for key in keys)


def multi_fernet() -> MultiFernet:
    """A ``MultiFernet`` over the configured keys: encrypts with the first, decrypts with any."""
    return MultiFernet(list(_fernets(configured_keys())))


def newest_fernet() -> Fernet:
    """The ``Fernet`` of the first (newest) key only."""
    return _fernets(configured_keys())[0]


def encrypt_str(value: str) -> str:
    """A Fernet token (ASCII text) for ``value`` under the newest key."""
    return multi_fernet().encrypt(value.encode()).decode("ascii")


def decrypt_str(token: str, *, source: str = "a value") -> str:
    """The plaintext of ``token``. Raises ``DecryptionError`` naming ``source`` (never the token)."""
    try:
        return multi_fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        raise DecryptionError(
            f"Could not decrypt {source}: no key in PRIVACY_ENCRYPTION_KEYS opens it "
            "(was an old key removed before rotate_encryption_keys ran?)."
        ) from None


def is_under_newest_key(token: str) -> bool:
    """Whether ``token`` already opens with the newest key (so rotation can skip it)."""
    try:
        newest_fernet().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate_token(token: str, *, source: str = "a value") -> str:
    """``token`` re-encrypted under the newest key (``MultiFernet.rotate``, which keeps its timestamp)."""
    try:
        return multi_fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise DecryptionError(f"Could not rotate {source}: no key in PRIVACY_ENCRYPTION_KEYS opens it.") from None


class EncryptedFieldMixin:
    """Encrypts on the way to the database, decrypts on the way back. See the module docstring."""

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_str(value, source=self._source())

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_str(str(value))

    def get_lookup(self, lookup_name: str):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self._source()} is encrypted at rest and cannot be filtered with '{lookup_name}': "
            "store a keyed hash beside it (privacy.hashing.keyed_hash) and filter on that."
        )

    def get_transform(self, lookup_name: str):
        return None

    def _source(self) -> str:
        model = getattr(self, "model", None)
        return f"{model._meta.label}.{self.name}" if model is not None else str(self.name)


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    """A short encrypted string (phone, ID number); ``max_length`` applies to the plaintext."""


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    """A long encrypted string (an address line, a free-text note)."""


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    """The encrypted concrete fields of ``model``, in declaration order."""
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedFieldMixin)]


def models_with_encrypted_fields() -> Iterator[tuple[type[models.Model], list[models.Field]]]:
    """Every installed model that owns a table with encrypted columns (proxies share their parent's)."""
    for model in apps.get_models():
        if model._meta.proxy or model._meta.swapped:
            continue
        fields = [field for field in encrypted_fields(model) if field.model is model]
        if fields:
            yield model, fields


def check_encryption_keys(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check ``privacy.E001``: the encryption and hash keys are present and well formed."""
    errors: list[checks.CheckMessage] = []
    try:
        _fernets(configured_keys())
    except ImproperlyConfigured as exc:
        errors.append(checks.Error(str(exc), id="privacy.E001"))
    if not getattr(settings, "PRIVACY_HASH_KEY", ""):
        errors.append(checks.Error("PRIVACY_HASH_KEY is not set.", id="privacy.E002"))
    return errors
