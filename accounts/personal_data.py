"""Personal data of the accounts app, and of the allauth models that hold a user's login identities.

Retention categories used here: ``account`` (the account itself, as long as it exists) and
``login_identity`` (email addresses, third-party bindings and their tokens, which go with the account).
"""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register

register(
    PersonalModel(
        model="accounts.User",
        owner="",
        retention="account",
        # The row stays so that orders, reviews and consent proofs keep a (now anonymous) user to point at.
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "email",
                category=Category.CONTACT,
                label="Email address",
                mask=Mask.EMAIL,
                # Unique and under the reserved .invalid TLD: never delivered, never collides with a real one.
                anonymise=Anonymise.constant("deleted-{pk}@invalid.invalid"),
            ),
            PersonalField(
                "nickname", category=Category.IDENTITY, label="Nickname", mask=Mask.NAME, anonymise=Anonymise.BLANK
            ),
            PersonalField(
                "date_of_birth",
                category=Category.IDENTITY,
                label="Date of birth",
                mask=Mask.FULL,
                anonymise=Anonymise.NULL,
            ),
            PersonalField(
                "password",
                category=Category.TECHNICAL,
                label="Password hash",
                mask=Mask.FULL,
                # A hash starting with "!" is Django's unusable password: no password can ever log in again.
                anonymise=Anonymise.constant(UNUSABLE_PASSWORD_PREFIX),
                export=False,
            ),
            PersonalField(
                "last_login",
                category=Category.TECHNICAL,
                label="Last login",
                mask=Mask.NONE,
                anonymise=Anonymise.NULL,
            ),
            PersonalField(
                "date_joined",
                category=Category.TECHNICAL,
                label="Date joined",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(
                    reason="A sign-up date alone identifies no one once email and nickname are gone, and "
                    "dates the account for accounting and the consent proofs that refer to it."
                ),
            ),
        ],
    )
)
exempt(
    "accounts.User",
    "groups",
    "user_permissions",
    reason="Staff authorisation (which groups and permissions an account has), not data about the person.",
)

register(
    PersonalModel(
        model="account.EmailAddress",
        owner="user",
        retention="login_identity",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "email",
                category=Category.CONTACT,
                label="Email address (login)",
                mask=Mask.EMAIL,
                anonymise=Anonymise.DELETE_ROW,
            ),
        ],
    )
)
register(
    PersonalModel(
        model="account.EmailConfirmation",
        owner="email_address__user",
        retention="login_identity",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "key",
                category=Category.TECHNICAL,
                label="Email confirmation key",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
        ],
    )
)
register(
    PersonalModel(
        model="socialaccount.SocialAccount",
        owner="user",
        retention="login_identity",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "uid",
                category=Category.IDENTITY,
                label="Third-party account id",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "extra_data",
                category=Category.IDENTITY,
                label="Profile imported from the third party",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
            ),
        ],
    )
)
register(
    PersonalModel(
        model="socialaccount.SocialToken",
        owner="account__user",
        retention="login_identity",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "token",
                category=Category.TECHNICAL,
                label="Third-party access token",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
            PersonalField(
                "token_secret",
                category=Category.TECHNICAL,
                label="Third-party token secret",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
        ],
    )
)

# allauth.usersessions: one row per session allauth signed in, so that erasure ends exactly the user's sessions.
register(
    PersonalModel(
        model="usersessions.UserSession",
        owner="user",
        retention="login_identity",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "ip",
                category=Category.TECHNICAL,
                label="Signed in from (IP address)",
                mask=Mask.IP,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "user_agent",
                category=Category.TECHNICAL,
                label="Browser (user agent)",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "session_key",
                category=Category.TECHNICAL,
                label="Session key",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
            PersonalField(
                "data",
                category=Category.TECHNICAL,
                label="Session details",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "created_at",
                category=Category.TECHNICAL,
                label="Signed in at",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "last_seen_at",
                category=Category.TECHNICAL,
                label="Last seen at",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
        ],
    )
)
