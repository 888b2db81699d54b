"""Website forms of the privacy app."""

from django import forms
from django.utils.translation import gettext_lazy

from privacy.cookies import ALL, ESSENTIAL
from privacy.purposes import PURPOSES


class PolicyAcceptForm(forms.Form):
    # The version the user read: if another took effect meanwhile, the service refuses and they read that one.
    version = forms.CharField(widget=forms.HiddenInput, max_length=32)
    accept = forms.BooleanField(label=gettext_lazy("I have read this version of the privacy policy and I accept it."))
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
        label=gettext_lazy("Your parent's or guardian's name"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Used to greet them."),
    )
    guardian_email = forms.EmailField(
        label=gettext_lazy("Your parent's or guardian's email address"),
        help_text=gettext_lazy("We send them a link to agree. We use the address for nothing else."),
    )


GUARDIAN_DECLARATION = "I am this person's parent or legal guardian and I agree that they use their PrivaShop account."


class GuardianConfirmForm(forms.Form):
    agree = forms.BooleanField(label=GUARDIAN_DECLARATION)
    guardian_name = forms.CharField(label=gettext_lazy("Your full name"), max_length=100)
    approve_personalisation = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "They may also switch on personalised recommendations (we keep their browsing history for it)."
        ),
    )
    approve_marketing = forms.BooleanField(
        required=False, label=gettext_lazy("They may also agree to receive marketing emails.")
    )

    def approved_purposes(self) -> list[str]:
        from privacy.purposes import MARKETING, PERSONALISATION

        chosen = {PERSONALISATION: "approve_personalisation", MARKETING: "approve_marketing"}
        return [purpose for purpose, field in chosen.items() if self.cleaned_data.get(field)]

    def declaration(self) -> str:
        """What the guardian declared, word for word, as it is recorded."""
        lines = [f"{GUARDIAN_DECLARATION} Signed: {self.cleaned_data['guardian_name'].strip()}."]
        for name in ("approve_personalisation", "approve_marketing"):
            if self.cleaned_data.get(name):
                lines.append(str(self.fields[name].label))
        return "\n".join(lines)
