"""Personal data of the privacy app itself: the proof of what each user agreed to (promise B4).

Proof rows are append-only and survive erasure in pseudonymous form: the user foreign key is kept, because
erasing the user anonymises the user row itself (no email, no nickname), and the IP address and user agent
are replaced by their keyed hashes, so what remains says "user #123 accepted version 2026-03", and a claimed
address or browser can still be checked against it (``privacy/selectors/proof.py``), but nothing is readable.

Retention category used here: ``consent_proof`` (kept as long as the shop must be able to prove consent).

Retention policies (end of this module): proof records are deleted 5 years after their account was
anonymised (the erasure tombstone's ``completed_at``); a record whose account row no longer exists at all
counts from its own date. Export files and their jobs go 7 days after they were built, the admin's log of
revealed personal data after a year. Legal holds are never purged.
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
    retention_exempt,
)

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
    """The fields every append-only proof record shares (``privacy.models.AppendOnlyRecordModel``).

    The IP address and user agent become keyed hashes on erasure: a claimed value can still be checked
    against the record (``privacy.selectors.proof``), but nothing readable is left.
    """
    return [
        _proof_field("user", "User"),
        _proof_field("user_ref", "Pseudonymous user reference", category=Category.TECHNICAL),
        PersonalField("ip_address", Category.TECHNICAL, "IP address", Mask.IP, Anonymise.KEYED_HASH),
        PersonalField("user_agent", Category.TECHNICAL, "Browser (user agent)", Mask.FULL, Anonymise.KEYED_HASH),
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
    "language",
    reason="Digest and language of the policy text that was accepted: the same for every reader of that text.",
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
            _proof_field("channel", "Shown through"),
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
exempt(
    "privacy.PolicyTranslation",
    "language",
    "title",
    "body",
    "body_html",
    "body_digest",
    "summary_of_changes",
    reason="The policy text the shop publishes in another language, the same for every reader.",
)

register(
    PersonalModel(
        model="privacy.DisclosureRecord",
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
                    reason="The record of who received the user's data drives deletion requests to those "
                    "recipients (C4) and must outlive the account; the user is anonymised."
                ),
            ),
            _proof_field("user_ref", "Pseudonymous user reference", category=Category.TECHNICAL),
            _proof_field("recipient", "Recipient"),
            _proof_field("recipient_ref", "Recipient key"),
            _proof_field("purpose", "Purpose"),
            _proof_field("fields", "Fields shared"),
            _proof_field("cross_border", "Sent abroad"),
            _proof_field("reference", "Concerning"),
            _proof_field("outcome", "Recipient's answer"),
            _proof_field("recipient_region", "Recipient's region"),
            _proof_field("created_at", "Shared at"),
        ],
    )
)

register(
    PersonalModel(
        model="privacy.ExportJob",
        owner="user",
        retention="export_file",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "user", category=Category.TECHNICAL, label="User", mask=Mask.NONE, anonymise=Anonymise.DELETE_ROW
            ),
            PersonalField(
                "file",
                category=Category.CONTENT,
                label="Export file",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
            PersonalField(
                "status", category=Category.TECHNICAL, label="Status", mask=Mask.NONE, anonymise=Anonymise.DELETE_ROW
            ),
            PersonalField(
                "requested_at",
                category=Category.TECHNICAL,
                label="Requested at",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
        ],
    )
)
exempt("privacy.DisclosureRecord", "outcome_code", reason="An error code, never personal data.")
exempt("privacy.ExportJob", "error_code", reason="A machine-readable failure code, never personal data.")

register(
    PersonalModel(
        model="privacy.PiiAccessLog",
        owner="staff",
        retention="pii_access_log",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "staff",
                category=Category.TECHNICAL,
                label="Staff member who looked",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(
                    reason="Audit of access to personal data (F3); the staff account itself is anonymised."
                ),
            ),
            _proof_field("created_at", "Looked at", category=Category.TECHNICAL),
        ],
    )
)
exempt(
    "privacy.PiiAccessLog",
    "object_id",
    "fields",
    "reason",
    reason="Which record and which field names were revealed: ids and names, never the values.",
)

register(
    PersonalModel(
        model="privacy.GuardianConsent",
        owner="user",
        retention="consent_proof",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _proof_field("user", "Minor's account"),
            PersonalField(
                "guardian_name",
                category=Category.IDENTITY,
                label="Guardian's name",
                mask=Mask.NAME,
                anonymise=Anonymise.BLANK,
            ),
            PersonalField(
                "guardian_email",
                category=Category.CONTACT,
                label="Guardian's email",
                mask=Mask.EMAIL,
                anonymise=Anonymise.BLANK,
            ),
            PersonalField(
                "evidence",
                category=Category.CONSENT_PROOF,
                label="Evidence recorded by staff",
                mask=Mask.FULL,
                anonymise=Anonymise.BLANK,
            ),
            PersonalField(
                "recorded_by",
                category=Category.TECHNICAL,
                label="Recorded by (staff)",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="Accountability for consent recorded by staff."),
            ),
            PersonalField(
                "declaration",
                category=Category.CONSENT_PROOF,
                label="Guardian's declaration",
                mask=Mask.FULL,
                anonymise=Anonymise.BLANK,
            ),
            _proof_field("approved_purposes", "Optional uses the guardian approved"),
            _proof_field("status", "Status"),
            _proof_field("method", "How it was given"),
            _proof_field("requested_at", "Requested at"),
            _proof_field("confirmed_at", "Confirmed at"),
        ],
    )
)
exempt("privacy.GuardianConsent", "token_hash", reason="Keyed hash of a one-time link token; reveals nothing.")

register(
    PersonalModel(
        model="privacy.LegalHold",
        owner="user",
        retention="legal_hold",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "user",
                category=Category.TECHNICAL,
                label="Held account",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="A hold must survive until released; it blocks erasure itself."),
            ),
            PersonalField(
                "reason",
                category=Category.CONTENT,
                label="Reason for the hold",
                mask=Mask.FULL,
                anonymise=Anonymise.keep(reason="The legal ground of a hold is kept as long as the hold's record."),
            ),
            PersonalField(
                "release_reason",
                category=Category.CONTENT,
                label="Reason for the release",
                mask=Mask.FULL,
                anonymise=Anonymise.keep(reason="The legal ground of a release is kept with the hold's record."),
            ),
            PersonalField(
                "placed_by",
                category=Category.TECHNICAL,
                label="Placed by (staff)",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="Accountability for holds; the staff account is anonymised."),
            ),
            PersonalField(
                "released_by",
                category=Category.TECHNICAL,
                label="Released by (staff)",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="Accountability for releases; the staff account is anonymised."),
            ),
        ],
    )
)
exempt("privacy.LegalHold", "object_id", reason="The primary key of a held object, not data about a person.")

# --- retention ---------------------------------------------------------------------------------------

# The proof records above are kept until five years after their account was anonymised: that retention counts
# from the erasure tombstone, which account cancellation owns (privacy/cancellation/personal_data.py).

register_retention(
    RetentionPolicy(
        category="export_file",
        model="privacy.ExportJob",
        date_field="finished_at",
        date_fallback="requested_at",
        default_period=timedelta(days=7),
        action=RetentionAction.DELETE,
        label="Data exports (job and file), after they were built",
    )
)
register_retention(
    RetentionPolicy(
        category="pii_access_log",
        model="privacy.PiiAccessLog",
        date_field="created_at",
        default_period=timedelta(days=365),
        action=RetentionAction.DELETE,
        label="Admin log of revealed personal data",
    )
)
retention_exempt(
    "legal_hold",
    reason="A legal hold is kept until released and then as the record of why data was kept longer (E2); "
    "holds are never deleted.",
)
