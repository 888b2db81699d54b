"""Markers a view carries to opt out of a site-wide rule, in the manner of Django's ``login_not_required``.

A rule that applies to every view by default (no-store, the policy gate) reads its exemption from the view
itself, never from a list of URL prefixes kept elsewhere: moving a URL cannot silently change who reaches it.
A marker is an attribute set on the view function, or on the class of a class-based view (Django's and DRF's
``as_view()`` keep the class as ``view_class``), so the middleware that sees the resolved view and the DRF
permission that sees the view instance both read it.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TypeVar

from django.urls import URLPattern, URLResolver

View = TypeVar("View")


def mark_view(view: View, marker: str) -> View:
    """Set ``marker`` on a view function or a view class and return it (usable as a decorator body)."""
    setattr(view, marker, True)
    return view


def view_is_marked(view_func: Callable | None, marker: str) -> bool:
    """Whether the resolved view (a function from ``as_view()`` or a plain function) or its class carries ``marker``."""
    if view_func is None:
        return False
    if getattr(view_func, marker, False):
        return True
    return bool(getattr(getattr(view_func, "view_class", None), marker, False))


def mark_urlpatterns(patterns: Iterable, marker: str, *, names: Iterable[str] | None = None) -> list:
    """Copies of ``patterns`` (walked recursively) whose views carry ``marker``; only the URLs in ``names`` if given.

    For views of third-party apps (allauth, the admin) that cannot be decorated where they are defined: the
    views are wrapped, so the originals stay unmarked wherever else they are mounted.
    """
    wanted = set(names) if names is not None else None
    return [_mark_entry(entry, marker, wanted) for entry in patterns]


def _mark_entry(entry, marker: str, wanted: set[str] | None):
    if isinstance(entry, URLResolver):
        resolver = URLResolver(
            entry.pattern,
            mark_urlpatterns(entry.url_patterns, marker, names=wanted),
            entry.default_kwargs,
            entry.app_name,
            entry.namespace,
        )
        return resolver
    if isinstance(entry, URLPattern) and (wanted is None or entry.name in wanted):
        return URLPattern(entry.pattern, mark_view(_wrapped(entry.callback), marker), entry.default_args, entry.name)
    return entry


def _wrapped(view: Callable) -> Callable:
    @wraps(view)
    def marked_view(*args, **kwargs):
        return view(*args, **kwargs)

    return marked_view


def urlpattern_names(patterns: Iterable) -> list[str]:
    """The names of every URL in ``patterns``, walked recursively (to mark a whole third-party app's URLs)."""
    names: list[str] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names.extend(urlpattern_names(entry.url_patterns))
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(entry.name)
    return names
