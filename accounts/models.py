"""The user model: email is the login identifier; there is no username."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from accounts.display import user_masked_name
from core.image_validation import validate_image


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    nickname = models.CharField(
        max_length=40, blank=True, help_text="Shown publicly instead of the name, for example on reviews."
    )
    avatar = models.ImageField(
        upload_to="avatars/%Y/%m/",
        blank=True,
        validators=[validate_image],
        help_text="Shown publicly next to the nickname, for example on reviews.",
    )
    date_of_birth = models.DateField(
        null=True, blank=True, help_text="Declared at sign-up; decides whether a guardian's consent is needed."
    )
    language = models.CharField(
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text="The language chosen with the site's switcher: pages after sign-in and emails use it.",
    )
    is_staff = models.BooleanField(default=False, help_text="Can log into the admin site.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self) -> str:
        # Read by people (admin pages, messages): the masked nickname or the masked email, never "User #N".
        return user_masked_name(self)
