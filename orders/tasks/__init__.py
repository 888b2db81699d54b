"""Celery tasks of the orders app; importing the modules registers their tasks with the worker."""

from orders.tasks import lifecycle, logistics

__all__ = ["lifecycle", "logistics"]
