"""Personal data of the accounts app, and of the allauth models that hold a user's login identities.

Retention categories used here: ``account`` (the account itself, as long as it exists),
``login_identity`` (email addresses, third-party bindings and their tokens, second factors, which go with the
account) and ``user_session`` (allauth's record of each signed-in session, IP address and user agent: purged a
day after its session ended, ``user_session_ended``).

Retention policies on accounts: a sign-up whose email address was never verified is erased and deleted 7 days
after it was made (staff accounts, created by hand, are left alone); an account nobody signed in to for 3
years (or, never used, since it was made) is warned by email 30 days before and then anonymised exactly like
a cancelled account.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef, Q, Subquery

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
                # Blanked on erasure; the erasure deletes the stored file once it has committed.
                "avatar",
                category=Category.IDENTITY,
                label="Avatar",
                mask=Mask.FULL,
                anonymise=Anonymise.BLANK,
            ),
            PersonalField(
                "date_of_birth",
                category=Category.IDENTITY,
                label="Date of birth",
                mask=Mask.FULL,
                anonymise=Anonymise.NULL,
            ),
            PersonalField(
                "language",
                category=Category.TECHNICAL,
                label="Language",
                mask=Mask.NONE,
                anonymise=Anonymise.BLANK,
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
                "user",
                category=Category.IDENTITY,
                label="Account",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
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
                "user",
                category=Category.IDENTITY,
                label="Account",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "provider",
                category=Category.IDENTITY,
                label="Third-party provider",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
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
        retention="user_session",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "user",
                category=Category.IDENTITY,
                label="Account",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
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

# allauth.mfa: a second factor (authenticator app secret, recovery codes). The secret is never exported.
register(
    PersonalModel(
        model="mfa.Authenticator",
        owner="user",
        retention="login_identity",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "user",
                category=Category.IDENTITY,
                label="Account",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "type",
                category=Category.TECHNICAL,
                label="Second factor",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "data",
                category=Category.TECHNICAL,
                label="Second factor secret",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
            PersonalField(
                "created_at",
                category=Category.TECHNICAL,
                label="Set up at",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "last_used_at",
                category=Category.TECHNICAL,
                label="Last used at",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
        ],
    )
)

exempt(
    "socialaccount.SocialApp",
    "provider",
    "provider_id",
    "name",
    "client_id",
    "secret",
    "key",
    "settings",
    reason="The shop's own registration with a sign-in provider (client id, secret, settings), not data about "
    "a person.",
)

_VERIFIED_ADDRESS = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
register_retention(
    RetentionPolicy(
        category="signup_unverified",
        model="accounts.User",
        date_field="date_joined",
        default_period=timedelta(days=7),
        action=RetentionAction.DELETE,
        filter=Q(is_active=True, is_staff=False, is_superuser=False) & ~Q(Exists(_VERIFIED_ADDRESS)),
        label="Sign-ups whose email address was never verified",
    )
)
register_retention(
    RetentionPolicy(
        category="account_inactive",
        model="accounts.User",
        date_field="last_login",
        date_fallback="date_joined",
        default_period=timedelta(days=3 * 365),
        action=RetentionAction.ANONYMISE,
        filter=Q(is_active=True),
        warn_before=timedelta(days=30),
        warning_template="privacy/retention/email/account_inactive",
        label="Accounts without a sign-in",
    )
)
retention_exempt(
    "login_identity",
    reason="Login identities (email addresses, third-party bindings, tokens, second factors) live exactly as long "
    "as the account: they go with its erasure, which the account's own retention policies trigger.",
)
# A signed-in session's record (IP address, user agent) goes a day after its session expired; a record whose
# session is gone (signed out, ended) counts from when it was last seen.
_SESSION = Session.objects.filter(session_key=OuterRef("session_key"))
register_retention(
    RetentionPolicy(
        category="user_session_ended",
        model="usersessions.UserSession",
        date_field=Subquery(_SESSION.values("expire_date")[:1]),
        date_fallback="last_seen_at",
        default_period=timedelta(days=1),
        action=RetentionAction.DELETE,
        label="Signed-in sessions (IP address, browser), after the session ended",
    )
)
