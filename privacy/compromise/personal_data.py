"""Personal data of compromise reports (G6): which account reported and when, kept as a security record."""

from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register

register(
    PersonalModel(
        model="compromise.CompromiseReport",
        owner="user",
        retention="consent_proof",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "user",
                category=Category.TECHNICAL,
                label="Account reported compromised",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="A security record of what was done; the account is anonymised."),
            ),
            PersonalField(
                "reported_at",
                category=Category.TECHNICAL,
                label="Reported at",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="A security record of what was done."),
            ),
        ],
    )
)
exempt("compromise.CompromiseReport", "channel", reason="How it was reported (signed in, app, email link).")
