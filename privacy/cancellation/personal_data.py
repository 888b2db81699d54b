"""Personal data of account cancellation, and what ``orders`` and others need not declare here.

A cancellation request is the user's own act and the proof that they asked: it is kept, pointing at the
anonymised account, with nothing personal in it. Tombstones and recipient deletion requests name no user
(a database id as a plain number, a pseudonymous reference, order numbers): they are exempt.

Retention category used here: ``consent_proof`` (the request is proof of what the user asked for).
"""

from privacy.cancellation.email_recipient import email_deletion_request
from privacy.cancellation.hooks import register_recipient_handler
from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register

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
