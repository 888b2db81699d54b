"""Development settings: the defaults of ``make run``."""

from config.settings.app_settings import app_settings_values
from config.settings.base import *  # noqa: F403
from config.settings.base import INSTALLED_APPS, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Demo data (`seed_demo`), the demo carrier and the fake payment provider: development only.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
globals().update(app_settings_values(["demo"]))
# `make run` configures the demo carrier on this server (demo/carrier/), so checkout ships locally.
DEMO_CARRIER_ENABLED = env.bool("DEMO_CARRIER_ENABLED", default=True)
DEMO_PAYMENTS_ENABLED = env.bool("DEMO_PAYMENTS_ENABLED", default=True)
