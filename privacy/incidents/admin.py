"""Admin of incident notices (promise F4): write, choose the audience, preview, confirm, follow progress.

A draft is edited like any model. Its page shows how many accounts the chosen audience selects now and
a masked preview of the first ones; "Review and send" opens a confirmation page with the same count, and
confirming freezes the notice and queues its delivery. A sent notice is read-only and shows its progress
(sent, emailed, acknowledged). Accounts are named by id and masked email only.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from unfold.admin import ModelAdmin, TabularInline

from core.errors import DomainError
from privacy.incidents.audiences import (
    PARAM_END,
    PARAM_RECIPIENT,
    PARAM_START,
    PARAM_USER_IDS,
    audience_choices,
    audience_params_clean,
)
from privacy.incidents.models import IncidentDelivery, IncidentNotice, IncidentStatus
from privacy.incidents.selectors import incident_progress
from privacy.incidents.services import incident_audience_preview, incident_notice_confirm

CONFIRM_TEMPLATE = "privacy/incidents/admin_confirm.html"
_PARAM_FIELDS = (PARAM_START, PARAM_END, PARAM_RECIPIENT, PARAM_USER_IDS)


class IncidentNoticeForm(forms.ModelForm):
    audience = forms.ChoiceField(choices=audience_choices)
    start = forms.DateField(required=False, help_text="First day (orders in a date range).")
    end = forms.DateField(required=False, help_text="Last day (orders in a date range).")
    recipient_ref = forms.CharField(
        required=False, help_text='The recipient key of the disclosure log, for example "carrier:demo".'
    )
    user_ids = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Account ids, one per line."
    )
    user_ids_file = forms.FileField(required=False, help_text="Or upload a text file of account ids, one per line.")

    class Meta:
        model = IncidentNotice
        fields = (
            "title",
            "what_happened",
            "data_concerned",
            "consequences",
            "measures_taken",
            "advice",
            "contact",
            "public",
            "audience",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.audience_params or {}
        for name in (PARAM_START, PARAM_END, PARAM_RECIPIENT):
            self.fields[name].initial = stored.get(name)
        if stored.get(PARAM_USER_IDS):
            self.fields[PARAM_USER_IDS].initial = "\n".join(str(pk) for pk in stored[PARAM_USER_IDS])

    def clean(self):
        cleaned = super().clean()
        raw = {name: cleaned.get(name) for name in (PARAM_START, PARAM_END, PARAM_RECIPIENT)}
        text = cleaned.get(PARAM_USER_IDS) or ""
        upload = cleaned.get("user_ids_file")
        if upload:
            text += "\n" + upload.read().decode("utf-8", errors="replace")
        raw[PARAM_USER_IDS] = [item for item in text.replace(",", "\n").split() if item]
        try:
            self.audience_params = audience_params_clean(audience=cleaned.get("audience", ""), params=raw)
        except DomainError as error:
            for field, field_errors in error.fields.items():
                target = field if field in self.fields else None
                for message in field_errors:
                    self.add_error(target, message)
        return cleaned

    def save(self, commit=True):
        self.instance.audience_params = getattr(self, "audience_params", {})
        return super().save(commit=commit)


class DeliveryInline(TabularInline):
    model = IncidentDelivery
    fields = ("user_id", "sent_at", "email_sent", "acknowledged_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = "Recipients (account ids; the latest 50)"

    def get_queryset(self, request):
        ids = list(super().get_queryset(request).order_by("-pk").values_list("pk", flat=True)[:50])
        return super().get_queryset(request).filter(pk__in=ids)


@admin.register(IncidentNotice)
class IncidentNoticeAdmin(ModelAdmin):
    form = IncidentNoticeForm
    list_display = ("title", "status", "audience_count", "progress", "public", "created_at", "confirmed_at")
    list_filter = ("status", "public")
    inlines = [DeliveryInline]

    def get_fieldsets(self, request, obj=None):
        text = ("title", "what_happened", "data_concerned", "consequences", "measures_taken", "advice", "contact")
        if obj is not None and obj.status != IncidentStatus.DRAFT:
            return [
                (None, {"fields": (*text, "public")}),
                ("Audience and progress", {"fields": ("audience_label", "audience_count", "progress", "status")}),
            ]
        fieldsets = [
            (None, {"fields": text}),
            ("Who is affected", {"fields": ("audience", *_PARAM_FIELDS[:3], PARAM_USER_IDS, "user_ids_file")}),
            ("Publication", {"fields": ("public",)}),
        ]
        if obj is not None:
            fieldsets.append(("Preview and sending", {"fields": ("preview",)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != IncidentStatus.DRAFT:
            return (
                "title",
                "what_happened",
                "data_concerned",
                "consequences",
                "measures_taken",
                "advice",
                "contact",
                "public",
                "audience_label",
                "audience_count",
                "progress",
                "status",
            )
        return ("preview",) if obj is not None else ()

    def get_inlines(self, request, obj):
        return [DeliveryInline] if obj is not None and obj.status != IncidentStatus.DRAFT else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == IncidentStatus.DRAFT)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Who is affected")
    def audience_label(self, obj: IncidentNotice) -> str:
        return dict(audience_choices()).get(obj.audience, obj.audience)

    @admin.display(description="Progress")
    def progress(self, obj: IncidentNotice) -> str:
        if obj.status == IncidentStatus.DRAFT:
            return "Not sent"
        progress = incident_progress(notice_id=obj.pk)
        return (
            f"{progress.sent} of {progress.total} sent ({progress.emailed} by email), "
            f"{progress.acknowledged} acknowledged"
        )

    @admin.display(description="Affected accounts now")
    def preview(self, obj: IncidentNotice):
        try:
            preview = incident_audience_preview(audience=obj.audience, params=obj.audience_params)
        except DomainError as error:
            return error.detail
        rows = format_html_join("", "<li>#{} {}</li>", preview.sample)
        url = reverse("admin:incidents_incidentnotice_confirm", args=[obj.pk])
        return format_html(
            '<p><strong>{}</strong> account(s).</p><ul>{}</ul><p><a class="button" href="{}">Review and send</a></p>',
            preview.count,
            rows,
            url,
        )

    def get_urls(self):
        confirm = self.admin_site.admin_view(self.confirm_view)
        return [path("<int:notice_id>/confirm/", confirm, name="incidents_incidentnotice_confirm"), *super().get_urls()]

    def confirm_view(self, request: HttpRequest, notice_id: int):
        notice = get_object_or_404(IncidentNotice, pk=notice_id)
        if not self.has_change_permission(request, notice):
            raise PermissionDenied
        change_url = reverse("admin:incidents_incidentnotice_change", args=[notice.pk])
        if request.method == "POST":
            try:
                incident_notice_confirm(
                    notice_id=notice.pk, staff=request.user, site_url=request.build_absolute_uri("/")
                )
            except DomainError as error:
                messages.error(request, error.detail)
            else:
                messages.success(request, "The notice is confirmed and being sent.")
            return HttpResponseRedirect(change_url)
        try:
            preview = incident_audience_preview(audience=notice.audience, params=notice.audience_params)
        except DomainError as error:
            messages.error(request, error.detail)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": "Send this incident notice",
            "opts": self.model._meta,
            "notice": notice,
            "preview": preview,
            "audience_label": self.audience_label(notice),
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, CONFIRM_TEMPLATE, context)
