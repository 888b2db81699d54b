"""Personal data of account cancellation, and what ``orders`` and others need not declare here.

A cancellation request is the user's own act and the proof that they asked: it is kept, pointing at the
anonymised account, with nothing personal in it. Tombstones and recipient deletion requests name no user
(a database id as a plain number, a pseudonymous reference, order numbers): they are exempt.

Retention category used here: ``consent_proof`` (the request is proof of what the user asked for).
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, Subquery

from privacy.cancellation.email_recipient import email_deletion_request
from privacy.cancellation.models import ErasureTombstone
from privacy.erasure_hooks import register_recipient_handler
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

_PROOF = Anonymise.keep(
    reason="Proof that the user asked for the cancellation and when; the account it points to is anonymised."
)


def _kept(name: str, label: str) -> PersonalField:
    return PersonalField(name, category=Category.CONSENT_PROOF, label=label, mask=Mask.NONE, anonymise=_PROOF)


register(
    PersonalModel(
        model="cancellation.CancellationRequest",
        owner="user",
        retention="consent_proof",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _kept("user", "Account"),
            _kept("status", "Status of the cancellation"),
            _kept("channel", "Asked through"),
            _kept("requested_at", "Asked at"),
            _kept("due_at", "Takes effect at"),
            _kept("revoked_at", "Revoked at"),
        ],
    )
)
exempt("cancellation.CancellationRequest", "last_error", reason="An error code, never personal data.")

exempt(
    "cancellation.ErasureTombstone",
    "user_ref",
    "trigger",
    "counts",
    reason="A keyed-hash pseudonym, why the account was erased and how many rows changed: names no one.",
)
exempt(
    "cancellation.RecipientDeletionRequest",
    "recipient_ref",
    "recipient",
    "references",
    "status",
    "last_error",
    "answer_reference",
    reason="Which company was asked to delete which orders (by number), and its answer's status and id.",
)

register_recipient_handler(prefix="email", handler=email_deletion_request)

# --- retention of the engine's proof records ----------------------------------------------------------
# Policy acceptances, consents, notices, disclosures and guardians' consents are proof for 5 years after the
# account was anonymised: counted from its tombstone (this app's), or from the record itself once the account is gone.

_PROOF_PERIOD = timedelta(days=5 * 365)
# The tombstone links to its account by id only (it must outlive the user table's restores), hence a subquery.
_TOMBSTONE = ErasureTombstone.objects.filter(user_id=OuterRef("user_id"))
_ACCOUNT_ANONYMISED_AT = Subquery(_TOMBSTONE.values("completed_at")[:1])
# Proof of a live account is never due; of an anonymised one from its tombstone, of a vanished one from itself.
_ACCOUNT_GONE = Q(user__isnull=True) | Q(Exists(_TOMBSTONE))


def _proof_retention(category: str, model: str, own_date: str, label: str) -> None:
    register_retention(
        RetentionPolicy(
            category=category,
            model=model,
            date_field=_ACCOUNT_ANONYMISED_AT,
            date_fallback=own_date,
            default_period=_PROOF_PERIOD,
            action=RetentionAction.DELETE,
            filter=_ACCOUNT_GONE,
            label=label,
        )
    )


_proof_retention("consent_proof_acceptance", "privacy.PolicyAcceptance", "accepted_at", "Policy acceptances")
_proof_retention("consent_proof_consent", "privacy.ConsentRecord", "created_at", "Consent records")
_proof_retention("consent_proof_notice", "privacy.PolicyNoticeShown", "shown_at", "Policy notices shown")
_proof_retention("consent_proof_disclosure", "privacy.DisclosureRecord", "created_at", "Disclosure log")
_proof_retention("consent_proof_guardian", "privacy.GuardianConsent", "requested_at", "Guardians' consents")
