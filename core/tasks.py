"""Diagnostic task: proves a worker is consuming from the broker and can reach the database."""

from celery import shared_task
from django.db import connection


@shared_task(name="core.health_probe")
def health_probe() -> str:
    """Idempotent and side-effect free: runs ``SELECT 1`` and answers ``"pong"``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "pong"
