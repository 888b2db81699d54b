"""Website form of account cancellation."""

from django import forms
from django.utils.translation import gettext_lazy


class CancellationConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that once the waiting period ends my account is anonymised and cannot be restored."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm that you want to cancel your account.")},
    )
