"""Personal data in the tables of Django's contrib apps (admin log, sessions, auth, content types).

Imported by ``PrivacyConfig.ready`` after the apps' own ``personal_data.py`` modules: these apps are not the
project's, so the project declares them here, as ``accounts/personal_data.py`` declares allauth's models.

* ``admin.LogEntry``: the admin's change history. The masking admin writes each entry's object text masked
  (``privacy.admin.masking``), and erasing a user scrubs the object text and change message of every entry
  about the user's objects (``privacy.services.admin_history``); what stays names the staff member who acted.
* ``sessions.Session``: the user id sits inside the encoded data, so no relation says whose a session is
  (``owner=None``). Erasure ends the sessions allauth recorded for the user (``privacy.services.sessions``);
  expired sessions are deleted by the ``session_expired`` retention policy, daily.
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
)

_STAFF_AUDIT = (
    "Who changed what in the admin is the shop's audit trail; the entry names a staff member (anonymised with "
    "their account) and holds no personal data of the object (its text is written masked, then scrubbed when "
    "the object's owner is erased)."
)

register(
    PersonalModel(
        model="admin.LogEntry",
        owner="user",
        retention="admin_log",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "user",
                category=Category.TECHNICAL,
                label="Staff member who made the change",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason=_STAFF_AUDIT),
            ),
            PersonalField(
                "object_repr",
                category=Category.TECHNICAL,
                label="Changed object (masked)",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason=_STAFF_AUDIT),
                # About someone else's object: not part of the staff member's own export.
                export=False,
            ),
            PersonalField(
                "change_message",
                category=Category.TECHNICAL,
                label="What was changed (field names)",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason=_STAFF_AUDIT),
                export=False,
            ),
        ],
    )
)
exempt("admin.LogEntry", "object_id", reason="The primary key of the changed object, not data about a person.")
register_retention(
    RetentionPolicy(
        category="admin_log",
        model="admin.LogEntry",
        date_field="action_time",
        default_period=timedelta(days=365),
        action=RetentionAction.DELETE,
        label="Admin change history",
    )
)

register(
    PersonalModel(
        model="sessions.Session",
        owner=None,
        retention="session",
        on_erase=OnErase.DELETE_ROW,
        unlinked_reason="The user id is inside the signed session data; erasure ends the user's sessions through "
        "allauth's record of them (privacy.services.sessions), and expired ones are purged daily "
        "(session_expired). A session is a login credential, never exported.",
        fields=[
            PersonalField(
                "session_key",
                category=Category.TECHNICAL,
                label="Session key",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
            PersonalField(
                "session_data",
                category=Category.TECHNICAL,
                label="Session data",
                mask=Mask.FULL,
                anonymise=Anonymise.DELETE_ROW,
                export=False,
            ),
        ],
    )
)
register_retention(
    RetentionPolicy(
        category="session_expired",
        model="sessions.Session",
        date_field="expire_date",
        default_period=timedelta(days=1),
        action=RetentionAction.DELETE,
        label="Website sessions, after they expired",
    )
)

exempt(
    "auth.Permission",
    "name",
    "codename",
    reason="The names of the permissions the project's models define, the same for everyone.",
)
exempt("auth.Group", "name", reason="The name of a staff group the merchant defines.")
exempt(
    "contenttypes.ContentType",
    "app_label",
    "model",
    reason="The names of the installed models, the same for everyone.",
)
