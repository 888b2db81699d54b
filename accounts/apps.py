from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # The privacy engine names no field of the user model: it learns here where the date of birth is,
        # and writes imported profile fields through this app's services.
        from accounts.services import user_avatar_import, user_nickname_import
        from privacy.profile import ProfileWriter, profile_writer_register

        profile_writer_register(
            ProfileWriter(
                date_of_birth_field="date_of_birth",
                nickname_import=user_nickname_import,
                avatar_import=user_avatar_import,
            )
        )
