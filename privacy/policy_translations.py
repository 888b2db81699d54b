"""A policy version's text in another language, and the text a reader is shown in theirs.

The version row holds the text in the site's default language (``settings.LANGUAGE_CODE``); each
``PolicyTranslation`` holds the same version in one other language. A translation is written while its
version is a draft and is frozen with it at publication, so the digest an acceptance records always names
a text that still exists. A reader gets their language's text, or the default one when there is none.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation

from privacy.errors import PolicyVersionImmutable
from privacy.policy_text import policy_body_digest, policy_body_html


def _translation_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class PolicyTranslation(models.Model):
    """One policy version in one language other than the default. Editable only while the version is a draft."""

    version = models.ForeignKey("privacy.PolicyVersion", on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=_translation_languages)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="The full policy text in this language, in Markdown.")
    body_html = models.TextField(editable=False, default="")
    body_digest = models.CharField(max_length=64, editable=False, default="")
    summary_of_changes = models.TextField(blank=True)

    class Meta:
        app_label = "privacy"
        ordering = ("language",)
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="privacy_policy_translation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.version.version} ({self.get_language_display()})"

    def save(self, *args, **kwargs) -> None:
        if self._version_published():
            raise PolicyVersionImmutable()
        self.body_html = policy_body_html(self.body)
        self.body_digest = policy_body_digest(self.body)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._version_published():
            raise PolicyVersionImmutable()
        return super().delete(*args, **kwargs)

    def _version_published(self) -> bool:
        # Imported here: privacy.models imports this module.
        from privacy.models import PolicyVersion

        return PolicyVersion.objects.filter(pk=self.version_id).published().exists()


@dataclass(frozen=True)
class PolicyText:
    """What a reader is shown of one version: in ``language``, which is theirs or the default one."""

    language: str
    title: str
    body_html: str
    body_digest: str
    summary_of_changes: str


def policy_text_for(version, language: str | None = None) -> PolicyText:
    """``version``'s text in ``language`` (default: the active language), else in the default language.
    One query (none when the translations were prefetched or the language is the default)."""
    try:
        language = translation.get_supported_language_variant(language or translation.get_language() or "")
    except LookupError:
        language = settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        for item in version.translations.all():
            if item.language == language:
                return PolicyText(language, item.title, item.body_html, item.body_digest, item.summary_of_changes)
    return PolicyText(
        settings.LANGUAGE_CODE, version.title, version.body_html, version.body_digest, version.summary_of_changes
    )
