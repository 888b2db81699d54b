"""Website page of the disclosure log (promise C3): what of the user's data was shared, with whom, why."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from privacy.selectors.disclosure import disclosures_for_user

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET", "HEAD"])
def disclosures_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(disclosures_for_user(user_id=request.user.pk), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/disclosures.html", {"page": page})
