"""Factories of the privacy app's policy and consent models.

``PolicyVersionFactory`` builds a *published* version in effect since a minute ago (set ``effective_at``
for another moment); ``DraftPolicyVersionFactory`` a draft. Published rows are created directly, not via
``policy_version_publish``, so tests can set any history they need.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from privacy.models import PolicyVersion


class DraftPolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    version = factory.Sequence(lambda n: f"2026.{n}")
    title = "PrivaShop privacy policy"
    body = factory.Sequence(
        lambda n: (
            f"# Privacy policy\n\nVersion {n}. We collect only what we need to sell and deliver.\n\n"
            "* Your **consent** is needed for anything optional.\n"
        )
    )
    summary_of_changes = "We explain how long we keep your data."
    material = True
    effective_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
    published_at = None


class PolicyVersionFactory(DraftPolicyVersionFactory):
    published_at = factory.LazyFunction(timezone.now)
