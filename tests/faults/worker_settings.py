"""Settings of the Celery workers the fault tests start: the test settings, with a broker that gives an
unacknowledged message back after 3 seconds (production: an hour; ``FAULTS_VISIBILITY_TIMEOUT`` sets it) and
looks for such messages every second."""

import os

from config.settings.test import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("FAULTS_VISIBILITY_TIMEOUT", "3")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
