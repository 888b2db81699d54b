"""Ending a user's sessions without scanning the session store.

Django's session table does not say whose a session is (the user id sits inside the encoded data), so
finding a user's sessions there would mean decoding every session. ``allauth.usersessions`` records each
session allauth signs in (website login and headless app tokens alike) with its user and key; this
module ends exactly those.

A session that allauth did not record (Django's own ``login()``, for example the test client's
``force_login``) cannot outlive an erasure either: it carries a hash of the password, which erasure
replaces with an unusable one, and the account is made inactive, so ``django.contrib.auth`` refuses it
on its next request and flushes it. ``clearsessions`` removes it once it expires.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.cache import caches

USER_SESSIONS_APP = "allauth.usersessions"


def user_session_keys(*, user_id: int) -> list[str]:
    """The keys of the sessions recorded for ``user_id`` (none when usersessions is not installed)."""
    if not apps.is_installed(USER_SESSIONS_APP):
        return []
    user_session = apps.get_app_config("usersessions").get_model("UserSession")
    return list(user_session.objects.filter(user_id=user_id).values_list("session_key", flat=True))


def user_sessions_end(*, user_id: int) -> int:
    """Delete every recorded session of ``user_id`` from the session store; returns how many there were.

    The records themselves (``usersessions.UserSession``) are personal data declared in the registry and
    go with the erasure that calls this. Database-backed stores (``db``, ``cached_db``) lose the sessions
    in one statement, inside the caller's transaction; other stores one session at a time. Idempotent.
    """
    keys = user_session_keys(user_id=user_id)
    if not keys:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "get_model_class"):
        store.get_model_class()._default_manager.filter(session_key__in=keys).delete()
        prefix = getattr(store, "cache_key_prefix", None)
        if prefix:
            caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in keys])
    else:
        for key in keys:
            store().delete(key)
    return len(keys)
