"""Create or update the social app of one third-party sign-in provider (what the admin's "Social
applications" page does), for deployments configured from the shell::

    manage.py configure_social_app --provider openid_connect --provider-id corp-sso --name "Corp SSO" \
        --client-id ... --secret ... --server-url https://sso.example.com/realms/shop
    manage.py configure_social_app --provider github --client-id ... --secret ...
    manage.py configure_social_app --provider weixin --client-id <AppID> --secret <AppSecret>

The secret can come from the environment instead of the command line (``--secret-env VAR``), so it does
not land in the shell history.
"""

import os

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers import registry
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from privacy.binding.models import ProfileField

DEFAULT_NAMES = {"openid_connect": "OpenID Connect", "github": "GitHub", "weixin": "WeChat"}


class Command(BaseCommand):
    help = "Create or update the social app (client id, secret, settings) of a third-party sign-in provider."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--provider", required=True, help="Provider type: openid_connect, github, weixin...")
        parser.add_argument(
            "--provider-id",
            default="",
            help="For openid_connect: the id in URLs and bindings (letters, digits, dashes), e.g. corp-sso.",
        )
        parser.add_argument("--name", default="", help="Shown to users, e.g. 'Corp SSO'.")
        parser.add_argument("--client-id", required=True)
        secret = parser.add_mutually_exclusive_group(required=True)
        secret.add_argument("--secret")
        secret.add_argument("--secret-env", help="Read the secret from this environment variable.")
        parser.add_argument("--server-url", default="", help="For openid_connect: the issuer URL (discovery).")
        parser.add_argument(
            "--profile-fields",
            default=None,
            help="Comma-separated subset of avatar,nickname,email this provider offers (default: all it can).",
        )

    def handle(self, *args, **options) -> None:
        provider = options["provider"]
        if registry.get_class(provider) is None:
            raise CommandError(f"Unknown provider type {provider!r}; is its app in INSTALLED_APPS?")
        provider_id = options["provider_id"]
        settings: dict = {}
        if provider == "openid_connect":
            if not provider_id or not options["server_url"]:
                raise CommandError("openid_connect needs --provider-id and --server-url.")
            settings["server_url"] = options["server_url"]
        if options["profile_fields"] is not None:
            fields = [name.strip() for name in options["profile_fields"].split(",") if name.strip()]
            unknown = sorted(set(fields) - set(ProfileField.values))
            if unknown:
                raise CommandError(f"Unknown profile fields: {', '.join(unknown)}.")
            settings["profile_fields"] = fields
        secret = options["secret"]
        if options["secret_env"]:
            secret = os.environ.get(options["secret_env"], "")
            if not secret:
                raise CommandError(f"The environment variable {options['secret_env']} is empty or not set.")
        name = options["name"] or DEFAULT_NAMES.get(provider, provider)
        with transaction.atomic():
            app, created = SocialApp.objects.select_for_update().get_or_create(
                provider=provider, provider_id=provider_id, defaults={"name": name, "client_id": options["client_id"]}
            )
            app.name = name
            app.client_id = options["client_id"]
            app.secret = secret
            app.settings = {**(app.settings or {}), **settings}
            app.save()
        label = f"{provider}:{provider_id}" if provider_id else provider
        self.stdout.write(self.style.SUCCESS(f"{'Created' if created else 'Updated'} social app #{app.pk} ({label})."))
