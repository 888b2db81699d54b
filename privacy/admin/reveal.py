"""The admin's "Reveal personal data" page: ``<admin>/<app>/<model>/<id>/reveal/`` (promise F3).

``PiiMaskedAdminMixin.get_urls`` adds the URL to every admin that uses the mixin, behind the admin
site's login. GET shows what would be revealed and asks for the reason (required); POST reveals through
``privacy.services.pii_access.pii_reveal``, which writes the access log entry before any value is read,
and shows the values. The answer is never cached (``admin_view`` adds ``never_cache``).

Staff without the permission ``privacy.view_unmasked_pii`` get 403 before the record is even looked up;
staff who may not view the record get 403 too; an unknown record or a model with nothing to reveal, 404.
"""

from functools import partial

from django import forms
from django.contrib.admin.utils import display_for_field, quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from privacy.services.pii_access import REASON_MAX_LENGTH, may_reveal_pii, pii_reveal, revealable_fields

PII_EDIT_PARAM = "pii"
PII_EDIT_VALUE = "edit"
REVEAL_TEMPLATE = "privacy/admin/reveal.html"


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=True,
        max_length=REASON_MAX_LENGTH,
        help_text=_("Why you need to see this data, for example the support ticket you are answering."),
    )


def reveal_url_name(model_admin) -> str:
    """The namespaced URL name of ``model_admin``'s reveal page (argument: the object's quoted pk)."""
    opts = model_admin.opts
    return f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_pii_reveal"


def reveal_urls(model_admin) -> list[URLPattern]:
    """The reveal URL of ``model_admin``, to put before its own URLs (whose last one catches any id)."""
    opts = model_admin.opts
    view = model_admin.admin_site.admin_view(partial(pii_reveal_view, model_admin=model_admin))
    return [path("<path:object_id>/reveal/", view, name=f"{opts.app_label}_{opts.model_name}_pii_reveal")]


def pii_reveal_view(request: HttpRequest, object_id: str, *, model_admin) -> TemplateResponse:
    if not may_reveal_pii(request.user):
        raise PermissionDenied
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None:
        raise Http404(f"{model_admin.opts.verbose_name} not found.")
    if not model_admin.has_view_or_change_permission(request, obj):
        raise PermissionDenied
    declared = revealable_fields(obj)
    if not declared:
        raise Http404("This record has no personal data to reveal.")

    form = RevealForm(request.POST if request.method == "POST" else None)
    revealed = None
    if form.is_valid():
        try:
            revealed = pii_reveal(staff=request.user, obj=obj, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error("reason" if "reason" in exc.fields else None, exc.detail)

    opts = model_admin.opts
    change_url = reverse(
        f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)]
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Reveal personal data: {obj}",
        "opts": opts,
        "original": obj,
        "form": form,
        "declared_labels": [personal.label for personal in declared],
        "change_url": change_url,
    }
    if revealed is not None:
        empty = model_admin.get_empty_value_display()
        context["revealed"] = [
            (field.label, display_for_field(field.value, obj._meta.get_field(field.name), empty))
            for field in revealed.fields
        ]
        context["log"] = revealed.log
        if model_admin.has_change_permission(request, obj):
            context["edit_url"] = f"{change_url}?{urlencode({PII_EDIT_PARAM: PII_EDIT_VALUE})}"
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, REVEAL_TEMPLATE, context)
