"""Gapless document numbers: one counter per series and calendar year, taken inside the caller's transaction.

Why not a database sequence: a PostgreSQL sequence never gives a number back, so a rolled-back payment would
leave a hole in the invoice series, which tax law does not allow. Here the counter row is incremented by one
``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement: it creates the year's row on first use and
otherwise takes the row lock until the caller's transaction ends. A second transaction asking for a number
in the same series and year waits for the first to commit (it then gets the next number) or to roll back (it
then gets the same number the first had). So numbers are consecutive and unique, whatever the concurrency.

The cost: documents of one series are issued one transaction at a time. Callers therefore take the number
as the last step of their transaction, so the lock is held for as short a time as possible.
"""

from django.db import connection, transaction
from django.utils import timezone

from orders.invoices.models import DocumentSequence


def document_number_take(*, series: str, prefix: str, at=None) -> tuple[int, int, str]:
    """The next number of ``series`` for the year of ``at`` (default now, in the shop's time zone):
    ``(year, sequence, number)``, e.g. ``(2026, 42, "INV-2026-000042")``.

    Must run inside a transaction (raises ``TransactionManagementError`` otherwise): the number belongs to
    that transaction and is given back if it rolls back. Locks the series' row for that year until then.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("A document number must be taken inside a transaction.")
    year = timezone.localtime(at or timezone.now()).year
    table = connection.ops.quote_name(DocumentSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (series, year, last_number) VALUES (%s, %s, 1) "  # noqa: S608 (table name only)
            f"ON CONFLICT (series, year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [series, year],
        )
        (sequence,) = cursor.fetchone()
    return year, sequence, f"{prefix}-{year}-{sequence:06d}"
