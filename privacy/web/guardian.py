"""Website pages for a guardian's consent (promise A8).

``/privacy/guardian/``: a signed-in minor sees where their account stands and names a guardian.
``/privacy/guardian/confirm/<token>/``: the guardian, signed in or not, reads what they agree to and
agrees with a POST (a GET changes nothing, so mail scanners that open links confirm nothing).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.rate_limits import rate_limited
from core.web_errors import form_errors, render_on_domain_error
from privacy.errors import GuardianConfirmedByAccountHolder, GuardianLinkExpired, GuardianLinkInvalid
from privacy.gate import policy_gate_exempt
from privacy.masking import mask_email
from privacy.selectors.minors import GuardianStatus, guardian_consent_state, guardian_request_expires_at, minor_age
from privacy.selectors.policy import policy_version_current
from privacy.services.minors import guardian_consent_confirm, guardian_consent_request, guardian_link_validate
from privacy.web.forms import GuardianConfirmForm, GuardianRequestForm

CONFIRM_PAGE = "privacy/guardian_confirm.html"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("guardian_request")
def guardian_page(request: HttpRequest) -> HttpResponse:
    state = guardian_consent_state(user=request.user)
    form = GuardianRequestForm()
    status_code = 200
    if request.method == "POST" and state.status is not GuardianStatus.CONFIRMED:
        form = GuardianRequestForm(request.POST)
        if form.is_valid():
            with form_errors(form) as refusal:
                guardian_consent_request(
                    user=request.user,
                    guardian_email=form.cleaned_data["guardian_email"],
                    guardian_name=form.cleaned_data["guardian_name"],
                    site_url=request.build_absolute_uri("/"),
                )
                messages.success(request, gettext("We sent your parent or guardian an email with a link to agree."))
                return redirect("privacy:guardian")
            status_code = refusal.status_code
        else:
            status_code = 400
    context = {"state": state, "form": form, "minor_age": minor_age()}
    return render(request, "privacy/guardian.html", context, status=status_code)


@policy_gate_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@render_on_domain_error(CONFIRM_PAGE, GuardianLinkInvalid, GuardianLinkExpired, GuardianConfirmedByAccountHolder)
def guardian_confirm_page(request: HttpRequest, token: str) -> HttpResponse:
    consent = guardian_link_validate(token=token, confirmer_id=request.user.pk)
    form = GuardianConfirmForm()
    if request.method == "POST":
        form = GuardianConfirmForm(request.POST)
        if form.is_valid():
            guardian_consent_confirm(
                token=token,
                confirmer_id=request.user.pk,
                declaration=form.declaration(),
                approved_purposes=form.approved_purposes(),
            )
            return render(request, "privacy/guardian_confirm.html", {"confirmed": True})
    context = {
        "form": form,
        "account": consent.user.nickname or mask_email(consent.user.email),
        "guardian_name": consent.guardian_name,
        "expires_at": guardian_request_expires_at(consent),
        "minor_age": minor_age(),
        "policy": policy_version_current(),
    }
    return render(request, "privacy/guardian_confirm.html", context, status=400 if form.errors else 200)
