"""Celery: Redis when REDIS_URL is set, otherwise tasks run eagerly in-process; and every periodic task."""

from celery.schedules import crontab

from config.settings.app_settings import APP_SETTINGS
from config.settings.database_cache import REDIS_URL
from config.settings.django_core import TIME_ZONE

# --- Celery: Redis when REDIS_URL is set, otherwise tasks run eagerly in-process. ---
CELERY_BROKER_URL = REDIS_URL or None
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 5}
# Queuing a task never holds a request up when Redis is down: no caller waits on a result (so no subscription
# to the result backend at publish), one quick publish attempt, and the caller logs the failure and goes on
# (core/task_queue.py); the row-based sweeps re-queue what was lost. A task that returns a result for a
# caller (core.health_probe) says so itself.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_EXPIRES = 3600
# Workers log through LOGGING below (JSON in production, the redaction filter on every handler), not their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE


# Every periodic task, in one place. The retention purge starts at PRIVACY_RETENTION_SCHEDULE (a crontab line,
# privacy/retention/conf.py); beat reads its schedule once, at start.
CELERY_BEAT_SCHEDULE = {
    "orders-cancel-unpaid": {"task": "orders.cancel_unpaid_orders", "schedule": 60.0},
    "orders-complete-delivered": {"task": "orders.complete_delivered_orders", "schedule": 3600.0},
    "orders-reconcile-payments": {"task": "orders.reconcile_pending_payments", "schedule": 120.0},
    # A shipment whose handoff message was lost (broker down) is queued again (LOGISTICS_HANDOFF_REQUEUE_AFTER).
    "orders-requeue-pending-handoffs": {"task": "orders.requeue_pending_handoffs", "schedule": 60.0},
    # Daily: delete expired export files and mark their jobs expired (privacy/tasks.py).
    "privacy-export-expire": {"task": "privacy.export_expire", "schedule": 24 * 60 * 60.0},
    # Every two minutes: queue again the exports whose task a broker outage lost (privacy/services/export.py).
    "privacy-export-requeue": {"task": "privacy.export_requeue_lost", "schedule": 120.0},
    # Every 5 minutes: anonymise the accounts whose cooling-off window ended (promise D5: minutes, not days).
    "cancellation-anonymise-due": {"task": "cancellation.anonymise_due", "schedule": 5 * 60.0},
    # Daily: send again the deletion requests to recipients whose task was lost.
    "cancellation-recipient-requests-resend": {
        "task": "cancellation.recipient_requests_resend",
        "schedule": 24 * 60 * 60.0,
    },
    # Every minute: queue again the purge runs whose worker died (PRIVACY_RETENTION_RECLAIM_AFTER).
    "privacy-retention-reclaim": {"task": "privacy.retention.reclaim_stale", "schedule": 60.0},
    "privacy-retention-purge": {
        "task": "privacy.retention.purge_all",
        "schedule": crontab(*APP_SETTINGS["PRIVACY_RETENTION_SCHEDULE"].split()),
    },
    # Daily: remind staff of privacy requests due soon (privacy/requests/).
    "privacy-requests-remind": {"task": "privacy_requests.remind", "schedule": 24 * 60 * 60.0},
}
