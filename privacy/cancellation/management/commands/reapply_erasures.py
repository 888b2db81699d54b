"""``manage.py reapply_erasures``: anonymise again every account erased before, after a database restore.

A backup taken before an account was erased brings its personal data back when restored. Run this after
every restore (the README's operations section says so): it first recreates, from the erasure journal
(``PRIVACY_ERASURE_JOURNAL``, kept outside the database), the tombstones the restored database lacks, then
applies the registry's erasure again to every account with a tombstone. Idempotent: a second run changes
nothing. Accounts under an active legal hold are skipped and reported.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from privacy.cancellation.management.commands._progress import progress_line
from privacy.cancellation.services import erasures_reapply


class Command(BaseCommand):
    help = "Anonymise again every account that has an erasure tombstone (run after any database restore)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--journal",
            type=Path,
            default=None,
            help="The erasure journal to read (default: PRIVACY_ERASURE_JOURNAL).",
        )

    def handle(self, *args, **options) -> None:
        try:
            summary = erasures_reapply(journal=options["journal"], progress=progress_line(self.stdout, "Re-applied"))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        outcomes = summary.outcomes
        self.stdout.write(
            f"Tombstones recreated from the journal: {summary.restored_tombstones}. "
            f"Accounts with a tombstone: {summary.total}."
        )
        self.stdout.write(
            f"Erased again (data had come back): {outcomes['reapplied']}; already anonymous: {outcomes['unchanged']}; "
            f"on legal hold (skipped): {outcomes['on_hold']}; not in this database: {outcomes['not_found']}."
        )
        if outcomes["on_hold"]:
            self.stdout.write(self.style.WARNING("Run this again once the legal holds are released."))
        self.stdout.write(self.style.SUCCESS("Done."))
