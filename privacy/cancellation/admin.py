"""Admin of account cancellation, erasure records, recipient deletion requests and legal holds.

* Cancellation requests: status, due date, attempts; "Anonymise now" (after a confirmation) queues the
  anonymisation of the selected pending requests to Celery without waiting for their window to end.
* Tombstones: the audit of every anonymised account (ids and counts only). Read-only.
* Recipient deletion requests: the answer of each recipient; overdue ones are flagged and filtered, and
  the changelist warns while any is overdue. Staff retry one, or record a confirmation received another way.
* Legal holds (``privacy.LegalHold``): placed with a reason, released with a reason on their own page,
  never deleted. Their reasons are shown masked, as the registry declares them.

Accounts are named by id everywhere here: a message or a column must not carry an email address.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from unfold.admin import ModelAdmin

from core.errors import DomainError
from privacy.admin.masking import PiiMaskedAdminMixin
from privacy.cancellation.models import (
    CancellationRequest,
    CancellationStatus,
    ErasureTombstone,
    RecipientDeletionRequest,
)
from privacy.cancellation.selectors import cancellation_state, recipient_requests_overdue
from privacy.cancellation.services import (
    cancellation_anonymise_now_queue,
    legal_hold_place,
    legal_hold_release,
    recipient_request_mark_done,
    recipient_request_retry,
)
from privacy.models import LegalHold

ANONYMISE_NOW_TEMPLATE = "privacy/admin/anonymise_now_confirmation.html"
RELEASE_TEMPLATE = "privacy/admin/legal_hold_release.html"


class ReadOnlyAdmin(ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.action(description="Anonymise now (skip the rest of the cooling-off window)", permissions=["anonymise"])
def anonymise_now(modeladmin, request, queryset):
    pending = list(queryset.filter(status=CancellationStatus.PENDING).order_by("pk"))
    if not pending:
        messages.error(request, "None of the selected requests is pending.")
        return None
    if request.POST.get("post") == "yes":
        cancellation_anonymise_now_queue(request_ids=[item.pk for item in pending])
        for item in pending:
            modeladmin.log_change(request, item, "Queued to be anonymised now.")
        messages.success(
            request,
            f"Queued {len(pending)} account(s) to be anonymised now: {', '.join(f'#{i.user_id}' for i in pending)}. "
            "Accounts under a legal hold or with orders in progress are skipped.",
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Anonymise these accounts now",
        "opts": modeladmin.model._meta,
        "pending": pending,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action_name": "anonymise_now",
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, ANONYMISE_NOW_TEMPLATE, context)


@admin.register(CancellationRequest)
class CancellationRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "state", "channel", "requested_at", "due_at", "attempts", "last_error", "tombstone")
    list_filter = ("status", "channel", "last_error")
    list_select_related = ("user", "tombstone")
    search_fields = ("=user__id",)
    date_hierarchy = "due_at"
    ordering = ("due_at", "id")
    actions = (anonymise_now,)
    fields = (
        "user",
        "status",
        "channel",
        "requested_at",
        "due_at",
        "revoked_at",
        "completed_at",
        "attempts",
        "last_error",
        "next_attempt_at",
        "tombstone",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        held = LegalHold.objects.active().filter(user_id=OuterRef("user_id"))
        return super().get_queryset(request).annotate(on_hold=Exists(held))

    @admin.display(description="state")
    def state(self, obj: CancellationRequest) -> str:
        return cancellation_state(obj, on_hold=obj.on_hold).replace("_", " ")

    def has_anonymise_permission(self, request) -> bool:
        return request.user.has_perm("cancellation.change_cancellationrequest")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(ErasureTombstone)
class ErasureTombstoneAdmin(ReadOnlyAdmin):
    list_display = ("id", "user_id", "trigger", "completed_at", "applied_count", "last_applied_at", "email_sent")
    list_filter = ("trigger", "confirmation_email_sent")
    search_fields = ("=user_id", "=user_ref")
    date_hierarchy = "completed_at"
    fields = (
        "user_id",
        "user_ref",
        "trigger",
        "completed_at",
        "counts",
        "sessions_ended",
        "confirmation_email_sent",
        "applied_count",
        "last_applied_at",
    )
    readonly_fields = fields

    @admin.display(description="last email sent", boolean=True)
    def email_sent(self, obj: ErasureTombstone) -> bool:
        return obj.confirmation_email_sent


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", "Overdue"), ("no", "Not overdue"))

    def queryset(self, request, queryset):
        overdue = recipient_requests_overdue().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


@admin.action(description="Send again (failed, refused or unconfirmed requests)", permissions=["resend"])
def retry_requests(modeladmin, request, queryset):
    queued = []
    for item in queryset.order_by("pk"):
        try:
            recipient_request_retry(request_id=item.pk)
        except DomainError as error:
            messages.error(request, f"Request #{item.pk} was not sent again: {error.detail}")
        else:
            queued.append(item)
            modeladmin.log_change(request, item, "Sent again.")
    if queued:
        messages.success(request, f"Queued {len(queued)} request(s) to be sent again.")


@admin.action(description="Record that the recipient confirmed the deletion", permissions=["resend"])
def mark_confirmed(modeladmin, request, queryset):
    marked = [item for item in queryset.order_by("pk") if recipient_request_mark_done(request_id=item.pk)]
    for item in marked:
        # The admin log records who confirmed it, and when.
        modeladmin.log_change(request, item, "Deletion confirmed by the recipient (recorded by staff).")
    messages.success(request, f"Recorded the confirmation of {len(marked)} request(s).")


@admin.register(RecipientDeletionRequest)
class RecipientDeletionRequestAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "recipient",
        "recipient_ref",
        "user_id",
        "status",
        "overdue",
        "deadline_at",
        "attempts",
        "last_error",
        "answered_at",
    )
    list_filter = (OverdueFilter, "status", "recipient_ref")
    list_select_related = ("tombstone",)
    search_fields = ("=tombstone__user_id", "recipient_ref")
    date_hierarchy = "deadline_at"
    ordering = ("deadline_at", "id")
    actions = (retry_requests, mark_confirmed)
    fields = (
        "tombstone",
        "recipient",
        "recipient_ref",
        "references",
        "status",
        "attempts",
        "last_error",
        "answer_reference",
        "created_at",
        "deadline_at",
        "answered_at",
    )
    readonly_fields = fields

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("cancellation.change_recipientdeletionrequest")

    @admin.display(description="user id", ordering="tombstone__user_id")
    def user_id(self, obj: RecipientDeletionRequest) -> int:
        return obj.tombstone.user_id

    @admin.display(description="overdue", boolean=True)
    def overdue(self, obj: RecipientDeletionRequest) -> bool:
        return obj.is_overdue

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def changelist_view(self, request, extra_context=None):
        overdue = recipient_requests_overdue().count()
        if overdue and request.method == "GET" and request.GET.get(OverdueFilter.parameter_name) != "yes":
            url = f"{request.path}?{urlencode({OverdueFilter.parameter_name: 'yes'})}"
            messages.warning(
                request,
                format_html(
                    "{} deletion request(s) passed their deadline without a confirmed deletion. "
                    '<a href="{}">Show them</a>',
                    overdue,
                    url,
                ),
            )
        return super().changelist_view(request, extra_context)


# --- legal holds ------------------------------------------------------------------------------------


class LegalHoldPlaceForm(forms.ModelForm):
    """What staff enter to place a hold; the service records who placed it and when."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The legal ground, for example a court order's reference. Required.",
    )

    class Meta:
        model = LegalHold
        fields = ("user", "content_type", "object_id", "reason")
        help_texts = {
            "user": "Hold every row of this account (and postpone its anonymisation) ...",
            "object_id": "... or hold one object: its type above and its id here.",
        }

    def clean(self):
        cleaned = super().clean()
        names_user = cleaned.get("user") is not None
        names_object = cleaned.get("content_type") is not None and bool((cleaned.get("object_id") or "").strip())
        if names_user == names_object:
            raise forms.ValidationError("Name either an account, or an object (its type and id), not both.")
        return cleaned


class LegalHoldReleaseForm(forms.Form):
    release_reason = forms.CharField(
        label="Why the hold is no longer needed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example the court's decision that ends it. Required; kept with the hold.",
    )


@admin.register(LegalHold)
class LegalHoldAdmin(PiiMaskedAdminMixin, ModelAdmin):
    list_display = ("id", "target", "placed_at", "placed_by", "active", "released_at", "released_by", "release_link")
    list_filter = (("released_at", admin.EmptyFieldListFilter), "content_type")
    list_select_related = ("user", "content_type", "placed_by", "released_by")
    search_fields = ("=user__id", "=object_id")
    raw_id_fields = ("user",)
    date_hierarchy = "placed_at"
    form = LegalHoldPlaceForm
    detail_fields = (
        "target",
        "reason",
        "placed_at",
        "placed_by",
        "released_at",
        "released_by",
        "release_reason",
        "release_link",
    )

    @admin.display(description="held")
    def target(self, obj: LegalHold) -> str:
        if obj.user_id is not None:
            return f"Account #{obj.user_id}"
        return f"{obj.content_type} #{obj.object_id}"

    @admin.display(description="active", boolean=True)
    def active(self, obj: LegalHold) -> bool:
        return obj.released_at is None

    @admin.display(description="release")
    def release_link(self, obj: LegalHold) -> str:
        if obj.pk is None or obj.released_at is not None:
            return "-"
        return format_html('<a href="{}">Release…</a>', reverse("admin:privacy_legalhold_release", args=[obj.pk]))

    def get_fields(self, request, obj=None):
        return self.form.Meta.fields if obj is None else self.detail_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else [*super().get_readonly_fields(request, obj), *self.detail_fields]

    def has_change_permission(self, request, obj=None) -> bool:
        # A hold is changed only by its release, on its own page.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        placed = legal_hold_place(
            reason=form.cleaned_data["reason"],
            staff_id=request.user.pk,
            user_id=form.cleaned_data["user"].pk if form.cleaned_data.get("user") else None,
            content_type=form.cleaned_data.get("content_type"),
            object_id=form.cleaned_data.get("object_id") or "",
        )
        # The admin goes on with ``obj`` (its message, its log entry): make it the placed row.
        for model_field in obj._meta.concrete_fields:
            setattr(obj, model_field.attname, getattr(placed, model_field.attname))
        obj._state.adding = False

    def get_urls(self):
        release = self.admin_site.admin_view(self.release_view)
        return [path("<int:hold_id>/release/", release, name="privacy_legalhold_release"), *super().get_urls()]

    def release_view(self, request: HttpRequest, hold_id: int):
        if not self.has_view_permission(request) or not request.user.has_perm("privacy.change_legalhold"):
            raise PermissionDenied
        hold = get_object_or_404(LegalHold, pk=hold_id)
        changelist = reverse("admin:privacy_legalhold_changelist")
        form = LegalHoldReleaseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                legal_hold_release(
                    hold_id=hold.pk, reason=form.cleaned_data["release_reason"], staff_id=request.user.pk
                )
            except DomainError as error:
                messages.error(request, f"Hold #{hold.pk} was not released: {error.detail}")
            else:
                self.log_change(request, hold, "Released.")
                messages.success(request, f"Hold #{hold.pk} is released; postponed work runs on its next pass.")
            return HttpResponseRedirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Release legal hold #{hold.pk}",
            "opts": self.model._meta,
            "hold": hold,
            "target": self.target(hold),
            "form": form,
            "released": hold.released_at is not None,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, RELEASE_TEMPLATE, context)
