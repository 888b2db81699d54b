"""Admin actions of account cancellation that other apps' admins list.

``erase_unconsented_minor_data`` is an action for the user admin (``accounts/admin.py`` lists it): after a
confirmation page it erases each selected account that is a minor's without a guardian's consent, with
the machinery of account cancellation, and refuses every other account (promise A8).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from core.errors import DomainError
from privacy.cancellation.services.minors import minor_erase_unconsented_data
from privacy.errors import NotARestrictedMinor
from privacy.selectors.minors import user_is_restricted

ERASE_CONFIRMATION_TEMPLATE = "privacy/admin/erase_minors_confirmation.html"


@admin.action(description="Erase personal data collected without guardian consent", permissions=["change"])
def erase_unconsented_minor_data(modeladmin, request, queryset):
    """The user admin's action: confirm, then erase each selected restricted minor's account (A8)."""
    users = list(queryset.order_by("pk"))
    if request.POST.get("post") == "yes":
        erased, refused = [], []
        for user in users:
            try:
                minor_erase_unconsented_data(user_id=user.pk)
            except NotARestrictedMinor:
                refused.append(user)
            except DomainError as error:
                messages.error(request, f"#{user.pk} was not erased: {error.detail}")
            else:
                erased.append(user)
                modeladmin.log_change(request, user, "Erased personal data collected without guardian consent.")
        if erased:
            messages.success(request, f"Erased the personal data of {len(erased)} account(s): {_ids(erased)}.")
        if refused:
            messages.error(
                request,
                f"Not erased, not a minor without guardian consent: {_ids(refused)}.",
            )
        return None

    restricted = [user for user in users if user_is_restricted(user=user)]
    refused = [user for user in users if user not in restricted]
    if not restricted:
        refused_ids = _ids(refused)
        messages.error(request, f"None of the selected accounts is a minor without guardian consent: {refused_ids}.")
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Erase personal data collected without guardian consent",
        "opts": modeladmin.model._meta,
        "restricted": restricted,
        "refused": refused,
        "queryset": restricted,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action_name": "erase_unconsented_minor_data",
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, ERASE_CONFIRMATION_TEMPLATE, context)


def _ids(users) -> str:
    # Accounts are named by id: a message must not carry an email address.
    return ", ".join(f"#{user.pk}" for user in users)
