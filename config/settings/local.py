"""Development settings: the defaults of ``make run``."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# `make run` configures the demo carrier on this server (orders/demo_carrier/), so checkout ships locally.
DEMO_CARRIER_ENABLED = env.bool("DEMO_CARRIER_ENABLED", default=True)
DEMO_PAYMENTS_ENABLED = env.bool("DEMO_PAYMENTS_ENABLED", default=True)
