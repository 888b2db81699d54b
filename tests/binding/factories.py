"""Factories of bindings: allauth's social accounts and the grants that say what each may import."""

import factory
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.utils import timezone

from privacy.binding.models import GrantChannel, GrantStatus, ThirdPartyGrant
from privacy.binding.profile import mask_uid
from privacy.hashing import keyed_hash
from tests.accounts.factories import UserFactory


class SocialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount

    user = factory.SubFactory(UserFactory)
    provider = "fakeidp"
    uid = factory.Sequence(lambda n: f"uid-{n:08d}-abcdef")
    extra_data = factory.LazyFunction(dict)


class SocialTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialToken

    account = factory.SubFactory(SocialAccountFactory)
    token = factory.Sequence(lambda n: f"access-token-{n}")
    token_secret = factory.Sequence(lambda n: f"refresh-token-{n}")


class ActiveGrantFactory(factory.django.DjangoModelFactory):
    """An active grant with its binding (a ``SocialAccount`` of the same user)."""

    class Meta:
        model = ThirdPartyGrant

    user = factory.SubFactory(UserFactory)
    social_account = factory.SubFactory(SocialAccountFactory, user=factory.SelfAttribute("..user"))
    provider = factory.SelfAttribute("social_account.provider")
    uid_hash = factory.LazyAttribute(lambda grant: keyed_hash(f"{grant.provider}:{grant.social_account.uid}"))
    uid_masked = factory.LazyAttribute(lambda grant: mask_uid(grant.social_account.uid))
    fields = factory.LazyFunction(lambda: ["nickname"])
    channel = GrantChannel.WEB
    status = GrantStatus.ACTIVE
    requested_at = factory.LazyFunction(timezone.now)
    bound_at = factory.LazyFunction(timezone.now)
