"""django-allauth customisation for PrivaShop (wired through ``ACCOUNT_ADAPTER`` and ``SOCIALACCOUNT_ADAPTER``)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from accounts.forms import SignupForm
from accounts.login_devices import remember_device, trusted_device_key
from privacy.binding.profile import offered_fields, offered_profile, restrict_sociallogin
from privacy.binding.selectors import grant_fields_at_callback
from privacy.binding.services import binding_connect, binding_login_restrict, binding_record_signup
from privacy.compromise.selectors import account_is_locked


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """allauth's per-account key of failed sign-ins, kept apart for a browser that signed in to this account
        before (``accounts.login_devices``): a stranger's failures never lock the shopper's own browsers."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        login = credentials.get("email", credentials.get("username", ""))
        device = trusted_device_key(request, login)
        return f"{key}:device:{device}" if device else key

    def send_mail(self, template_prefix, email, context) -> None:
        """allauth's emails name the shop and link to its public address, not the request's host."""
        context = {**context, "shop_name": settings.SHOP_NAME, "site_url": settings.SHOP_SITE_URL.rstrip("/")}
        super().send_mail(template_prefix, email, context)

    def login(self, request, user) -> None:
        super().login(request, user)
        remember_device(request, user)

    def pre_login(self, request, user, **kwargs):
        """An account reported compromised stays locked, whatever the sign-in method (a third-party account,
        a password set another way), until its owner chooses a new password through the emailed link (G6)."""
        if account_is_locked(user_id=user.pk):
            # As allauth does for an inactive account: forget how this attempt authenticated (allauth stashes
            # the login itself only after pre_login), then answer as for an inactive account.
            request.session.pop(AUTHENTICATION_METHODS_SESSION_KEY, None)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)

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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Third-party sign-in that imports only what the user granted (promise A7).

    allauth copies a provider's profile onto the new user and stores the whole answer in
    ``SocialAccount.extra_data``. Here nothing is copied until the user has chosen (on the sign-up form, or
    in the privacy centre before binding), and what the provider sent is cut down to the chosen fields
    before anything is stored: ``privacy.binding`` records the grant and does the import.
    """

    def populate_user(self, request, sociallogin, data):
        """Copy nothing onto the user; keep only the fields that could still be granted.

        For an account already bound, that is its grant (plus its owner's new choice, when re-binding);
        for a new one, the fields the provider offers, until the sign-up form or the connect flow narrows
        them to the user's choice before saving.
        """
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        fields = grant_fields_at_callback(
            provider=sociallogin.account.provider, uid=sociallogin.account.uid, user_id=user_id
        )
        restrict_sociallogin(sociallogin, offered_fields(sociallogin.provider) if fields is None else fields)
        return sociallogin.user

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        """Never: the sign-up form, with the policy to accept and the fields to choose, is always shown."""
        return False

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        """Nothing from the provider is pre-filled: the user has not chosen what may be imported yet."""
        return {}

    def pre_social_login(self, request, sociallogin) -> None:
        """Binding from the privacy centre (or the API) completes here, under the user's pending grant."""
        if sociallogin.state.get("process") == AuthProcess.CONNECT and request.user.is_authenticated:
            binding_connect(request=request, sociallogin=sociallogin)
        elif sociallogin.is_existing:
            binding_login_restrict(sociallogin=sociallogin)

    def save_user(self, request, sociallogin, form=None):
        """Create the user, the binding restricted to the fields ticked on the sign-up form, the grant that
        records the choice (with the policy version accepted on the same form) and the imports, all in one
        transaction."""
        fields = form.cleaned_data.get("import_fields", []) if form is not None else []
        offered = offered_profile(sociallogin)
        restrict_sociallogin(sociallogin, fields)
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form=form)
            binding_record_signup(
                user=user,
                sociallogin=sociallogin,
                fields=fields,
                offered=offered,
                policy_version=getattr(form, "policy_version", None),
            )
        return user

    def get_connect_redirect_url(self, request, socialaccount) -> str:
        return reverse("binding:list")

    def validate_disconnect(self, account, accounts) -> None:
        """Unbinding goes through the privacy centre, which closes the grant and keeps a way to sign in."""
        raise ValidationError(
            "Unbind third-party accounts in the privacy centre (Privacy > Third-party accounts).",
            code="use_privacy_centre",
        )
