"""``manage.py anonymise_all``: anonymise every account, for a shop that ceases operation (promise E3).

``--dry-run`` counts what would happen and changes nothing; ``--confirm`` does it, one transaction per
account, with the machinery of account cancellation (tombstones, recipient deletion requests; no last
email: the notice of cessation is sent before). Staff accounts are left alone unless ``--include-staff``.
Accounts under a legal hold or with orders in progress are skipped and counted: run it again once those
are settled. Interrupting it is safe; a rerun goes on where it stopped.
"""

from django.core.management.base import BaseCommand, CommandError

from privacy.cancellation.management.commands._progress import progress_line
from privacy.cancellation.services import AnonymisationOutcome, anonymise_all_preview, anonymise_all_run


class Command(BaseCommand):
    help = "Anonymise every account (the shop ceases operation). Run with --dry-run first, then --confirm."

    def add_arguments(self, parser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="Count what would be anonymised; change nothing.")
        mode.add_argument("--confirm", action="store_true", help="Anonymise every account. Irreversible.")
        parser.add_argument("--include-staff", action="store_true", help="Anonymise staff accounts too.")

    def handle(self, *args, **options) -> None:
        if not options["dry_run"] and not options["confirm"]:
            raise CommandError("Say --dry-run to see what would happen, or --confirm to anonymise every account.")
        include_staff = options["include_staff"]
        if options["dry_run"]:
            summary = anonymise_all_preview(include_staff=include_staff, progress=progress_line(self.stdout, "Checked"))
            verb = "Would anonymise"
        else:
            summary = anonymise_all_run(include_staff=include_staff, progress=progress_line(self.stdout, "Anonymised"))
            verb = "Anonymised"
        outcomes = summary.outcomes
        self.stdout.write(
            f"Accounts not anonymised yet{'' if include_staff else ' (staff excluded)'}: {summary.total}."
        )
        self.stdout.write(f"{verb}: {outcomes[AnonymisationOutcome.ANONYMISED]}.")
        self.stdout.write(f"Skipped, on legal hold: {outcomes[AnonymisationOutcome.ON_HOLD]}.")
        blocked = ", ".join(f"{code} {count}" for code, count in sorted(summary.blocked_by.items()))
        self.stdout.write(
            f"Skipped, blocked: {outcomes[AnonymisationOutcome.BLOCKED]}{f' ({blocked})' if blocked else ''}."
        )
        if summary.rows:
            self.stdout.write("Rows of these accounts, per model:")
            for label, (action, count) in sorted(summary.rows.items()):
                self.stdout.write(f"  {label}: {count} {action}")
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS("Dry run: nothing was changed. Run with --confirm to do it."))
        else:
            self.stdout.write(self.style.SUCCESS("Done. Run it again after releasing holds or settling orders."))
