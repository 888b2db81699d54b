"""The language a person is written to in: the one saved on their account, else the active one.

Emails are often rendered outside any request (Celery, management commands), where the active language is
the site's default; the sender wraps the rendering in ``translation.override(language_of(user))``.
"""

from django.conf import settings
from django.utils import translation


def language_of(user) -> str:
    """``user.language`` when set (the header switcher saves it), else the active language (the page's, in a
    request; the default one in a worker). Takes any object or None, for guests and plain addresses."""
    language = getattr(user, "language", "") if user is not None else ""
    if language in dict(settings.LANGUAGES):
        return language
    try:
        return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE
