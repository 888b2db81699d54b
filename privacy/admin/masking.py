"""Masked personal data in the admin (promises F2, F3), driven by the personal-data registry.

Put ``PiiMaskedAdminMixin`` first in a ModelAdmin's bases::

    class OrderAdmin(PiiMaskedAdminMixin, admin.ModelAdmin): ...

and every field the model's ``personal_data.py`` declares with a mask other than ``Mask.NONE`` is shown
masked, with the declared mask, wherever this admin shows it. Nothing else is needed.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.admin.options import flatten_fieldsets
from django.contrib.admin.utils import quote
from django.core import checks
from django.db import models
from django.template.loader import select_template
from django.urls import reverse
from django.utils.http import urlencode

from privacy.admin.history import PiiHistoryMixin
from privacy.admin.masked_text import MaskedObject
from privacy.admin.reveal import PII_EDIT_PARAM, PII_EDIT_VALUE, reveal_url_name, reveal_urls
from privacy.admin.search import PiiSearchMixin
from privacy.masking import mask_value
from privacy.registry import PersonalField, for_model
from privacy.services.pii_access import masked_fields, may_reveal_pii, pii_access_record, revealable_fields

MASKED_PREFIX = "masked_"
EDIT_FORM_REASON = "Opened the edit form of personal data in the admin"
CHANGE_FORM_TEMPLATE = "privacy/admin/pii_change_form.html"

# Set on the request while Django derives the default form layout, which must see the unmasked names.
_RAW_LAYOUT_ATTR = "_pii_raw_layout"


def masked_display_value(obj: models.Model, personal: PersonalField) -> Any:
    """``obj``'s value of ``personal`` as anyone but its owner may see it, ready to print.

    Empty values stay empty (the admin shows its empty placeholder); an address mapping is joined into
    one line of its kept parts.
    """
    model_field = obj._meta.get_field(personal.name)
    if model_field.many_to_many:
        value: Any = ", ".join(str(related) for related in getattr(obj, personal.name).all())
    else:
        value = getattr(obj, personal.name)
    if value is not None and not isinstance(value, str | Mapping):
        value = str(value)
    masked = mask_value(personal.mask, value)
    if isinstance(masked, Mapping):
        return ", ".join(str(part) for part in masked.values() if part not in (None, "")) or None
    return masked


def masked_field_value(obj: models.Model, field_name: str) -> Any:
    """``obj.field_name`` masked as ``obj``'s model declares it (``masked_display_value``).

    Raises ``KeyError`` when the field is not declared with a mask: nothing would say how to show it.
    """
    personal = next((item for item in masked_fields(obj) if item.name == field_name), None)
    if personal is None:
        raise KeyError(f"{obj._meta.label}.{field_name} is not declared with a mask.")
    return masked_display_value(obj, personal)


def _masked_display(personal: PersonalField, model_field: models.Field) -> Callable[[models.Model], Any]:
    def display(obj: models.Model) -> Any:
        return masked_display_value(obj, personal)

    display.__name__ = MASKED_PREFIX + personal.name
    display.short_description = model_field.verbose_name  # type: ignore[attr-defined]
    # Sorting by the column keeps working; it orders by the stored value without showing it.
    if model_field.concrete and not model_field.many_to_many:
        display.admin_order_field = personal.name  # type: ignore[attr-defined]
    return display


def _without(entries: Iterable[Any], names: set[str]) -> list[Any]:
    """``entries`` (a fieldset's fields, rows of fields included) without ``names``."""
    kept: list[Any] = []
    for entry in entries:
        if isinstance(entry, list | tuple):
            kept.append(type(entry)(_without(entry, names)))
        elif entry not in names:
            kept.append(entry)
    return kept


class PiiFieldSwapMixin:
    """What a model admin and an inline share: each masked personal field is shown through a masked display
    of the same name with ``masked_`` in front, and secrets (fields kept out of the owner's export: TOTP
    seeds, recovery codes, access tokens, password hashes) are not shown at all."""

    pii_widget_masked_fields: Iterable[str] = ()

    def pii_masked_fields(self) -> dict[str, PersonalField]:
        """The declared personal fields this admin masks, by name (empty for an undeclared model)."""
        skipped = set(self.pii_widget_masked_fields)
        return {
            personal.name: personal
            for personal in masked_fields(self.model)
            if personal.name not in skipped and personal.export
        }

    def pii_secret_fields(self) -> set[str]:
        """Declared secrets of the model (``export=False``): never displayed, masked or not."""
        declaration = for_model(self.model)
        skipped = set(self.pii_widget_masked_fields)
        if declaration is None:
            return set()
        return {
            personal.name for personal in declaration.fields if not personal.export and personal.name not in skipped
        }

    def _pii_masked_name(self, entry: Any, masked: Mapping[str, PersonalField]) -> Any:
        return MASKED_PREFIX + entry if isinstance(entry, str) and entry in masked else entry

    def _pii_swap(self, entries: Iterable[Any]) -> list[Any]:
        """``entries`` with each masked field name replaced by its masked display's name, secrets left out,
        deduplicated."""
        masked = self.pii_masked_fields()
        secrets = self.pii_secret_fields()
        swapped: list[Any] = []
        for entry in entries:
            if isinstance(entry, list | tuple):
                # A fieldset line may group several fields on one row.
                group = type(entry)(self._pii_swap(entry))
                swapped.append(group)
                continue
            if isinstance(entry, str) and entry in secrets:
                continue
            name = self._pii_masked_name(entry, masked)
            if name not in swapped:
                swapped.append(name)
        return swapped

    def __getattr__(self, name: str) -> Any:
        # The masked displays are looked up by name (as list_display and readonly_fields name methods);
        # they are built on demand because the registry fills only after the admin has been loaded.
        if not name.startswith(MASKED_PREFIX):
            raise AttributeError(name)
        personal = self.pii_masked_fields().get(name.removeprefix(MASKED_PREFIX))
        if personal is None:
            raise AttributeError(name)
        return _masked_display(personal, self.model._meta.get_field(personal.name))


class PiiMaskedAdminMixin(PiiFieldSwapMixin, PiiSearchMixin, PiiHistoryMixin):
    """Mask the registry-declared personal fields of the admin's model; reveal them only under audit.

    What staff see:

    * Changelist: each ``list_display`` entry naming a masked field becomes a masked column (same
      header, still sortable). Search (``search_fields``) matches stored values as before, so staff can
      find a customer by email; the results are shown masked. ``list_editable``, ``list_filter`` and
      ``date_hierarchy`` must not name a masked field (they would print values): a system check says so.
    * Change page: each masked field is shown masked and read-only, to everyone, superusers included.
      Fields listed in ``pii_widget_masked_fields`` are left to their form widget, which already shows a
      desensitised summary (Django's password hash widget, with its "reset password" link).
    * Reveal: staff who may reveal (permission ``privacy.view_unmasked_pii``, see
      ``privacy.services.pii_access.may_reveal_pii``) and may view the record get a "Reveal personal data"
      button leading to ``<id>/reveal/`` (``privacy.admin.reveal``): a confirmation with a required
      reason, then the values in the clear. Each reveal writes one ``PiiAccessLog`` entry. Anyone else
      gets 403 there.

    Editing personal fields (the rule): the change page's personal fields become ordinary editable form
    fields only in *edit mode*, the change URL with ``?pii=edit``, and only for staff who may reveal AND
    have the change permission on the record; both the change page and the reveal page link to it. The
    values prefilled in that form are a reveal: every rendering of the edit-mode form (each page view,
    including a re-display after a validation error) writes one ``PiiAccessLog`` entry naming the
    personal fields the form shows. Anyone else asking for edit mode gets the masked page, and since a
    masked field is not a form field, a posted value for it is ignored. "Save and continue" returns to
    the masked page.

    Search (``PiiSearchMixin``): a search field on a masked personal field matches the exact value only
    (staff find a customer by the full email, never by a fragment), a search field on an encrypted one is
    dropped, ``pii_search_hashes`` adds exact lookups through keyed-hash columns (a phone number), and search
    fields naming a field the model lacks (``user__username`` on an email-only user) are dropped.

    Object text and history (``PiiHistoryMixin``): the object's ``__str__`` is shown masked in titles,
    breadcrumbs, the history and deletion pages and the messages after a save, and written masked into
    the admin change history (``LogEntry``), change messages of inlines included. Secrets (fields kept out
    of the owner's export) are never displayed. Custom display methods that print a personal field must
    mask it: ``masked_field_value(obj.user, "email")``. Inlines use ``PiiMaskedInlineMixin``.
    """

    # --- which fields -------------------------------------------------------------------------------

    def pii_masked_value(self, obj: models.Model, field_name: str) -> Any:
        """``obj.field_name`` masked as declared, for this admin's pages (see ``masked_field_value``)."""
        return masked_field_value(obj, field_name)

    # --- modes --------------------------------------------------------------------------------------

    def pii_may_reveal(self, request, obj: models.Model | None = None) -> bool:
        """Whether ``request.user`` may reveal ``obj``'s personal data: the permission, and sight of it."""
        return may_reveal_pii(request.user) and self.has_view_or_change_permission(request, obj)

    def pii_edit_mode(self, request, obj: models.Model | None) -> bool:
        """Whether the change form shows ``obj``'s personal fields unmasked and editable (see the class)."""
        return (
            obj is not None
            and request.GET.get(PII_EDIT_PARAM) == PII_EDIT_VALUE
            and may_reveal_pii(request.user)
            and self.has_change_permission(request, obj)
        )

    def _pii_masking_applies(self, request, obj: models.Model | None) -> bool:
        if obj is None or getattr(request, _RAW_LAYOUT_ATTR, False):
            return False
        return not self.pii_edit_mode(request, obj)

    # --- changelist ---------------------------------------------------------------------------------

    def get_list_display(self, request):
        return self._pii_swap(super().get_list_display(request))

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return self._pii_swap(links) if links else links

    # --- change page --------------------------------------------------------------------------------

    def get_fields(self, request, obj=None):
        # Without declared fieldsets Django derives the layout from a form built without the read-only
        # fields; derive it from the unmasked names, as the admin declares them, and mask it afterwards.
        previous = getattr(request, _RAW_LAYOUT_ATTR, False)
        setattr(request, _RAW_LAYOUT_ATTR, True)
        try:
            return super().get_fields(request, obj)
        finally:
            setattr(request, _RAW_LAYOUT_ATTR, previous)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if getattr(request, _RAW_LAYOUT_ATTR, False):
            return fieldsets
        if not self._pii_masking_applies(request, obj):
            # Unmasked (edit mode, the add form): secrets are still never shown.
            secrets = self.pii_secret_fields()
            return [
                (title, {**options, "fields": _without(options["fields"], secrets)}) for title, options in fieldsets
            ]
        return [(title, {**options, "fields": self._pii_swap(options["fields"])}) for title, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not self._pii_masking_applies(request, obj):
            return readonly
        masked_names = [MASKED_PREFIX + name for name in self.pii_masked_fields()]
        return self._pii_swap([*readonly, *masked_names])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
        if obj is None:
            return response
        context = response.context_data
        context["original"] = MaskedObject(obj)
        if context.get("subtitle"):
            context["subtitle"] = str(context["original"])
        masked = self.pii_masked_fields()
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(obj.pk)]
        )
        if self.pii_edit_mode(request, obj):
            shown = [name for name in flatten_fieldsets(context["adminform"].fieldsets) if name in masked]
            if shown:
                pii_access_record(staff=request.user, obj=obj, field_names=shown, reason=EDIT_FORM_REASON)
            context["pii_edit_mode"] = True
            context["pii_masked_url"] = change_url
        elif masked:
            context["pii_masked"] = True
            if self.pii_may_reveal(request, obj):
                if revealable_fields(self.model):
                    context["pii_reveal_url"] = reverse(reveal_url_name(self), args=[quote(obj.pk)])
                if self.has_change_permission(request, obj):
                    context["pii_edit_url"] = f"{change_url}?{urlencode({PII_EDIT_PARAM: PII_EDIT_VALUE})}"
        # Wrap whatever template the admin renders (its own override included) to add the buttons.
        names = response.template_name
        context["pii_parent_template"] = select_template([names] if isinstance(names, str) else names)
        response.template_name = CHANGE_FORM_TEMPLATE
        return response

    # --- urls and checks ----------------------------------------------------------------------------

    def get_urls(self):
        return [*reveal_urls(self), *super().get_urls()]

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        masked = self.pii_masked_fields()
        label = f"{type(self).__name__} ({self.model._meta.label})"
        for option in ("list_editable", "list_filter"):
            for entry in getattr(self, option, ()) or ():
                name = entry[0] if isinstance(entry, list | tuple) else entry
                if isinstance(name, str) and name in masked:
                    errors.append(
                        checks.Error(
                            f"{label}.{option} names the personal field {name!r}, which would show it unmasked.",
                            hint="Remove it; personal fields are shown masked and revealed only under audit.",
                            obj=self,
                            id="privacy.E101",
                        )
                    )
        if self.date_hierarchy in masked:
            errors.append(
                checks.Error(
                    f"{label}.date_hierarchy is the personal field {self.date_hierarchy!r}.",
                    hint="Use a date that is not personal data (created_at, for example).",
                    obj=self,
                    id="privacy.E102",
                )
            )
        return errors
