"""django-allauth customisation for PrivaShop (wired through ``ACCOUNT_ADAPTER``)."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """The account adapter. Sign-up policy acceptance and date of birth hook in here (privacy core)."""
