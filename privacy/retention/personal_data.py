"""The retention app's own tables hold no personal data: category keys, counters, and ids of warned rows."""

from privacy.registry import exempt

exempt(
    "retention.RetentionRule",
    "category",
    reason="The key of a retention policy, the same for every user.",
)
exempt(
    "retention.PurgeRun",
    "category",
    "status",
    "triggered_by",
    "phase",
    "cursor",
    "last_error",
    "worker",
    reason="A purge run's category, state, trigger, primary-key cursor, exception class and worker host.",
)
exempt(
    "retention.RetentionNotice",
    "category",
    "object_pk",
    reason="Which row of which category was warned, by primary key only; deleted when the row is purged and "
    "pruned once it no longer applies.",
)
