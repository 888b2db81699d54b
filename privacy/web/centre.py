"""The privacy centre's front page: one place that leads to every right the shopper has (D1 to D4)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from privacy.selectors.centre import privacy_centre_summary


@login_required
@require_http_methods(["GET", "HEAD"])
def privacy_centre_page(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/centre.html", {"summary": privacy_centre_summary(user=request.user)})
