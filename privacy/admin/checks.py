"""A system check that no admin screen can bypass the masking (promise F2): every ModelAdmin registered on the
admin site, by the project or by a third-party app, whose model declares masked personal fields must use
``PiiMaskedAdminMixin``, and each of its inlines over such a model ``PiiMaskedInlineMixin``.
"""

from django.contrib import admin
from django.core import checks

from privacy.admin.inlines import PiiMaskedInlineMixin
from privacy.admin.masking import PiiMaskedAdminMixin
from privacy.services.pii_access import masked_fields


def unmasked_admins(site: admin.AdminSite) -> list[str]:
    """Admins (and inlines) of ``site`` whose model has masked personal fields but which bypass the machinery."""
    found = []
    for model, model_admin in site._registry.items():
        if masked_fields(model) and not isinstance(model_admin, PiiMaskedAdminMixin):
            found.append(f"{model._meta.label}: {type(model_admin).__qualname__}")
        for inline in model_admin.inlines:
            if masked_fields(inline.model) and not issubclass(inline, PiiMaskedInlineMixin):
                found.append(f"{model._meta.label} inline {inline.__qualname__}")
    return sorted(found)


def check_admins_mask_personal_data(app_configs=None, **kwargs) -> list[checks.Error]:
    return [
        checks.Error(
            f"{offender} shows personal fields without the masking machinery.",
            hint="Re-register it with PiiMaskedAdminMixin first in its bases (PiiMaskedInlineMixin for an inline), "
            "or unregister it if merchants do not need it.",
            id="privacy.E103",
        )
        for offender in unmasked_admins(admin.site)
    ]
