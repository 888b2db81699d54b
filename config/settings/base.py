"""Settings shared by every environment, assembled from one module per concern. Values come from the
environment (django-environ).

Development defaults need no environment at all: SQLite, local memory cache, and Celery tasks run
eagerly in-process. Setting ``DATABASE_URL`` and ``REDIS_URL`` switches to PostgreSQL and Redis.

- ``admin_theme``: the merchant admin's theme (django-unfold) and brand
- ``django_core``: apps, middleware, templates, language and time, static files, email
- ``security``: Content Security Policy, admin path, trusted proxies
- ``database_cache``: PostgreSQL or SQLite, Redis or local memory
- ``auth_allauth``: Django's auth, allauth, second factors, third-party sign-in
- ``api``: Django REST framework and the OpenAPI schema
- ``celery``: the broker, task defaults and every periodic task
- ``logging``: handlers, request ids and the redaction filter
- ``app_settings``: each app's own settings, declared with their defaults and documentation in the app's
  ``conf.py`` (shop, orders, privacy and their sub-apps), taken from the environment when set there
"""

from config.settings.admin_theme import *  # noqa: F403
from config.settings.api import *  # noqa: F403
from config.settings.app_settings import APP_SETTINGS
from config.settings.auth_allauth import *  # noqa: F403
from config.settings.celery import *  # noqa: F403
from config.settings.database_cache import *  # noqa: F403
from config.settings.django_core import *  # noqa: F403
from config.settings.django_core import env
from config.settings.logging import *  # noqa: F403
from config.settings.security import *  # noqa: F403

globals().update(APP_SETTINGS)
# The real email backend keeps the environment variable it always had.
PRIVACY_EMAIL_DELIVERY_BACKEND = env("DJANGO_EMAIL_BACKEND", default=APP_SETTINGS["PRIVACY_EMAIL_DELIVERY_BACKEND"])
