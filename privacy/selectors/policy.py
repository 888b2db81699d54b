"""Reads about policy versions: which one is in effect, and where a user stands with it.

The gate rule (promises B1-B3). Let the *binding* version be the latest material version in effect.
A signed-in user must have accepted the binding version or any version published after it (a later
version's text includes the material change). If not, every page and API call is gated until they
accept the version now in effect. Silence, notices and non-material acceptances before the binding
version never satisfy it. When no material version is in effect there is nothing to gate on; the first
version ever published must therefore be material (``policy_version_publish`` refuses otherwise), so
a user who never accepted any policy is gated as soon as one exists.

A non-material current version that the user has neither accepted nor been shown is *notice due*:
the website shows it once, and never blocks.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from privacy.errors import PolicyVersionNotFound
from privacy.models import PolicyAcceptance, PolicyNoticeShown, PolicyVersion

# What the gate and the notices need; the body is loaded only where it is shown.
_STATUS_FIELDS = ("id", "version", "title", "summary_of_changes", "material", "effective_at", "published_at")


@dataclass(frozen=True)
class PolicyStatus:
    """Where a user (or an anonymous visitor, ``accepted_current`` None) stands with the policy in effect."""

    current: PolicyVersion | None
    accepted_current: bool | None
    acceptance_required: bool
    notice_due: bool


def policy_version_current(*, now: datetime | None = None) -> PolicyVersion | None:
    """The version in effect: the latest published one whose ``effective_at`` has passed. One query."""
    return PolicyVersion.objects.effective(now=now or timezone.now()).first()


def policy_versions_published() -> QuerySet[PolicyVersion]:
    """Every published version, newest first, including ones that take effect later."""
    return (
        PolicyVersion.objects.published()
        .order_by("-effective_at", "-published_at", "-id")
        .prefetch_related("translations")
    )


def policy_version_get_published(*, version: str) -> PolicyVersion:
    """A published version by its label. Raises ``NotFound`` for drafts and unknown labels."""
    found = PolicyVersion.objects.published().filter(version=version).first()
    if found is None:
        raise PolicyVersionNotFound()
    return found


def policy_status(*, user_id: int | None, now: datetime | None = None) -> PolicyStatus:
    """The gate and notice state for ``user_id`` (None: an anonymous visitor). Always exactly one query."""
    versions = PolicyVersion.objects.effective(now=now or timezone.now()).only(*_STATUS_FIELDS)
    if user_id is None:
        return PolicyStatus(
            current=versions.first(), accepted_current=None, acceptance_required=False, notice_due=False
        )

    rows = list(
        versions.annotate(
            accepted=Exists(PolicyAcceptance.objects.filter(user_id=user_id, version=OuterRef("pk"))),
            notice_shown=Exists(PolicyNoticeShown.objects.filter(user_id=user_id, version=OuterRef("pk"))),
        )
    )
    if not rows:
        return PolicyStatus(current=None, accepted_current=None, acceptance_required=False, notice_due=False)

    current = rows[0]
    binding_index = next((index for index, row in enumerate(rows) if row.material), None)
    acceptance_required = binding_index is not None and not any(row.accepted for row in rows[: binding_index + 1])
    notice_due = not acceptance_required and not current.material and not current.accepted and not current.notice_shown
    return PolicyStatus(
        current=current,
        accepted_current=current.accepted,
        acceptance_required=acceptance_required,
        notice_due=notice_due,
    )


def policy_publish_audience(*, version: PolicyVersion) -> dict:
    """Who publishing ``version`` reaches, for the admin's confirmation page: the active accounts that must
    accept it (material) or see its notice, and whether it is the first version (no mailing then)."""
    return {
        "accounts": get_user_model().objects.filter(is_active=True).count(),
        "first": not PolicyVersion.objects.published().exists(),
    }
