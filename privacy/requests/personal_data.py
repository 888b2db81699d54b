"""Personal data of privacy requests (G1): the requester's address and words, and the answer."""

from datetime import timedelta

from privacy.registry import (
    Anonymise,
    Category,
    Mask,
    OnErase,
    PersonalField,
    PersonalModel,
    RetentionAction,
    RetentionPolicy,
    exempt,
    register,
    register_retention,
)

register(
    PersonalModel(
        model="privacy_requests.PrivacyRequest",
        owner="user",
        retention="privacy_request",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "user",
                category=Category.CONSENT_PROOF,
                label="Account",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="Proof of which request was answered when; the account is erased."),
            ),
            PersonalField(
                "email", category=Category.CONTACT, label="Answer to", mask=Mask.EMAIL, anonymise=Anonymise.BLANK
            ),
            PersonalField(
                "details", category=Category.CONTENT, label="Request", mask=Mask.FULL, anonymise=Anonymise.BLANK
            ),
            PersonalField(
                "answer", category=Category.CONTENT, label="Our answer", mask=Mask.FULL, anonymise=Anonymise.BLANK
            ),
            PersonalField(
                "answered_by",
                category=Category.TECHNICAL,
                label="Answered by (staff)",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="Accountability for answers; the staff account is anonymised."),
            ),
            PersonalField(
                "created_at",
                category=Category.CONSENT_PROOF,
                label="Asked at",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="Proof the request was answered in time."),
            ),
        ],
    )
)
exempt(
    "privacy_requests.PrivacyRequest",
    "kind",
    "status",
    "token_hash",
    reason="What kind of request, its status, and a keyed hash of a one-time link: name no one.",
)
register_retention(
    RetentionPolicy(
        category="privacy_request",
        model="privacy_requests.PrivacyRequest",
        date_field="created_at",
        default_period=timedelta(days=3 * 365),
        action=RetentionAction.DELETE,
        label="Privacy requests and their answers",
    )
)
