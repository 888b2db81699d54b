import factory
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator

from accounts.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"
# Base32, as allauth makes them (allauth generates them the same way).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"shopper{n}@example.com")
    nickname = factory.Sequence(lambda n: f"shopper{n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        """Staff reach the admin only with a second factor: staff get an authenticator app with
        ``STAFF_TOTP_SECRET``. ``StaffFactory(second_factor=False)`` makes one who has not set it up yet."""
        if create and obj.is_staff and extracted is not False:
            Authenticator.objects.create(
                user=obj, type=Authenticator.Type.TOTP, data={"secret": get_mfa_adapter().encrypt(STAFF_TOTP_SECRET)}
            )


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"merchant{n}@example.com")
    is_staff = True
    is_superuser = True
