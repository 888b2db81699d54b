"""The staff queue of privacy requests (G1): due dates, an overdue filter, and the answer recorded and sent.

Open requests come first, by due date. Writing the answer and saving records it and emails it. The
requester's email and words are shown masked (reveal them with the permission, under audit).
"""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from core.errors import DomainError
from privacy.admin.masking import PiiMaskedAdminMixin
from privacy.requests.models import PrivacyRequest, RequestStatus
from privacy.requests.services import privacy_request_answer


class DueFilter(admin.SimpleListFilter):
    title = "deadline"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("open", "Open")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue(now=timezone.now())
        if self.value() == "open":
            return queryset.open()
        return queryset


class PrivacyRequestAnswerForm(forms.ModelForm):
    reply = forms.CharField(
        label="Answer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Saving records the answer and emails it to the requester.",
    )

    class Meta:
        model = PrivacyRequest
        fields = ()


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(PiiMaskedAdminMixin, ModelAdmin):
    form = PrivacyRequestAnswerForm
    list_display = ("id", "kind", "status", "received_at", "due_at", "overdue", "answered_at")
    list_filter = (DueFilter, "status", "kind")
    fields = (
        "kind",
        "status",
        "user",
        "email",
        "details",
        "created_at",
        "received_at",
        "due_at",
        "reminded_at",
        "fee",
        "answer",
        "answered_at",
        "answered_by",
        "reply",
    )
    readonly_fields = (
        "kind",
        "status",
        "user",
        "email",
        "details",
        "created_at",
        "received_at",
        "due_at",
        "reminded_at",
        "fee",
        "answer",
        "answered_at",
        "answered_by",
    )

    # A badge only where action is due: a green tick beside an overdue request read as "all fine".
    @display(description=_("Overdue"), label={"overdue": "danger"})
    def overdue(self, obj: PrivacyRequest) -> tuple[str, str] | str:
        return ("overdue", gettext("Overdue")) if obj.is_overdue else ""

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or obj.status != RequestStatus.OPEN:
            return [name for name in fields if name != "reply"]
        return fields

    def save_model(self, request, obj, form, change) -> None:
        reply = form.cleaned_data.get("reply", "")
        if not reply.strip():
            return
        try:
            answered = privacy_request_answer(request_id=obj.pk, staff=request.user, answer=reply)
        except DomainError as error:
            messages.error(request, error.detail)
            return
        obj.refresh_from_db()
        messages.success(request, f"The answer to request #{answered.pk} is recorded and sent.")
