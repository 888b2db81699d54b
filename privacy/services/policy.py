"""Writes about policy versions: publishing, accepting, and noting that a notice was shown."""

from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from privacy.errors import PolicyPublishRefused, PolicyVersionImmutable, PolicyVersionNotCurrent, PolicyVersionNotFound
from privacy.extensions import policy_published
from privacy.models import Channel, PolicyAcceptance, PolicyNoticeShown, PolicyVersion
from privacy.policy_translations import PolicyTranslation, policy_text_for
from privacy.selectors.policy import policy_version_current


def policy_version_publish(*, version_id: int, actor, now: datetime | None = None, site_url: str = "") -> PolicyVersion:
    """Publish a draft. From then on the row is immutable (model guard) and every reader sees it.

    A past ``effective_at`` moves to the publication time: a policy never takes effect before anyone could
    read it. Locks the draft row. Raises ``PolicyVersionNotFound``; ``PolicyVersionImmutable`` when it is
    already published; ``PolicyPublishRefused`` (code ``policy_first_version_not_material``) when it would
    be the first published version and is not material (nobody has agreed to anything a notice could
    amend), or (code ``policy_effective_before_latest``) when it would take effect before the latest
    published version, which would make the order of versions ambiguous.
    """
    now = now or timezone.now()
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None:
            raise PolicyVersionNotFound()
        if version.is_published:
            raise PolicyVersionImmutable(gettext("This version is already published."))
        version.full_clean()
        published = PolicyVersion.objects.published()
        if not version.material and not published.filter(material=True).exists():
            raise PolicyPublishRefused(
                gettext(
                    "The first published version must be marked material: users have not agreed to any policy yet."
                ),
                code="policy_first_version_not_material",
            )
        effective_at = max(version.effective_at, now)
        latest = published.order_by("-effective_at").first()
        if latest is not None and effective_at < latest.effective_at:
            raise PolicyPublishRefused(
                f"It would take effect before version {latest.version}, which is already published.",
                code="policy_effective_before_latest",
            )
        version.effective_at = effective_at
        version.published_at = now
        version.published_by = actor
        version.save()
        if latest is not None:
            # A material change is also emailed to every account, in batches, after commit (G5: the handler
            # privacy.announcements registers); the first version changes nothing anyone agreed to.
            policy_published(version=version, site_url=site_url)
    return version


INITIAL_POLICY_PATH = Path(__file__).resolve().parent.parent / "texts" / "initial_policy.md"
# The bundled first policy in the site's other languages: (language, title, summary of changes), the text
# beside the English one as initial_policy.<language>.md.
_INITIAL_POLICY_TRANSLATIONS = [("zh-hans", "PrivaShop 隐私政策", "我们隐私政策的第一个版本。")]


def policy_version_publish_initial(*, version: str = "1.0", actor=None) -> tuple[PolicyVersion, bool]:
    """Publish the bundled first policy (``privacy/texts/initial_policy.md``) unless a version is published.

    Idempotent: when any version is already published, nothing is written and ``created`` is False. Used by
    ``manage.py publish_initial_policy`` so that a fresh installation has a policy to accept.
    """
    with transaction.atomic():
        existing = PolicyVersion.objects.published().order_by("-effective_at", "-published_at").first()
        if existing is not None:
            return existing, False
        draft, _ = PolicyVersion.objects.get_or_create(
            version=version,
            defaults={
                "title": "PrivaShop privacy policy",
                "body": INITIAL_POLICY_PATH.read_text(encoding="utf-8"),
                "summary_of_changes": "The first version of our privacy policy.",
                "material": True,
            },
        )
        for language, title, summary in _INITIAL_POLICY_TRANSLATIONS:
            path = INITIAL_POLICY_PATH.with_name(f"initial_policy.{language}.md")
            PolicyTranslation.objects.get_or_create(
                version=draft,
                language=language,
                defaults={"title": title, "body": path.read_text(encoding="utf-8"), "summary_of_changes": summary},
            )
        return policy_version_publish(version_id=draft.pk, actor=actor), True


def policy_accept(
    *, user, version: str, ip_address: str | None, user_agent: str, channel: str, language: str | None = None
) -> tuple[PolicyAcceptance, bool]:
    """Record that ``user`` accepts the version in effect, with the language and digest of the text they were
    shown (their ``language``, default the active one, else the default language), time, IP and UA.

    Idempotent: accepting the same version again returns the first acceptance and ``created=False``;
    a database constraint makes that hold under concurrent requests too. Raises ``PolicyVersionNotCurrent``
    (with ``policy_version``, the label to accept instead) when ``version`` is not the one in effect:
    an old version cannot be accepted, nor a future one.
    """
    current = policy_version_current()
    if current is None or current.version != version:
        raise PolicyVersionNotCurrent(policy_version=current.version if current else None)
    shown = policy_text_for(current, language)
    with transaction.atomic():
        return PolicyAcceptance.objects.get_or_create(
            user=user,
            version=current,
            defaults={
                "body_digest": shown.body_digest,
                "language": shown.language,
                "ip_address": ip_address,
                "user_agent": user_agent,
                "channel": Channel(channel),
            },
        )


def policy_notice_acknowledge(*, user, version: str, channel: str = Channel.API) -> PolicyNoticeShown:
    """An app acknowledges the notice of the non-material version in effect (B2); recorded like the
    website's notice, never as acceptance. Idempotent: the first record is returned.

    Raises ``PolicyVersionNotCurrent`` (code ``policy_notice_not_current``, with the label in effect) when
    ``version`` is not the version in effect or that version is material (it must be accepted instead).
    """
    current = policy_version_current()
    if current is None or current.version != version or current.material:
        raise PolicyVersionNotCurrent(
            gettext("Only the notice of the non-material version in effect can be acknowledged."),
            code="policy_notice_not_current",
            policy_version=current.version if current else None,
        )
    notice, _ = PolicyNoticeShown.objects.get_or_create(
        user_id=user.pk, version=current, defaults={"channel": Channel(channel)}
    )
    return notice


def policy_notice_record_shown(*, user_id: int, version_id: int) -> None:
    """Note that the notice of a non-material version was shown to the user. Idempotent.

    This is a record of information given, never an acceptance: the gate does not read it (B2, B3).
    """
    PolicyNoticeShown.objects.get_or_create(user_id=user_id, version_id=version_id)
