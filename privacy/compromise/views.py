"""Website pages of "my account was compromised" (G6), at ``/privacy/compromised/``.

Signed in: one button locks the account at once. Signed out: the user gives their email and gets a link;
the link's page asks to confirm with a POST (a GET changes nothing, so mail scanners lock nothing).
"""

from django import forms
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from privacy.compromise.models import ReportChannel
from privacy.compromise.services import account_compromise_report, compromise_link_send, compromise_link_user_id
from privacy.gate import policy_gate_exempt

TEMPLATE = "privacy/compromise/report.html"


class CompromiseEmailForm(forms.Form):
    email = forms.EmailField(label="The email address of your account")


@policy_gate_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def compromised_page(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    form = CompromiseEmailForm()
    if request.method == "POST":
        if signed_in:
            account_compromise_report(
                user_id=request.user.pk, channel=ReportChannel.SIGNED_IN, site_url=request.build_absolute_uri("/")
            )
            logout(request)
            return render(request, TEMPLATE, {"locked": True})
        form = CompromiseEmailForm(request.POST)
        if form.is_valid():
            compromise_link_send(email=form.cleaned_data["email"], site_url=request.build_absolute_uri("/"))
            return render(request, TEMPLATE, {"link_sent": True})
        return render(request, TEMPLATE, {"form": form}, status=400)
    return render(request, TEMPLATE, {"form": form, "signed_in": signed_in})


@policy_gate_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def compromised_confirm_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id = compromise_link_user_id(token=token)
        if request.method == "POST":
            account_compromise_report(
                user_id=user_id, channel=ReportChannel.EMAIL_LINK, site_url=request.build_absolute_uri("/")
            )
            if request.user.is_authenticated:
                logout(request)
            return render(request, TEMPLATE, {"locked": True})
    except DomainError as error:
        return render(request, TEMPLATE, {"problem": error.detail}, status=error.status_code)
    return render(request, TEMPLATE, {"confirm": True})
