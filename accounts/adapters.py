"""django-allauth customisation for PrivaShop (wired through ``ACCOUNT_ADAPTER``)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from accounts.forms import SignupForm


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Create the user, its date of birth and its policy acceptance in one transaction.

        For the project's sign-up form (web and headless) the date of birth goes into the user's first
        INSERT and ``form.signup`` records the acceptance before the transaction commits: there is never a
        user who signed up without the proof of what they accepted.
        """
        if not isinstance(form, SignupForm):
            return super().save_user(request, user, form, commit=commit)
        form.apply_date_of_birth(user)
        if not commit:
            return super().save_user(request, user, form, commit=False)
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=True)
            form.signup(request, user)
        return user
