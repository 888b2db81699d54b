"""Admin of the privacy app.

Policy versions: drafts are edited here and published with the "Publish" button or action; a published
version is shown read-only and cannot be deleted. Acceptances, consent records and shown notices are
proof: staff may read them, never add, change or delete them. So is the personal data access log
(promise F3): not even a superuser can alter the record of who revealed what.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from unfold.admin import ModelAdmin

from core.errors import DomainError
from privacy.admin.masking import PiiMaskedAdminMixin
from privacy.models import ConsentRecord, PiiAccessLog, PolicyAcceptance, PolicyNoticeShown, PolicyVersion
from privacy.policy_translations import PolicyTranslation
from privacy.selectors.policy import policy_publish_audience
from privacy.services.policy import policy_version_publish

PUBLISH_BUTTON = "_publish"
PUBLISH_CONFIRM_TEMPLATE = "privacy/admin/policy_publish_confirm.html"
# Posted back by the confirmation page of the "Publish the selected drafts" action.
CONFIRMED = "confirmed"


def _publish(request: HttpRequest, version: PolicyVersion) -> bool:
    try:
        published = policy_version_publish(
            version_id=version.pk, actor=request.user, site_url=request.build_absolute_uri("/")
        )
    except (DomainError, ValidationError) as exc:
        detail = exc.detail if isinstance(exc, DomainError) else "; ".join(exc.messages)
        messages.error(request, f"Version {version.version} was not published: {detail}")
        return False
    messages.success(
        request, f"Version {published.version} is published and takes effect {published.effective_at:%Y-%m-%d %H:%M}."
    )
    return True


@admin.register(PolicyTranslation)
class PolicyTranslationAdmin(ModelAdmin):
    """A version's text in the site's other languages. Written while the version is a draft; frozen with it
    when it is published (read-only here, and the model refuses a change)."""

    list_display = ("version", "language", "title")
    list_filter = ("language",)
    list_select_related = ("version",)
    search_fields = ("version__version", "title")
    fields = ("version", "language", "title", "summary_of_changes", "body")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = PolicyVersion.objects.filter(published_at__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.version.is_published

    def get_readonly_fields(self, request, obj=None):
        return self.fields if self._frozen(obj) else ()

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ModelAdmin):
    list_display = ("version", "title", "material", "effective_at", "published_at", "status")
    list_filter = ("material", ("published_at", admin.EmptyFieldListFilter))
    search_fields = ("version", "title")
    ordering = ("-effective_at", "-id")
    fields = ("version", "title", "material", "effective_at", "summary_of_changes", "body")
    published_fields = (
        *fields,
        "body_digest",
        "published_at",
        "published_by",
        "rendered_body",
    )
    actions = ("publish_selected",)
    change_form_template = "privacy/admin/policyversion_change_form.html"

    @admin.display(description="status")
    def status(self, obj: PolicyVersion) -> str:
        return "published" if obj.is_published else "draft"

    @admin.display(description="as shown to users")
    def rendered_body(self, obj: PolicyVersion):
        # body_html was sanitised by nh3 when the version was saved.
        return mark_safe(obj.body_html)  # noqa: S308

    def get_fields(self, request, obj=None):
        return self.published_fields if obj is not None and obj.is_published else self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.published_fields if obj is not None and obj.is_published else ()

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The bulk delete would meet published rows; drafts are deleted one by one from their page.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Publish the selected drafts…", permissions=["change"])
    def publish_selected(self, request, queryset):
        drafts = list(queryset.filter(published_at__isnull=True).order_by("effective_at", "id"))
        if any(version.material for version in drafts) and not request.POST.get(CONFIRMED):
            # A material version stops every signed-in user until they accept it: say so first.
            return self._publish_confirmation(request, drafts, action="publish_selected")
        for version in drafts:
            _publish(request, version)
        return None

    def _publish_confirmation(self, request, drafts: list[PolicyVersion], *, action: str = ""):
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Publish policy versions")
            if action
            else gettext("Publish version %(version)s") % {"version": drafts[0].version},
            "opts": self.opts,
            "versions": drafts,
            "material": [version for version in drafts if version.material],
            "audience": policy_publish_audience(version=drafts[0]),
            "action": action,
            "selected": [version.pk for version in drafts],
            "confirmed_field": CONFIRMED,
            "back_url": reverse("admin:privacy_policyversion_changelist")
            if action
            else reverse("admin:privacy_policyversion_change", args=[drafts[0].pk]),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, PUBLISH_CONFIRM_TEMPLATE, context)

    def get_urls(self):
        own = [
            path(
                "<int:version_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="privacy_policyversion_publish",
            )
        ]
        return own + super().get_urls()

    def publish_view(self, request: HttpRequest, version_id: int):
        """GET: what publishing this draft does; POST: publish it (``policy_version_publish``)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        version = get_object_or_404(PolicyVersion, pk=version_id)
        if not self.has_change_permission(request, version):
            raise PermissionDenied
        change_url = reverse("admin:privacy_policyversion_change", args=[version.pk])
        if request.method == "POST":
            _publish(request, version)
            return HttpResponseRedirect(change_url)
        return self._publish_confirmation(request, [version])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["show_publish"] = obj is not None and not obj.is_published and self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def response_change(self, request, obj):
        if PUBLISH_BUTTON in request.POST:
            if obj.material:
                # Saved; publishing a material version waits for the confirmation page.
                return HttpResponseRedirect(reverse("admin:privacy_policyversion_publish", args=[obj.pk]))
            _publish(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


class ProofAdmin(PiiMaskedAdminMixin, ModelAdmin):
    """Read-only: proof is never added, changed or deleted by hand. The IP address and browser of a proof
    record are masked like any personal field (revealed under audit)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PolicyAcceptance)
class PolicyAcceptanceAdmin(ProofAdmin):
    list_display = ("id", "user", "version", "accepted_at", "channel")
    list_filter = ("channel", "version")
    list_select_related = ("user", "version")
    search_fields = ("user_ref", "=user__id")
    date_hierarchy = "accepted_at"
    fields = (
        "user",
        "user_ref",
        "version",
        "language",
        "body_digest",
        "accepted_at",
        "channel",
        "ip_address",
        "user_agent",
    )
    readonly_fields = fields


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ProofAdmin):
    list_display = ("id", "user", "purpose", "granted", "created_at", "channel", "policy_version")
    list_filter = ("purpose", "granted", "channel")
    list_select_related = ("user", "policy_version")
    search_fields = ("user_ref", "=user__id")
    date_hierarchy = "created_at"
    fields = (
        "user",
        "user_ref",
        "purpose",
        "granted",
        "policy_version",
        "created_at",
        "channel",
        "ip_address",
        "user_agent",
    )
    readonly_fields = fields


@admin.register(PolicyNoticeShown)
class PolicyNoticeShownAdmin(ProofAdmin):
    list_display = ("id", "user", "version", "shown_at")
    list_filter = ("version",)
    list_select_related = ("user", "version")
    search_fields = ("=user__id",)
    fields = ("user", "version", "shown_at")
    readonly_fields = fields


@admin.register(PiiAccessLog)
class PiiAccessLogAdmin(ProofAdmin):
    """Who revealed which fields of which record, when and why; field names only, never values."""

    list_display = ("id", "created_at", "staff", "content_type", "object_id", "field_names", "reason")
    list_filter = (
        ("staff", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    list_select_related = ("staff", "content_type")
    search_fields = ("=object_id", "=staff__id")
    date_hierarchy = "created_at"
    fields = ("created_at", "staff", "content_type", "object_id", "field_names", "reason")
    readonly_fields = fields

    @admin.display(description="fields revealed")
    def field_names(self, obj: PiiAccessLog) -> str:
        return ", ".join(obj.fields)
