"""Models for the privacy engine's tests. Never installed outside the test settings."""

from django.conf import settings
from django.db import models

from privacy.encryption import EncryptedCharField, EncryptedTextField


class Customer(models.Model):
    """A row with encrypted personal fields and a keyed hash for exact lookups."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=80, blank=True)
    phone = EncryptedCharField(max_length=32, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    notes = EncryptedTextField(null=True, blank=True)
    code = models.CharField(max_length=12, unique=True, null=True, blank=True)

    def __str__(self) -> str:
        return f"#{self.pk}"


class CustomerNote(models.Model):
    """Owned by a user through its customer (owner path ``customer__user``)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="customer_notes")
    body = models.TextField()
    written_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"#{self.pk}"


class UndeclaredProfile(models.Model):
    """Intentionally never declared: the coverage walker must report each personal-capable field."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    bio = models.TextField(blank=True)
    website = models.URLField(blank=True)
    birthday = models.DateField(null=True, blank=True)
    last_ip = models.GenericIPAddressField(null=True, blank=True)
    preferences = models.JSONField(default=dict, blank=True)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    secret = EncryptedCharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    score = models.IntegerField(default=0)
    is_public = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"#{self.pk}"
