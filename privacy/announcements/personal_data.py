"""Personal data of policy change emails: that an account was emailed about a version, and when (proof)."""

from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register

_PROOF = Anonymise.keep(reason="Proof that the user was told of a material change; the account is anonymised.")

register(
    PersonalModel(
        model="announcements.PolicyChangeEmail",
        owner="user",
        retention="consent_proof",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField("user", category=Category.CONSENT_PROOF, label="Account", mask=Mask.NONE, anonymise=_PROOF),
            PersonalField(
                "sent_at", category=Category.CONSENT_PROOF, label="Emailed at", mask=Mask.NONE, anonymise=_PROOF
            ),
        ],
    )
)
exempt("announcements.PolicyChangeEmail", "user_ref", reason="A keyed-hash pseudonym, names no one.")
