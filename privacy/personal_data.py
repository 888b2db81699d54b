"""Personal data of the privacy app itself: the proof of what each user agreed to (promise B4).

Proof rows are append-only and survive erasure in pseudonymous form: every field is kept, the user
foreign key included, because erasing the user anonymises the user row itself (no email, no nickname),
so what remains says "user #123 accepted version 2026-03 from 192.168.1.x" and nothing more.

Retention category used here: ``consent_proof`` (kept as long as the shop must be able to prove consent).
"""

from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register

_PROOF = (
    "Proof of consent must outlive the account (B4); the row is append-only and the user it points to "
    "is anonymised, so it survives in pseudonymous form."
)
_KEEP = Anonymise.keep(reason=_PROOF)


def _proof_field(
    name: str, label: str, *, category: Category = Category.CONSENT_PROOF, mask: Mask = Mask.NONE
) -> PersonalField:
    return PersonalField(name, category=category, label=label, mask=mask, anonymise=_KEEP)


def _proof_record_fields() -> list[PersonalField]:
    """The fields every append-only proof record shares (``privacy.models.AppendOnlyRecordModel``)."""
    return [
        _proof_field("user", "User"),
        _proof_field("user_ref", "Pseudonymous user reference", category=Category.TECHNICAL),
        _proof_field("ip_address", "IP address", category=Category.TECHNICAL, mask=Mask.IP),
        _proof_field("user_agent", "Browser (user agent)", category=Category.TECHNICAL),
        _proof_field("channel", "Where it was given"),
    ]


register(
    PersonalModel(
        model="privacy.PolicyAcceptance",
        owner="user",
        retention="consent_proof",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            *_proof_record_fields(),
            _proof_field("version", "Policy version accepted"),
            _proof_field("accepted_at", "Accepted at"),
        ],
    )
)
exempt(
    "privacy.PolicyAcceptance",
    "body_digest",
    reason="Digest of the policy text that was accepted: the same for every user of that version.",
)

register(
    PersonalModel(
        model="privacy.ConsentRecord",
        owner="user",
        retention="consent_proof",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            *_proof_record_fields(),
            _proof_field("purpose", "Purpose"),
            _proof_field("granted", "Granted (or withdrawn)"),
            _proof_field("policy_version", "Policy version in effect"),
            _proof_field("created_at", "Given at"),
        ],
    )
)

register(
    PersonalModel(
        model="privacy.PolicyNoticeShown",
        owner="user",
        retention="consent_proof",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "user",
                category=Category.CONSENT_PROOF,
                label="User",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(
                    reason="Proof that a policy change was notified (B2); the user is anonymised."
                ),
            ),
            _proof_field("version", "Policy version notified"),
            _proof_field("shown_at", "Shown at"),
        ],
    )
)

register(
    PersonalModel(
        model="privacy.PolicyVersion",
        owner="published_by",
        retention="consent_proof",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "published_by",
                category=Category.TECHNICAL,
                label="Published by (staff account)",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(
                    reason="Accountability for what users were asked to accept; the staff account is anonymised."
                ),
            ),
        ],
    )
)
exempt(
    "privacy.PolicyVersion",
    "version",
    "title",
    "body",
    "body_html",
    "body_digest",
    "summary_of_changes",
    reason="The policy text the shop publishes, the same for every user.",
)
