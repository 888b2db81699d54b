"""The website's one mapping of domain errors (``core.errors.DomainError``) to what a person sees.

Services raise domain errors; a website view does not catch them one by one:

* ``DomainErrorMiddleware`` answers any that escape a view: ``NotFound`` (and any 404 error) is the site's 404
  page; any other refusal (a 403 too: "a guardian must approve" is news to act on, not a dead end) is a
  message on the page the view names with ``@redirect_on_domain_error("url-name", ...)`` (the URL's own
  arguments are passed on; with ``back=True`` the page the request came from first), or, without that marker,
  on the page the request came from (same site only), else the home page. A view marked
  ``@render_on_domain_error(template, *errors)`` shows those errors on a page of their own instead.
* ``form_errors(form)`` is for views that show a form: a refusal becomes the form's errors (per field where
  the error names the form's fields, else for the form as a whole), and the view renders the form again.

API views never reach the middleware: DRF's exception handler (``core.api.errors``) answers their errors.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from core.errors import DomainError

_REDIRECT_MARKER = "domain_error_redirect"
_PAGE_MARKER = "domain_error_page"


def redirect_on_domain_error(url_name: str | Callable[..., str], *kwarg_names: str, back: bool = False) -> Callable:
    """Marks a view: its refusals are a message on ``url_name`` (reversed with the view's ``kwarg_names``; or a
    callable given the URL's arguments that answers the URL), or with ``back`` on the page the request came
    from when it is one of ours."""

    def mark(view: Callable) -> Callable:
        setattr(view, _REDIRECT_MARKER, (url_name, kwarg_names, back))
        return view

    return mark


def render_on_domain_error(template: str, *errors: type[DomainError]) -> Callable:
    """Marks a view: the refusals ``errors`` are the page ``template`` (with ``error`` and its ``problem``, the
    message), at the error's status.

    For refusals that end the journey with an explanation ("only buyers can review") rather than a message."""

    def mark(view: Callable) -> Callable:
        setattr(view, _PAGE_MARKER, (template, errors))
        return view

    return mark


@dataclass
class Refusal:
    """What ``form_errors`` caught, if anything: the page is answered with its ``status_code``."""

    error: DomainError | None = None

    @property
    def status_code(self) -> int:
        return self.error.status_code if self.error is not None else 400


@contextmanager
def form_errors(form, *, unless: tuple[type[DomainError], ...] = ()) -> Iterator[Refusal]:
    """Turns a domain error raised inside the block into ``form``'s errors; the view then renders the form.

    Errors about a field the form has go on that field; the rest, and the message, on the form itself. The
    error types in ``unless`` pass through (to the middleware, or the view's own handling). Yields a
    ``Refusal`` that holds the error after the block."""
    refusal = Refusal()
    try:
        yield refusal
    except unless:
        raise
    except DomainError as error:
        refusal.error = error
        for field, field_errors in error.fields.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
        if not error.fields:
            form.add_error(None, error.detail)


def redirect_back(request: HttpRequest, fallback: str = "/", **kwargs) -> HttpResponse:
    """To the page the request came from when it is one of ours, else to ``fallback`` (a URL name or path)."""
    referer = request.headers.get("Referer", "")
    allowed = {request.get_host()}
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts=allowed, require_https=request.is_secure()):
        return redirect(referer)
    return redirect(fallback, **kwargs)


class DomainErrorMiddleware:
    """See the module docstring. Placed after the message middleware, so a message can be added."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        match = request.resolver_match
        page = getattr(match.func, _PAGE_MARKER, None) if match else None
        if page is not None and isinstance(exception, page[1]):
            context = {"error": exception, "problem": exception.detail}
            return render(request, page[0], context, status=exception.status_code)
        if exception.status_code == 404:
            raise Http404(exception.detail) from exception
        messages.error(request, exception.detail)
        marker = getattr(match.func, _REDIRECT_MARKER, None) if match else None
        if marker is None:
            return redirect_back(request)
        target, kwarg_names, back = marker
        if callable(target):  # a page that depends on the object, e.g. the product of a review
            target, kwarg_names = target(**match.kwargs), ()
        kwargs = {name: match.kwargs[name] for name in kwarg_names}
        return redirect_back(request, target, **kwargs) if back else redirect(target, **kwargs)
