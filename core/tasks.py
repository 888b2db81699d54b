"""Diagnostic task: proves a worker is consuming from the broker and can reach the database."""

from celery import shared_task
from django.db import connection


# Its caller waits for the answer, so its result is stored (CELERY_TASK_IGNORE_RESULT is on for the rest).
@shared_task(name="core.health_probe", ignore_result=False)
def health_probe() -> str:
    """Idempotent and side-effect free: runs ``SELECT 1`` and answers ``"pong"``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "pong"
