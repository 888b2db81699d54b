"""Website pages of the privacy app: the policy and its versions, accepting it, consents, cookies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.cache_control import cacheable
from privacy.cookies import ESSENTIAL, cookie_choice, remember_cookie_choice
from privacy.errors import PolicyVersionNotCurrent, PolicyVersionNotFound
from privacy.extensions import cookie_choice_recorded
from privacy.gate import forget_request_policy_status, policy_gate_exempt, request_policy_status
from privacy.models import Channel
from privacy.purposes import ANALYTICS_COOKIES
from privacy.request_meta import request_client_ip, request_user_agent
from privacy.selectors.consent import consent_details
from privacy.selectors.policy import policy_version_current, policy_version_get_published, policy_versions_published
from privacy.services.consent import consent_set, cookie_choice_record
from privacy.services.policy import policy_accept
from privacy.web.forms import ConsentsForm, CookieChoiceForm, PolicyAcceptForm


def _safe_next(request: HttpRequest, candidate: str | None, default: str = "/") -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@policy_gate_exempt
@cacheable
@require_http_methods(["GET", "HEAD"])
def policy_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/policy_list.html",
        {"versions": policy_versions_published(), "current": policy_version_current(), "now": timezone.now()},
    )


@policy_gate_exempt
@cacheable
@require_http_methods(["GET", "HEAD"])
def policy_detail(request: HttpRequest, version: str) -> HttpResponse:
    try:
        found = policy_version_get_published(version=version)
    except PolicyVersionNotFound as exc:
        raise Http404(exc.detail) from exc
    current = policy_version_current()
    return render(
        request,
        "privacy/policy_detail.html",
        {"version": found, "is_current": current is not None and current.pk == found.pk},
    )


@policy_gate_exempt
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def policy_accept_page(request: HttpRequest) -> HttpResponse:
    current = policy_version_current()
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if current is None:
        messages.info(request, gettext("No privacy policy has been published yet: there is nothing to accept."))
        return redirect(next_url)

    form = PolicyAcceptForm(initial={"version": current.version, "next": next_url})
    superseded = False
    if request.method == "POST":
        bound = PolicyAcceptForm(request.POST)
        if bound.is_valid():
            try:
                policy_accept(
                    user=request.user,
                    version=bound.cleaned_data["version"],
                    ip_address=request_client_ip(request),
                    user_agent=request_user_agent(request),
                    channel=Channel.WEB,
                )
            except PolicyVersionNotCurrent:
                superseded = True
            else:
                forget_request_policy_status(request)
                messages.success(
                    request,
                    gettext("Thank you: you accepted version %(version)s of the privacy policy.")
                    % {"version": current.version},
                )
                return redirect(next_url)
        else:
            form = bound

    status = request_policy_status(request)
    return render(
        request,
        "privacy/policy_accept.html",
        {"version": current, "status": status, "form": form, "next_url": next_url, "superseded": superseded},
    )


@policy_gate_exempt
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consents_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ConsentsForm(request.POST)
        if form.is_valid():
            state = consent_set(
                user=request.user,
                changes=form.cleaned_data,
                ip_address=request_client_ip(request),
                user_agent=request_user_agent(request),
                channel=Channel.WEB,
            )
            messages.success(request, gettext("Your choices are saved and apply from now on."))
            response = redirect("privacy:consents")
            # Keep this device's cookie choice in line with the recorded one.
            remember_cookie_choice(request, response, "all" if state[ANALYTICS_COOKIES] else ESSENTIAL)
            return response
    details = consent_details(user=request.user)
    if request.method != "POST":
        form = ConsentsForm(initial={status.purpose: status.granted for status in details})
    rows = [(form[status.purpose], status) for status in details]
    return render(request, "privacy/consents.html", {"form": form, "rows": rows})


@policy_gate_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def cookies_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CookieChoiceForm(request.POST)
        if form.is_valid():
            choice = form.cleaned_data["choice"]
            if request.user.is_authenticated:
                cookie_choice_record(
                    user=request.user,
                    allow_optional=choice == "all",
                    ip_address=request_client_ip(request),
                    user_agent=request_user_agent(request),
                )
            response = redirect(_safe_next(request, form.cleaned_data["next"], default=reverse("privacy:cookies")))
            if not request.user.is_authenticated:
                # An anonymous visitor's choice is proven under a pseudonym of their visitor cookie (B4, B5).
                cookie_choice_recorded(
                    request=request, response=response, choice=choice, user_agent=request_user_agent(request)
                )
            remember_cookie_choice(request, response, choice)
            messages.success(request, gettext("Your cookie choice is saved. You can change it here at any time."))
            return response
    else:
        form = CookieChoiceForm(initial={"choice": cookie_choice(request)})
    return render(request, "privacy/cookies.html", {"form": form, "choice": cookie_choice(request)})
