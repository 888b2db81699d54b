"""Website pages of privacy requests (G1): the form, for shoppers and for people without an account, and
the email verification link (a GET shows a button; the POST verifies, so mail scanners verify nothing)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from privacy.gate import policy_gate_exempt
from privacy.requests import conf
from privacy.requests.forms import PrivacyRequestForm
from privacy.requests.selectors import privacy_requests_of_user
from privacy.requests.services import privacy_request_submit, privacy_request_verify

TEMPLATE = "privacy/requests/form.html"


def _context(request: HttpRequest, form, **extra) -> dict:
    mine = privacy_requests_of_user(user_id=request.user.pk) if request.user.is_authenticated else []
    return {"form": form, "mine": mine, "days": conf.answer_within().days, **extra}


@policy_gate_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def request_page(request: HttpRequest) -> HttpResponse:
    form = PrivacyRequestForm()
    if request.method == "POST":
        form = PrivacyRequestForm(request.POST)
        if form.is_valid():
            try:
                submitted = privacy_request_submit(
                    user=request.user,
                    site_url=request.build_absolute_uri("/"),
                    **form.cleaned_data,
                )
            except DomainError as error:
                for field, messages in error.fields.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return render(request, TEMPLATE, _context(request, PrivacyRequestForm(), submitted=submitted))
        return render(request, TEMPLATE, _context(request, form), status=400)
    return render(request, TEMPLATE, _context(request, form))


@policy_gate_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def request_verify_page(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            verified = privacy_request_verify(token=token)
        except DomainError as error:
            return render(request, "privacy/requests/verify.html", {"problem": error.detail}, status=400)
        return render(
            request, "privacy/requests/verify.html", {"verified": verified, "days": conf.answer_within().days}
        )
    return render(request, "privacy/requests/verify.html", {})
