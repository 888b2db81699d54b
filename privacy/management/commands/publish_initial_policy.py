"""``manage.py publish_initial_policy``: give a fresh installation a privacy policy to accept. Idempotent."""

from django.core.management.base import BaseCommand

from privacy.services.policy import policy_version_publish_initial


class Command(BaseCommand):
    help = "Publish the bundled first privacy policy version, unless a version is already published."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--version-label", default="1.0", help="Label of the version to publish (default 1.0).")

    def handle(self, *args, version_label: str, **options) -> None:
        version, created = policy_version_publish_initial(version=version_label)
        if created:
            self.stdout.write(f"publish_initial_policy: published version {version.version}.")
        else:
            self.stdout.write(f"publish_initial_policy: version {version.version} is already published; nothing done.")
