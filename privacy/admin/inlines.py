"""Masked personal data in admin inlines (promise F2), driven by the personal-data registry.

Put ``PiiMaskedInlineMixin`` first in an inline's bases::

    class TrackingEventInline(PiiMaskedInlineMixin, admin.TabularInline): ...

Every field the inline's model declares with a mask is shown masked and read-only, always: an inline
row is never revealed or edited in the clear (reveal the row from its own admin page, which is audited).
Secrets (fields kept out of the owner's export) are not shown at all. The coverage test of the admin
(``tests/privacy/test_admin_coverage.py``) fails for an inline of a model with masked fields that does not
use this mixin.
"""

from privacy.admin.masking import MASKED_PREFIX, PiiFieldSwapMixin


class PiiMaskedInlineMixin(PiiFieldSwapMixin):
    """See the module docstring."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [(title, {**options, "fields": self._pii_swap(options["fields"])}) for title, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        masked_names = [MASKED_PREFIX + name for name in self.pii_masked_fields()]
        return self._pii_swap([*readonly, *masked_names])
