"""Personal data of incident notices (F4).

A notice is written by staff about an incident and names no one: exempt. A delivery says that one
account was told and when it acknowledged: proof that the shop informed the user, kept pseudonymous
when the account goes, like the other proof records (retention ``consent_proof``).
"""

from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register

_PROOF = Anonymise.keep(reason="Proof that the user was told of the incident; the account it points to is anonymised.")


def _kept(name: str, label: str) -> PersonalField:
    return PersonalField(name, category=Category.CONSENT_PROOF, label=label, mask=Mask.NONE, anonymise=_PROOF)


register(
    PersonalModel(
        model="incidents.IncidentDelivery",
        owner="user",
        retention="consent_proof",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _kept("user", "Account"),
            _kept("user_ref", "Pseudonymous user reference"),
            _kept("created_at", "Concerned since"),
            _kept("sent_at", "Told at"),
            _kept("acknowledged_at", "Acknowledged at"),
        ],
    )
)
exempt(
    "incidents.IncidentNotice",
    "title",
    "what_happened",
    "data_concerned",
    "consequences",
    "measures_taken",
    "advice",
    "contact",
    "audience",
    "audience_params",
    "status",
    reason="Written by staff about an incident: names no one (the audience holds a selector and account ids).",
)
exempt(
    "incidents.IncidentNotice",
    "created_by",
    "confirmed_by",
    reason="The staff accounts that wrote and sent the notice: accountability, not data about a shopper.",
)
