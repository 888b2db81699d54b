from django.db import models


class TimeStampedModel(models.Model):
    """Adds ``created_at`` and ``updated_at``, maintained by the database layer on save."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
