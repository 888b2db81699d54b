"""The privacy centre's third-party accounts page (promise A7): bindings, what each may import, binding
another account after choosing its fields, and unbinding (after a recent re-authentication).

Binding is one form per provider: the user sees the fields that provider offers, ticks what may be
imported, and is sent straight to the provider (the same services as the API).
"""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from privacy.binding.errors import BindingNotFound
from privacy.binding.forms import BindForm
from privacy.binding.models import GrantChannel
from privacy.binding.selectors import ProviderOffer, binding_provider_get, binding_providers, grants_bound
from privacy.binding.services import binding_redirect, binding_unbind, grant_request


def _start_binding(request: HttpRequest, form: BindForm) -> HttpResponse | None:
    """The redirect to the provider once the choice is recorded, or None with the refusal on ``form``."""
    try:
        provider = binding_provider_get(request=request, provider_id=form.cleaned_data["provider"])
        grant = grant_request(
            user_id=request.user.pk,
            provider=provider,
            fields=form.cleaned_data["import_fields"],
            channel=GrantChannel.WEB,
        )
        return binding_redirect(request=request, provider=provider, grant=grant, next_url=reverse("binding:list"))
    except DomainError as error:
        form.add_error(None, error.detail)
        return None


def _page(request: HttpRequest, offers: list[ProviderOffer], bound_form: BindForm | None, status: int = 200):
    names = {offer.id: offer.name for offer in offers}
    bindings = [
        {"grant": grant, "provider_name": names.get(grant.provider, grant.provider)}
        for grant in grants_bound(user_id=request.user.pk)
    ]
    posted = bound_form.data.get("provider") if bound_form is not None else None
    forms = [{"offer": offer, "form": bound_form if offer.id == posted else BindForm(offer=offer)} for offer in offers]
    return render(
        request,
        "privacy/binding/bindings.html",
        {"bindings": bindings, "forms": forms, "has_password": request.user.has_usable_password()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bindings_page(request: HttpRequest) -> HttpResponse:
    offers = binding_providers(request=request)
    if request.method != "POST":
        return _page(request, offers, None)
    offer = next((item for item in offers if item.id == request.POST.get("provider")), None)
    if offer is None:
        messages.error(request, gettext("The shop offers no sign-in with this provider."))
        return _page(request, offers, None, status=400)
    form = BindForm(request.POST, offer=offer)
    if form.is_valid():
        response = _start_binding(request, form)
        if response is not None:
            return response
    return _page(request, offers, form, status=400)


@login_required
@require_POST
@reauthentication_required
def unbind_page(request: HttpRequest, grant_id: int) -> HttpResponse:
    try:
        binding_unbind(user_id=request.user.pk, grant_id=grant_id)
    except BindingNotFound as exc:
        raise Http404 from exc
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, gettext("The account is unbound: nothing more is imported from it and its tokens are gone.")
        )
    return redirect("binding:list")
