"""``manage.py purge_expired [--category C] [--dry-run] [--batch-size N]``: run the retention purge now, in this
process, with a progress bar per category and a summary table. ``--dry-run`` counts and changes nothing."""

import time
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privacy.retention.models import PurgeRun, PurgeTrigger
from privacy.retention.selectors import purge_due_counts, rule_settings
from privacy.retention.services.runs import purge_categories, purge_run_create, purge_run_execute

BAR_WIDTH = 30


class ProgressBar:
    """A plain-text bar: redrawn in place on a terminal, one line per tenth otherwise (logs, CI)."""

    def __init__(self, out: TextIO, *, label: str, total: int, interactive: bool) -> None:
        self.out, self.label, self.total, self.interactive = out, label, max(total, 0), interactive
        self._last_tenth = -1

    def _line(self, done: int) -> str:
        fraction = 1.0 if self.total == 0 else min(done / self.total, 1.0)
        filled = round(fraction * BAR_WIDTH)
        return f"{self.label:<26} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:>4.0%} {done}/{self.total}"

    def update(self, run: PurgeRun) -> None:
        done = run.examined + run.warned
        if self.interactive:
            self.out.write("\r" + self._line(done), ending="")
            self.out.flush()
            return
        tenth = 10 if self.total == 0 else min(done * 10 // self.total, 10)
        if tenth > self._last_tenth:
            self._last_tenth = tenth
            self.out.write(self._line(done))

    def finish(self, run: PurgeRun) -> None:
        if self.interactive:
            self.out.write("\r" + self._line(run.examined + run.warned))
        elif self._last_tenth < 10:
            self.out.write(self._line(run.examined + run.warned))


class Command(BaseCommand):
    help = "Delete or anonymise personal data whose retention period is over (all categories, or --category)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--category",
            action="append",
            choices=purge_categories(),
            help="Only this retention category (repeatable). Default: every category.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; change nothing.")
        parser.add_argument("--batch-size", type=int, default=None, help="Rows per batch (one transaction each).")

    def handle(self, *args, **options) -> None:
        batch_size = options["batch_size"]
        if batch_size is not None and batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        dry_run = options["dry_run"]
        categories = options["category"] or purge_categories()
        interactive = self.stdout.isatty()
        if dry_run:
            self.stdout.write("Dry run: counting only, nothing is changed.")
        rows: list[tuple[str, PurgeRun | None, float]] = []
        failed = []
        for category in categories:
            applied = rule_settings(category=category)
            if not applied.enabled and not dry_run:
                self.stdout.write(f"{category:<26} paused in the admin: skipped")
                rows.append((category, None, 0.0))
                continue
            due, to_warn = purge_due_counts(category=category)
            run = purge_run_create(
                category=category, triggered_by=PurgeTrigger.COMMAND, dry_run=dry_run, batch_size=batch_size
            )
            bar = ProgressBar(self.stdout, label=category, total=due + to_warn, interactive=interactive)
            started = time.monotonic()
            try:
                run, _ = purge_run_execute(run_id=run.pk, on_batch=bar.update)
            except Exception as exc:  # noqa: BLE001 - one category's failure must not stop the others; the run records it
                self.stderr.write(f"{category}: failed ({type(exc).__name__}), see purge run #{run.pk}")
                failed.append(category)
                run.refresh_from_db()
            bar.finish(run)
            rows.append((category, run, time.monotonic() - started))
        self._summary(rows, dry_run=dry_run)
        if failed:
            raise CommandError(f"{len(failed)} categor{'y' if len(failed) == 1 else 'ies'} failed: {', '.join(failed)}")

    def _summary(self, rows: list[tuple[str, PurgeRun | None, float]], *, dry_run: bool) -> None:
        headers = ("category", "days", "examined", "deleted", "anonymised", "held", "warned", "postponed", "errors")
        headers += ("status", "seconds")
        table = []
        for category, run, seconds in rows:
            if run is None:
                table.append((category, "", "", "", "", "", "", "", "", "paused", ""))
                continue
            counts = (
                run.examined,
                run.deleted,
                run.anonymised,
                run.skipped_hold,
                run.warned,
                run.postponed,
                run.errors,
            )
            table.append((category, run.period_days or "", *counts, run.status, f"{seconds:.1f}"))
        widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *table, strict=False)]
        self.stdout.write("")
        self.stdout.write(("Would purge (dry run)" if dry_run else "Purged") + ":")
        for line in (headers, *table):
            self.stdout.write(
                "  ".join(
                    str(cell).ljust(width) if index == 0 else str(cell).rjust(width)
                    for index, (cell, width) in enumerate(zip(line, widths, strict=True))
                )
            )
