"""The sign-up form's own fields (``ACCOUNT_SIGNUP_FORM_CLASS``).

allauth makes this class the base of every sign-up form it builds: the website form, the headless API's
``SignupInput`` and the third-party sign-up form. So the same two fields are asked for everywhere: the
date of birth (promise A8: minors need a guardian's consent) and the acceptance of the privacy policy in
effect (B1, B4). This module must not import ``allauth.account.forms``, which imports it.

When the form is a third-party sign-up (allauth passes it the pending ``sociallogin``), it also asks which
of the profile fields the provider sent may be imported (promise A7): ``import_fields``, nothing ticked by
default. ``accounts.adapters.SocialAccountAdapter.save_user`` records that choice as the binding's grant.
Being in this shared base, the question is asked on the website and by the headless
``/_allauth/{client}/v1/auth/provider/signup`` alike (allauth's headless input does not use
``SOCIALACCOUNT_FORMS``).
"""

import datetime

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from accounts.signup import InvalidDateOfBirth, date_of_birth_check, signup_complete
from privacy.binding.profile import display_name, offered_fields, offered_profile
from privacy.request_meta import request_client_ip, request_user_agent
from privacy.selectors.policy import policy_version_current


def _import_fields_field(sociallogin) -> forms.MultipleChoiceField:
    """The choice of profile fields to import from the provider of ``sociallogin``: only fields its type
    offers and it actually sent, each labelled with the value, so the user sees exactly what they allow."""
    provider = sociallogin.provider
    name = display_name(provider)
    offered = offered_profile(sociallogin)
    labels = {
        "avatar": gettext("Avatar (your profile picture there)"),
        "nickname": gettext("Nickname (%(nickname)s)") % {"nickname": offered.nickname},
        "email": (
            gettext("Email address (%(email)s, verified by %(provider)s)")
            if offered.email_verified
            else gettext("Email address (%(email)s)")
        )
        % {"email": offered.email, "provider": name},
    }
    choices = [(name, labels[name]) for name in offered_fields(provider) if name in offered.present_fields]
    return forms.MultipleChoiceField(
        label=gettext("What may we import from your %(provider)s account?") % {"provider": name},
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Nothing is imported unless you tick it. You can unbind the account later in the privacy centre."
        ),
    )


class SignupForm(forms.Form):
    # allauth orders sign-up fields by this list; the acceptance comes last, right before the button.
    field_order = ("email", "password1", "password2", "password", "import_fields", "date_of_birth", "accept_policy")

    date_of_birth = forms.DateField(
        label=gettext_lazy("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
        help_text=gettext_lazy(
            "Format YYYY-MM-DD. Under 18? Your account stays limited until a parent or guardian agrees."
        ),
    )
    accept_policy = forms.BooleanField(label=gettext_lazy("I accept the privacy policy."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.policy_version = policy_version_current()
        self._applied_to_user_id: int | None = None
        if self.policy_version is None:
            # Nothing published yet: there is nothing to accept, and sign-up must still work.
            del self.fields["accept_policy"]
        else:
            self.fields["accept_policy"].label = format_html(
                gettext(
                    'I have read and accept the <a href="{}" target="_blank" rel="noopener">privacy policy</a> '
                    "(version {})."
                ),
                reverse("privacy:policy-detail", args=[self.policy_version.version]),
                self.policy_version.version,
            )
            self.fields["accept_policy"].error_messages["required"] = gettext_lazy(
                "You must accept the privacy policy to sign up."
            )
        sociallogin = getattr(self, "sociallogin", None)
        if sociallogin is not None:
            self.fields["import_fields"] = _import_fields_field(sociallogin)

    def clean_date_of_birth(self) -> datetime.date:
        try:
            return date_of_birth_check(self.cleaned_data["date_of_birth"])
        except InvalidDateOfBirth as error:
            raise forms.ValidationError(error.detail) from error

    def apply_date_of_birth(self, user) -> None:
        """Copy the date of birth onto the unsaved user, so it is written with the user's first INSERT."""
        user.date_of_birth = self.cleaned_data["date_of_birth"]

    def signup(self, request, user) -> None:
        """The sign-up's own steps (``accounts.signup.signup_complete``) for the new user, once.

        ``AccountAdapter.save_user`` calls this inside the transaction that creates the user; allauth then calls
        it again (``custom_signup``), which does nothing.
        """
        if self._applied_to_user_id == user.pk:
            return
        signup_complete(
            user=user,
            date_of_birth=self.cleaned_data["date_of_birth"],
            policy_version=self.policy_version.version if self.policy_version is not None else None,
            ip_address=request_client_ip(request),
            user_agent=request_user_agent(request),
        )
        self._applied_to_user_id = user.pk
