"""Website form of account cancellation."""

from django import forms


class CancellationConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that once the waiting period ends my account is anonymised and cannot be restored.",
        error_messages={"required": "Tick the box to confirm that you want to cancel your account."},
    )
