"""Website pages of incident notices (F4): the user's notices with their acknowledgement, and the public page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import NotFound
from privacy.gate import policy_gate_exempt
from privacy.incidents.selectors import incident_deliveries_for_user, incident_public_notices
from privacy.incidents.services import incident_acknowledge


@policy_gate_exempt
@login_required
@require_http_methods(["GET", "HEAD"])
def incidents_page(request: HttpRequest) -> HttpResponse:
    deliveries = incident_deliveries_for_user(user_id=request.user.pk)
    return render(request, "privacy/incidents/list.html", {"deliveries": deliveries})


@policy_gate_exempt
@login_required
@require_POST
def incident_acknowledge_page(request: HttpRequest, delivery_id: int) -> HttpResponse:
    try:
        incident_acknowledge(user=request.user, delivery_id=delivery_id)
    except NotFound as error:
        return render(request, "privacy/incidents/list.html", {"problem": error.detail}, status=404)
    messages.success(request, gettext("Thank you: we noted that you read this notice."))
    return redirect("privacy:incidents")


@policy_gate_exempt
@require_http_methods(["GET", "HEAD"])
def incidents_public_page(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/incidents/public.html", {"notices": incident_public_notices()})
