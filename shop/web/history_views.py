"""The history page at ``/privacy/history/``: what the shop recorded of your searches and product views,
and a button that clears it all (promise A4). Works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_POST

from privacy.purposes import PERSONALISATION
from privacy.selectors.consent import consent_is_granted
from shop.selectors.history import history_list
from shop.services.history import history_clear

PAGE_SIZE = 50


@login_required
@require_GET
def history_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(history_list(user_id=request.user.pk), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "entries": page.object_list,
        "recording": consent_is_granted(user_id=request.user.pk, purpose=PERSONALISATION),
    }
    return render(request, "shop/history.html", context)


@login_required
@require_POST
def history_clear_page(request: HttpRequest) -> HttpResponse:
    deleted = history_clear(user_id=request.user.pk)
    if deleted:
        messages.success(
            request,
            ngettext(
                "Your history is cleared (%(count)d entry deleted).",
                "Your history is cleared (%(count)d entries deleted).",
                deleted,
            )
            % {"count": deleted},
        )
    else:
        messages.info(request, gettext("Your history was already empty."))
    return redirect("history")
