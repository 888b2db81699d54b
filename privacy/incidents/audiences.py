"""Who an incident concerns: declared audience selectors (promise F4).

A selector has a code, a label staff read, the parameters it takes and a ``resolve(**params)`` that
returns a queryset of user ids. The privacy app declares the ones it can answer itself (every account,
accounts whose data went to a recipient, an uploaded list of ids); other apps declare theirs in their
``personal_data.py`` (``orders`` declares "accounts with orders placed in a date range"), so privacy never
imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from core.errors import DomainError
from privacy.models import DisclosureRecord

PARAM_START = "start"
PARAM_END = "end"
PARAM_RECIPIENT = "recipient_ref"
PARAM_USER_IDS = "user_ids"


@dataclass(frozen=True)
class AudienceSelector:
    code: str
    label: str
    params: tuple[str, ...]
    resolve: Callable[..., QuerySet]


_selectors: dict[str, AudienceSelector] = {}


def register_audience_selector(*, code: str, label: str, params: tuple[str, ...], resolve: Callable) -> None:
    """Declare a way to choose the accounts an incident concerns; ``resolve(**params)`` returns user ids."""
    if code in _selectors:
        raise ImproperlyConfigured(f"An audience selector {code!r} is registered twice.")
    _selectors[code] = AudienceSelector(code=code, label=label, params=params, resolve=resolve)


def audience_selectors() -> list[AudienceSelector]:
    return list(_selectors.values())


def audience_choices() -> list[tuple[str, str]]:
    return [(selector.code, selector.label) for selector in _selectors.values()]


def _invalid(field: str, message: str) -> DomainError:
    return DomainError(message, code="invalid_audience", fields={field: [message]})


def audience_params_clean(*, audience: str, params: dict) -> dict:
    """The parameters ``audience`` needs, checked and in their stored form (ISO dates, ints).

    Raises ``DomainError`` ``invalid_audience`` naming the field at fault.
    """
    selector = _selectors.get(audience)
    if selector is None:
        raise _invalid("audience", "Choose who is affected.")
    cleaned: dict = {}
    for name in selector.params:
        value = params.get(name)
        if value in (None, "", []):
            raise _invalid(name, "This is needed for the chosen audience.")
        if name in (PARAM_START, PARAM_END):
            cleaned[name] = value.isoformat() if isinstance(value, date) else str(value)
        elif name == PARAM_USER_IDS:
            try:
                cleaned[name] = sorted({int(item) for item in value})
            except (TypeError, ValueError):
                raise _invalid(name, "Give account ids, one number per line.") from None
        else:
            cleaned[name] = str(value)
    if PARAM_START in cleaned and PARAM_END in cleaned and cleaned[PARAM_START] > cleaned[PARAM_END]:
        raise _invalid(PARAM_END, "The end must not be before the start.")
    return cleaned


def audience_user_ids(*, audience: str, params: dict) -> QuerySet:
    """The ids of the live accounts ``audience`` selects with ``params`` (erased accounts are left out)."""
    selector = _selectors.get(audience)
    if selector is None:
        raise _invalid("audience", "Choose who is affected.")
    ids = selector.resolve(**{name: params[name] for name in selector.params})
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk").values_list("pk", flat=True)


def _every_account() -> QuerySet:
    return get_user_model().objects.values("pk")


def _recipient(*, recipient_ref: str) -> QuerySet:
    return DisclosureRecord.objects.filter(recipient_ref=recipient_ref, user__isnull=False).values("user_id")


def _listed(*, user_ids: list[int]) -> list[int]:
    return list(user_ids)


register_audience_selector(code="all_accounts", label="Every account", params=(), resolve=_every_account)
register_audience_selector(
    code="recipient",
    label="Accounts whose data went to a recipient (its key in the disclosure log)",
    params=(PARAM_RECIPIENT,),
    resolve=_recipient,
)
register_audience_selector(
    code="user_ids", label="An uploaded list of account ids", params=(PARAM_USER_IDS,), resolve=_listed
)
