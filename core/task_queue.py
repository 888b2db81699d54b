"""Queuing a Celery task from a request without letting a broker outage fail or stall that request.

``task_enqueue`` publishes once, quickly (``CELERY_TASK_PUBLISH_RETRY_POLICY``, short socket timeouts), and when
the broker cannot be reached it logs the task's name (never its arguments) and returns ``False``: the work is
recorded in a row (a shipment ``requested``, an export ``queued``, a cancellation due), and a periodic sweep
queues it again once the broker is back. Errors raised by an eager task itself (development, tests) are not
swallowed: only the broker's connection errors are.
"""

import logging

from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (BrokerError, RedisError, ConnectionError, TimeoutError)


def task_enqueue(task, *args) -> bool:
    """Publish ``task`` with positional ``args`` (ids); ``False`` (and a warning) when the broker is down."""
    try:
        task.delay(*args)
    except BROKER_ERRORS:
        logger.warning("Task %s not queued: the broker did not answer; its sweep queues it again.", task.name)
        return False
    return True
