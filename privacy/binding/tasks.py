"""Celery tasks of third-party binding: thin shells around ``privacy.binding.services``, taking ids only."""

from celery import shared_task

from privacy.binding.services import avatar_import


@shared_task(name="binding.import_avatar")
def import_avatar(grant_id: int) -> bool:
    """Fetch the avatar grant ``grant_id`` allows and store it as the user's avatar (idempotent; a grant
    closed in the meantime is left alone). Returns whether an avatar was stored."""
    return avatar_import(grant_id=grant_id)
