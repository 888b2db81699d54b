"""Admin for minors (promise A8): guardians' consents, and erasing a minor's data collected without one.

Guardian consents are proof. Staff add one they verified otherwise (a signed form, a call) with the
evidence they saw; ``guardian_consent_record_by_staff`` records it with their account. Existing rows are
read-only and cannot be deleted. The guardian's name, email and the evidence are shown masked.

Erasing a minor's data collected without consent is an action of account cancellation
(``privacy.cancellation.admin_actions.erase_unconsented_minor_data``).
"""

from django import forms
from django.contrib import admin
from unfold.admin import ModelAdmin

from privacy.admin.masking import PiiMaskedAdminMixin
from privacy.models import GuardianConsent
from privacy.profile import date_of_birth
from privacy.purposes import GUARDIAN_APPROVED_PURPOSES, PURPOSES_BY_CODE
from privacy.selectors.minors import (
    guardian_consent_is_confirmed,
    user_is_minor,
)
from privacy.services.minors import guardian_consent_record_by_staff


class GuardianConsentRecordForm(forms.ModelForm):
    """What staff enter; the service fills in status, method, who recorded it and when."""

    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What shows the guardian's consent, for example the reference of a signed form.",
    )
    approved_purposes = forms.MultipleChoiceField(
        label="Optional uses the guardian approved",
        choices=[(code, PURPOSES_BY_CODE[code].title) for code in GUARDIAN_APPROVED_PURPOSES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only what the guardian agreed to: the minor can switch these on, and nothing else optional.",
    )

    class Meta:
        model = GuardianConsent
        fields = ("user", "guardian_name", "guardian_email", "evidence", "approved_purposes")

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is not None:
            if not user_is_minor(date_of_birth=date_of_birth(user)):
                self.add_error("user", "This account is not a minor's: no guardian's consent is needed.")
            elif guardian_consent_is_confirmed(user_id=user.pk):
                self.add_error("user", "A guardian's consent is already on record for this account.")
        return cleaned


@admin.register(GuardianConsent)
class GuardianConsentAdmin(PiiMaskedAdminMixin, ModelAdmin):
    list_display = ("id", "user", "guardian_email", "status", "method", "requested_at", "confirmed_at", "recorded_by")
    list_filter = ("status", "method")
    list_select_related = ("user", "recorded_by")
    search_fields = ("=user__id",)
    raw_id_fields = ("user",)
    date_hierarchy = "requested_at"
    form = GuardianConsentRecordForm
    readonly_fields = (
        "user",
        "guardian_name",
        "guardian_email",
        "evidence",
        "approved_purposes",
        "status",
        "method",
        "recorded_by",
        "requested_at",
        "confirmed_at",
    )

    def get_fields(self, request, obj=None):
        return self.form.Meta.fields if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else super().get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        # Read-only: staff may look at a consent (the view permission), never alter it.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        recorded = guardian_consent_record_by_staff(
            user_id=form.cleaned_data["user"].pk,
            guardian_name=form.cleaned_data["guardian_name"],
            guardian_email=form.cleaned_data["guardian_email"],
            evidence=form.cleaned_data["evidence"],
            staff=request.user,
            approved_purposes=form.cleaned_data["approved_purposes"],
        )
        # The admin goes on with ``obj`` (its message, its log entry): make it the recorded row.
        for model_field in obj._meta.concrete_fields:
            setattr(obj, model_field.attname, getattr(recorded, model_field.attname))
        obj._state.adding = False
