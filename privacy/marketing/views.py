"""One-click unsubscribe (RFC 8058) at ``/privacy/unsubscribe/<token>/``.

A mail client's one-click POST (``List-Unsubscribe=One-Click``) comes without a session or CSRF token,
so the view is CSRF-exempt; the signed token is the authority. A GET only shows a page with a button:
link scanners that open every URL unsubscribe no one.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from privacy.gate import policy_gate_exempt
from privacy.marketing.services import marketing_unsubscribe, unsubscribe_token_read
from privacy.request_meta import request_client_ip, request_user_agent

TEMPLATE = "privacy/marketing/unsubscribe.html"


@policy_gate_exempt
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            marketing_unsubscribe(
                token=token, ip_address=request_client_ip(request), user_agent=request_user_agent(request)
            )
            return render(request, TEMPLATE, {"done": True})
        unsubscribe_token_read(token=token)
    except DomainError as error:
        return render(request, TEMPLATE, {"problem": error.detail}, status=error.status_code)
    return render(request, TEMPLATE, {})
