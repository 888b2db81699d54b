"""Admin of the privacy app: the masking mixins every app's admin uses (``masking``, ``inlines``), and the
privacy models' own admins (``policy``, ``minors``)."""

from privacy.admin import minors, policy

__all__ = ["minors", "policy"]
