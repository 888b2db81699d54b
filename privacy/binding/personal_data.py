"""Personal data of third-party binding: each grant says which provider account a user bound and what
they allowed the shop to import from it (promise A7).

Retention category: ``login_identity``, like the bindings themselves (allauth's ``SocialAccount``, declared
in ``accounts/personal_data.py``). Erasing the user deletes the grants with the bindings: the account id
at the provider, even hashed or masked, would let a returning person be linked to the erased account.
"""

from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register


def _field(name: str, label: str, *, category: Category, mask: Mask = Mask.NONE, export: bool = True) -> PersonalField:
    return PersonalField(name, category=category, label=label, mask=mask, anonymise=Anonymise.DELETE_ROW, export=export)


register(
    PersonalModel(
        model="binding.ThirdPartyGrant",
        owner="user",
        retention="login_identity",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            _field("user", "User", category=Category.IDENTITY),
            _field("provider", "Third-party provider", category=Category.IDENTITY),
            _field("uid_hash", "Third-party account id (keyed hash)", category=Category.TECHNICAL, mask=Mask.FULL),
            _field("uid_masked", "Third-party account id (masked)", category=Category.IDENTITY, mask=Mask.FULL),
            _field("fields", "Profile fields allowed to import", category=Category.CONSENT_PROOF),
            _field("policy_version", "Privacy policy in effect when allowed", category=Category.CONSENT_PROOF),
            _field("channel", "Where it was chosen", category=Category.CONSENT_PROOF),
            _field("requested_at", "Chosen at", category=Category.CONSENT_PROOF),
            _field("bound_at", "Bound at", category=Category.IDENTITY),
            _field("closed_at", "Unbound or replaced at", category=Category.IDENTITY),
        ],
    )
)
exempt(
    "binding.ThirdPartyGrant",
    "status",
    "close_reason",
    reason="The state of the grant, from a fixed list of values the same for every user.",
)
