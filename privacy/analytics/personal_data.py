"""Personal data of the analytics sub-app: none in view counts; a pseudonymous proof of cookie choices.

An anonymous visitor's cookie choice is proved by a keyed hash of the random id in their essential visitor
cookie, their browser's name and when they chose. No account is linked, so no erasure or export finds it by
owner; the ``cookie_proof_anonymous`` retention policy deletes each proof two years after the choice, well
after the choice itself lapsed (``PRIVACY_COOKIE_CONSENT_MAX_AGE``, half a year) and could be disputed.
"""

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

exempt("analytics.DailyViewCount", "subject", "day", reason="What was viewed and how often: no one who looked.")

register(
    PersonalModel(
        model="analytics.CookieChoiceProof",
        owner=None,
        retention="cookie_proof",
        on_erase=OnErase.DELETE_ROW,
        unlinked_reason="Proof of an anonymous visitor's cookie choice under a pseudonym of their browser, linked to "
        "no account: the cookie_proof_anonymous retention policy deletes it two years after the choice.",
        fields=[
            PersonalField(
                "visitor_ref",
                category=Category.CONSENT_PROOF,
                label="Browser's pseudonym",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
            PersonalField(
                "user_agent",
                category=Category.TECHNICAL,
                label="Browser",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
        ],
    )
)
exempt("analytics.CookieChoiceProof", "choice", reason="Which cookies were accepted: says nothing about who chose.")

register_retention(
    RetentionPolicy(
        category="cookie_proof_anonymous",
        model="analytics.CookieChoiceProof",
        date_field="created_at",
        default_period=timedelta(days=2 * 365),
        action=RetentionAction.DELETE,
        label="Anonymous visitors' cookie choices, after they were made",
    )
)
