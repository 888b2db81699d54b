"""What privacy's sub-apps plug into the engine, so that the engine imports none of them (as the erasure
machine learns its blockers and handlers from ``privacy.erasure_hooks``).

Each sub-app registers in its ``AppConfig.ready``:

* ``policy_published_handler_register``: work done when a policy version is published, inside the
  publishing transaction (``privacy.announcements`` starts the mailing of a material change, G5);
* ``cookie_choice_recorder_register``: proof kept of an anonymous visitor's cookie choice
  (``privacy.analytics``, B4, B5), given the request, the response and the choice;
* ``site_notice_register``: a yes/no question about the signed-in user that a banner of the site shows
  (``privacy.cancellation``: a cancellation is pending; ``privacy.incidents``: an incident notice waits),
  read by ``privacy_notices.<name>`` in templates;
* ``centre_summary_register``: the part of the privacy centre's dashboard a sub-app answers for
  (``privacy.requests``: open and answered requests; ``privacy.cancellation``: a pending cancellation).

Handlers receive ids, model instances of the engine and the request, never another app's objects.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass
class Extensions:
    policy_published: dict[str, Callable[..., Any]] = field(default_factory=dict)
    cookie_choice_recorders: dict[str, Callable[..., Any]] = field(default_factory=dict)
    site_notices: dict[str, Callable[..., bool]] = field(default_factory=dict)
    centre_summaries: dict[str, Callable[..., dict[str, Any]]] = field(default_factory=dict)


site = Extensions()


def _register(registry: dict, name: str, handler: Callable) -> None:
    # The same handler again is fine (``ready`` runs again when the installed apps are reloaded).
    if registry.get(name, handler) is not handler:
        raise ImproperlyConfigured(f"Two privacy extensions are registered as {name!r}.")
    registry[name] = handler


def policy_published_handler_register(*, name: str, handler: Callable[..., Any]) -> None:
    """``handler(version=..., site_url=...)`` runs inside the transaction that publishes ``version``."""
    _register(site.policy_published, name, handler)


def cookie_choice_recorder_register(*, name: str, handler: Callable[..., Any]) -> None:
    """``handler(request=..., response=..., choice=..., user_agent=...)`` for a visitor who is not signed in."""
    _register(site.cookie_choice_recorders, name, handler)


def site_notice_register(*, name: str, check: Callable[..., bool]) -> None:
    """``check(user_id=...)`` says whether the banner ``name`` shows for a signed-in user."""
    _register(site.site_notices, name, check)


def centre_summary_register(*, name: str, summary: Callable[..., dict[str, Any]]) -> None:
    """``summary(user_id=...)`` gives the privacy centre's dashboard fields (of ``CentreSummary``) for a user."""
    _register(site.centre_summaries, name, summary)


def centre_summary(*, user_id: int) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for summary in site.centre_summaries.values():
        fields.update(summary(user_id=user_id))
    return fields


def policy_published(*, version, site_url: str) -> None:
    for handler in site.policy_published.values():
        handler(version=version, site_url=site_url)


def cookie_choice_recorded(*, request, response, choice: str, user_agent: str) -> None:
    for handler in site.cookie_choice_recorders.values():
        handler(request=request, response=response, choice=choice, user_agent=user_agent)
