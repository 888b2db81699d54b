"""Website page of account cancellation (promise D4), in the privacy centre at ``/privacy/cancellation/``.

Asking needs a recent re-authentication: allauth's decorator sends the user to confirm their password and
replays the request afterwards. Revoking needs none: it only undoes the request. Both call the services
the API calls.
"""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from core.rate_limits import rate_limited
from privacy.cancellation.errors import CancellationNotFound
from privacy.cancellation.forms import CancellationConfirmForm
from privacy.cancellation.models import CancellationChannel
from privacy.cancellation.selectors import cancellation_latest
from privacy.cancellation.services import cancellation_request, cancellation_revoke, cooling_off
from privacy.gate import policy_gate_exempt


def _page(request: HttpRequest, form: CancellationConfirmForm, *, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "latest": cancellation_latest(user_id=request.user.pk),
        "cooling_off_days": cooling_off().days,
    }
    return render(request, "privacy/cancellation.html", context, status=status)


@policy_gate_exempt
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@reauthentication_required(enabled=lambda request: request.method == "POST")
@rate_limited("cancellation")
def cancellation_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, CancellationConfirmForm())
    form = CancellationConfirmForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        cancellation, created = cancellation_request(
            user_id=request.user.pk, channel=CancellationChannel.WEB, site_url=request.build_absolute_uri("/")
        )
    except DomainError as error:
        blocking = error.extra.get("blocking") or []
        form.add_error(None, f"{error.detail} {', '.join(blocking)}".strip())
        return _page(request, form, status=error.status_code)
    due = date_format(timezone.localtime(cancellation.due_at), "DATETIME_FORMAT")
    if created:
        messages.success(
            request,
            gettext("Your account will be cancelled on %(due)s. Until then you can change your mind.") % {"due": due},
        )
    else:
        messages.info(
            request, gettext("You already asked to cancel your account; it takes effect on %(due)s.") % {"due": due}
        )
    return redirect("privacy:cancellation")


@policy_gate_exempt
@login_required
@require_POST
def cancellation_revoke_page(request: HttpRequest) -> HttpResponse:
    try:
        cancellation_revoke(user_id=request.user.pk)
    except CancellationNotFound:
        messages.info(request, gettext("You have no pending request to cancel your account."))
    else:
        messages.success(request, gettext("Your account will not be cancelled. Welcome back."))
    return redirect("privacy:cancellation")
