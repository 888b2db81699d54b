"""What other apps tell the erasure machine, without privacy importing them (the registry's companions).

The personal-data registry says *which* rows to erase. Three more things only the owning app knows;
it declares them in its ``personal_data.py`` (imported at startup), next to its declarations:

* **Blockers** (``register_erasure_blocker``): a reason an account must not be cancelled or
  anonymised yet, e.g. orders still on their way. ``check(user_id=...)`` returns what blocks (order
  numbers...), empty when nothing does. A cancellation request is refused with the blocker's ``code``
  (409, the items in ``blocking``); a due anonymisation is postponed and retried later.
* **Recipient handlers** (``register_recipient_handler``): how to ask a recipient of the user's data to
  delete it (C4). The prefix is the part of the disclosure log's ``recipient_ref`` before ``":"``
  (``"carrier"`` for ``"carrier:demo"``). ``handler(recipient_ref=..., references=[...], request_key=...)``
  returns a ``RecipientAnswer`` or raises ``RecipientUnavailable`` (worth retrying) or
  ``RecipientRejected`` (it will not help). ``request_key`` is stable per request: send it as the
  recipient's idempotency key.
* **Erasure handlers** (``register_erasure_handler``): extra work inside the erasure transaction, after
  the registry's rules ran and before the account row is anonymised, for copies the registry cannot
  describe (an external search index, a per-user cache key...). ``handler(user_id=...)``; raising
  rolls the whole erasure of that user back.

Every callable receives ids and the references the disclosure log holds, never personal data, and
must not log any.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class ErasureBlocker:
    code: str
    detail: str
    check: Callable[..., Sequence[str]]


@dataclass(frozen=True)
class RecipientAnswer:
    """A recipient's answer to a deletion request: ``done`` when it says the data is deleted, False when it
    accepted the request and will delete later; ``reference`` is its own id for the request."""

    done: bool
    reference: str = ""


class RecipientError(Exception):
    """A deletion request that did not go through; ``code`` is recorded (never the recipient's answer)."""

    def __init__(self, code: str) -> None:
        self.code = code[:60]
        super().__init__(self.code)


class RecipientUnavailable(RecipientError):
    """The recipient could not answer now (network, timeout, 5xx, 429): retried with backoff."""


class RecipientRejected(RecipientError):
    """The recipient refused the request (4xx, an unknown recipient): retrying will not help."""


@dataclass
class ErasureHooks:
    blockers: dict[str, ErasureBlocker] = field(default_factory=dict)
    recipient_handlers: dict[str, Callable[..., RecipientAnswer]] = field(default_factory=dict)
    erasure_handlers: dict[str, Callable[..., None]] = field(default_factory=dict)


site = ErasureHooks()
"""The project's hooks, filled by the apps' ``personal_data.py`` modules at startup."""


def register_erasure_blocker(*, code: str, detail: str, check: Callable[..., Sequence[str]]) -> ErasureBlocker:
    """Declare a reason to refuse cancellation (and postpone anonymisation); ``code`` is the error code."""
    if code in site.blockers:
        raise ImproperlyConfigured(f"An erasure blocker with code {code!r} is registered twice.")
    blocker = ErasureBlocker(code=code, detail=detail, check=check)
    site.blockers[code] = blocker
    return blocker


def register_recipient_handler(*, prefix: str, handler: Callable[..., RecipientAnswer]) -> None:
    """Declare how recipients whose ``recipient_ref`` starts with ``prefix:`` are asked to delete data."""
    if not prefix or ":" in prefix:
        raise ImproperlyConfigured(f"A recipient prefix is the part before ':' of a recipient_ref, not {prefix!r}.")
    if prefix in site.recipient_handlers:
        raise ImproperlyConfigured(f"A recipient handler for {prefix!r} is registered twice.")
    site.recipient_handlers[prefix] = handler


def register_erasure_handler(*, name: str, handler: Callable[..., None]) -> None:
    """Declare extra work done inside every erasure transaction (see the module docstring)."""
    if name in site.erasure_handlers:
        raise ImproperlyConfigured(f"An erasure handler named {name!r} is registered twice.")
    site.erasure_handlers[name] = handler


def erasure_blocking(*, user_id: int) -> tuple[ErasureBlocker, list[str]] | None:
    """The first registered blocker that blocks ``user_id`` and what blocks, or None."""
    for blocker in site.blockers.values():
        items = list(blocker.check(user_id=user_id))
        if items:
            return blocker, items
    return None


def recipient_handler_for(recipient_ref: str) -> Callable[..., RecipientAnswer] | None:
    """The handler for ``recipient_ref`` (``"carrier:demo"`` -> the ``"carrier"`` handler), or None."""
    prefix, _, _ = recipient_ref.partition(":")
    return site.recipient_handlers.get(prefix)


def erasure_handlers_run(*, user_id: int) -> None:
    """Run every erasure handler for ``user_id`` (inside the caller's transaction), in registration order."""
    for handler in site.erasure_handlers.values():
        handler(user_id=user_id)
