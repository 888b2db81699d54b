"""The admin's change history and object titles without personal data (part of ``PiiMaskedAdminMixin``).

Django writes ``str(obj)`` into ``LogEntry.object_repr`` (shown under "Recent actions" on the admin home
and on every history page), into the change messages of inline objects, into the page titles and
breadcrumbs, and into the message shown after a save or a deletion (kept in the session until shown).
Each of these goes through ``privacy.admin.masked_text``, so a model whose ``__str__`` is an email address
(allauth's ``EmailAddress``) leaves only ``a***@example.com`` behind. What the entries still say about an
erased user's objects is scrubbed at erasure (``privacy.services.admin_history``).
"""

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.utils import NestedObjects, quote, unquote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from privacy.admin.masked_text import MaskedObject, masked_object_text

_MESSAGE_OBJECT_ATTR = "_pii_message_object"


def _replace_in(nested, raw: str, masked: str):
    if isinstance(nested, list | tuple):
        return type(nested)(_replace_in(item, raw, masked) for item in nested)
    return type(nested)(str(nested).replace(raw, masked)) if raw in str(nested) else nested


def deleted_objects_masked(objs, request, admin_site):
    """``django.contrib.admin.utils.get_deleted_objects`` naming each object by ``masked_object_text``."""
    try:
        first = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def format_callback(obj):
        opts = obj._meta
        text = masked_object_text(obj)
        if not admin_site.is_registered(obj.__class__):
            return f"{capfirst(opts.verbose_name)}: {text}"
        if not admin_site.get_model_admin(obj.__class__).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        except NoReverseMatch:
            return f"{capfirst(opts.verbose_name)}: {text}"
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, text)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    model_count = {model._meta.verbose_name_plural: len(rows) for model, rows in collector.model_objs.items()}
    return to_delete, model_count, perms_needed, protected


class PiiHistoryMixin:
    """Masked object text in the change history, titles and messages (see the module docstring)."""

    # --- the change history -------------------------------------------------------------------------

    def log_addition(self, request, obj, message):
        return super().log_addition(request, MaskedObject(obj), message)

    def log_change(self, request, obj, message):
        return super().log_change(request, MaskedObject(obj), message)

    def log_deletions(self, request, queryset):
        return LogEntry.objects.log_actions(
            user_id=request.user.pk, queryset=[MaskedObject(obj) for obj in queryset], action_flag=DELETION
        )

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        texts = {}
        for formset in formsets or ():
            changed = [obj for obj, _ in getattr(formset, "changed_objects", ())]
            for obj in [*getattr(formset, "new_objects", ()), *changed, *getattr(formset, "deleted_objects", ())]:
                texts[str(obj)] = masked_object_text(obj)
        for entry in message:
            for detail in entry.values():
                if isinstance(detail, dict) and "object" in detail:
                    detail["object"] = texts.get(detail["object"], detail["object"])
        return message

    # --- pages and messages -------------------------------------------------------------------------

    def action_checkbox(self, obj):
        # The checkbox's accessible label names the object.
        return super().action_checkbox(MaskedObject(obj))

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            masked = MaskedObject(obj)
            extra_context = {"title": _("Change history: %s") % masked, "object": masked, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            setattr(request, _MESSAGE_OBJECT_ATTR, obj)
            extra_context = {"object": MaskedObject(obj), **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        # Django's own collector, with every object (the cascaded ones too) named by its masked text.
        return deleted_objects_masked(objs, request, self.admin_site)

    def response_add(self, request, obj, post_url_continue=None):
        setattr(request, _MESSAGE_OBJECT_ATTR, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        setattr(request, _MESSAGE_OBJECT_ATTR, obj)
        return super().response_change(request, obj)

    def message_user(self, request, message, *args, **kwargs):
        obj = getattr(request, _MESSAGE_OBJECT_ATTR, None)
        if obj is not None:
            raw, masked = str(obj), masked_object_text(obj)
            if raw != masked:
                message = _replace_in(message, escape(raw), escape(masked))
                message = _replace_in(message, raw, masked)
        return super().message_user(request, message, *args, **kwargs)
