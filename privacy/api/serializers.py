"""Request and response bodies of the privacy API."""

from rest_framework import serializers

from core.api.schema import ErrorSerializer
from privacy.models import PolicyAcceptance, PolicyVersion
from privacy.policy_translations import policy_text_for
from privacy.purposes import PURPOSES


class PolicyErrorSerializer(ErrorSerializer):
    """The shared error shape plus the policy context of ``policy_acceptance_required`` and
    ``policy_version_not_current``."""

    policy_version = serializers.CharField(
        required=False, allow_null=True, help_text="The label of the version in effect, the one to accept."
    )
    accept_url = serializers.CharField(required=False, help_text="Where to POST the acceptance.")


class PolicyVersionSummarySerializer(serializers.ModelSerializer):
    """A version's title, summary and digest in the caller's language (Accept-Language), when the version has
    a text in it; ``language`` says which text it is."""

    language = serializers.SerializerMethodField(
        help_text="The language of the title, summary, text and digest: yours when this version has it, else en."
    )

    class Meta:
        model = PolicyVersion
        fields = (
            "version",
            "title",
            "summary_of_changes",
            "material",
            "effective_at",
            "published_at",
            "body_digest",
            "language",
        )

    def _text(self, obj: PolicyVersion):
        # One look-up per version and response (the list prefetches the translations).
        cache = self.context.setdefault("_policy_texts", {})
        if obj.pk not in cache:
            cache[obj.pk] = policy_text_for(obj)
        return cache[obj.pk]

    def get_language(self, obj: PolicyVersion) -> str:
        return self._text(obj).language

    def to_representation(self, instance: PolicyVersion) -> dict:
        data = super().to_representation(instance)
        text = self._text(instance)
        data.update(title=text.title, summary_of_changes=text.summary_of_changes, body_digest=text.body_digest)
        if "body_html" in data:
            data["body_html"] = text.body_html
        return data


class PolicyVersionSerializer(PolicyVersionSummarySerializer):
    class Meta:
        model = PolicyVersion
        fields = (*PolicyVersionSummarySerializer.Meta.fields, "body_html")


class CurrentPolicySerializer(PolicyVersionSerializer):
    accepted = serializers.BooleanField(
        allow_null=True, help_text="Whether you accepted this version; null when not signed in."
    )
    acceptance_required = serializers.BooleanField(
        help_text="True while API calls answer 403 policy_acceptance_required until you accept this version."
    )

    class Meta(PolicyVersionSerializer.Meta):
        fields = (*PolicyVersionSerializer.Meta.fields, "accepted", "acceptance_required")


class PolicyAcceptInputSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=32, help_text="The label of the version in effect.")


class PolicyAcceptanceSerializer(serializers.ModelSerializer):
    version = serializers.CharField(source="version.version")

    class Meta:
        model = PolicyAcceptance
        fields = ("version", "language", "body_digest", "accepted_at", "channel")


class ConsentSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=[purpose.code for purpose in PURPOSES])
    title = serializers.CharField()
    description = serializers.CharField()
    granted = serializers.BooleanField()
    updated_at = serializers.DateTimeField(allow_null=True, help_text="When you last changed it; null: never.")


class ConsentChangesSerializer(serializers.Serializer):
    """``{purpose: granted}`` for the purposes to change; purposes left out keep their state."""

    def get_fields(self):
        return {purpose.code: serializers.BooleanField(required=False, help_text=purpose.title) for purpose in PURPOSES}
