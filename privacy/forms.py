"""Website forms of the privacy app."""

from django import forms

from privacy.cookies import ALL, ESSENTIAL
from privacy.purposes import PURPOSES


class PolicyAcceptForm(forms.Form):
    # The version the user read: if another took effect meanwhile, the service refuses and they read that one.
    version = forms.CharField(widget=forms.HiddenInput, max_length=32)
    accept = forms.BooleanField(label="I have read this version of the privacy policy and I accept it.")
    next = forms.CharField(widget=forms.HiddenInput, required=False)


class ConsentsForm(forms.Form):
    """One switch per optional purpose, all declared in ``privacy.purposes``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for purpose in PURPOSES:
            self.fields[purpose.code] = forms.BooleanField(
                required=False, label=purpose.title, help_text=purpose.description
            )


class CookieChoiceForm(forms.Form):
    choice = forms.ChoiceField(choices=[(ALL, "Accept optional cookies"), (ESSENTIAL, "Essential only")])
    next = forms.CharField(widget=forms.HiddenInput, required=False)


class GuardianRequestForm(forms.Form):
    """A minor names the parent or guardian who should agree (promise A8)."""

    guardian_name = forms.CharField(
        label="Your parent's or guardian's name", max_length=100, required=False, help_text="Used to greet them."
    )
    guardian_email = forms.EmailField(
        label="Your parent's or guardian's email address",
        help_text="We send them a link to agree. We use the address for nothing else.",
    )


class GuardianConfirmForm(forms.Form):
    agree = forms.BooleanField(
        label="I am this person's parent or legal guardian and I agree that they use their PrivaShop account."
    )
