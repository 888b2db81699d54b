"""Re-encrypt every encrypted field under the newest key in ``PRIVACY_ENCRYPTION_KEYS``.

Run after putting a new key first in the list (old keys still after it); once it reports nothing left
to rotate, the old keys can be removed. Safe to interrupt and run again: values already under the
newest key are skipped.
"""

from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models.functions import Cast

from privacy.encryption import is_under_newest_key, models_with_encrypted_fields, rotate_token

_RAW_PREFIX = "raw_token_"


@dataclass
class RotationCount:
    values: int = 0
    rotated: int = 0


def _rotate_batch(
    model: type[models.Model], fields: list[models.Field], *, after_pk, batch_size: int, dry_run: bool
) -> tuple[list, RotationCount]:
    """Rotate one batch of rows after ``after_pk`` (from the first row when None), in one transaction.

    The batch's rows are locked (``SELECT ... FOR UPDATE``) so a concurrent save cannot be overwritten
    by the rotated copy of its previous value. Returns the batch's primary keys and its counts.
    """
    count = RotationCount()
    # Cast to plain text so the ORM hands back the stored token instead of decrypting it.
    raw = {f"{_RAW_PREFIX}{field.name}": Cast(field.name, output_field=models.TextField()) for field in fields}
    with transaction.atomic():
        queryset = model._base_manager.order_by("pk")
        if after_pk is not None:
            queryset = queryset.filter(pk__gt=after_pk)
        if not dry_run:
            queryset = queryset.select_for_update()
        rows = list(queryset.annotate(**raw).values("pk", *raw)[:batch_size])
        for row in rows:
            changes = {}
            for field in fields:
                token = row[f"{_RAW_PREFIX}{field.name}"]
                if not token:
                    continue
                count.values += 1
                if is_under_newest_key(token):
                    continue
                count.rotated += 1
                source = f"{model._meta.label}.{field.name} (pk {row['pk']})"
                new_token = rotate_token(token, source=source)
                # A Value typed as plain text is written as is, not encrypted a second time by the field.
                changes[field.name] = models.Value(new_token, output_field=models.TextField())
            if changes and not dry_run:
                model._base_manager.filter(pk=row["pk"]).update(**changes)
    return [row["pk"] for row in rows], count


class Command(BaseCommand):
    help = "Re-encrypt every encrypted model field under the newest key in PRIVACY_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be rotated; change nothing.")

    def handle(self, *args, batch_size: int, dry_run: bool, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        total = RotationCount()
        for model, fields in models_with_encrypted_fields():
            count = RotationCount()
            after_pk = None
            while True:
                pks, batch = _rotate_batch(model, fields, after_pk=after_pk, batch_size=batch_size, dry_run=dry_run)
                count.values += batch.values
                count.rotated += batch.rotated
                if len(pks) < batch_size:
                    break
                after_pk = pks[-1]
            names = ", ".join(field.name for field in fields)
            self.stdout.write(f"{model._meta.label} ({names}): {count.values} values, {verb} {count.rotated}")
            total.values += count.values
            total.rotated += count.rotated
        self.stdout.write(f"Total: {total.values} encrypted values, {verb} {total.rotated}.")
