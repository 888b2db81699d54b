"""``bench/run.py --only anonymise``: anonymising one account on PostgreSQL, with 10 and with 1,000 orders
and reviews (``--anonymise-sizes``): wall time and query count of ``account_anonymise``, the function the
cancellation beat job, retention and ``anonymise_all`` call (median of ``--anonymise-repeat`` runs).

The query count must not grow with the rows (bulk updates and deletes, one per declared model, never a save
per row); the benchmark fails (exit status 1) when it does. Each size builds its account in a transaction
that is rolled back at the end, so the bench database is left as it was: one account with that many
delivered orders (one line each, the carrier's disclosure of each), a published review of every line, that
many history entries, an address, a cart. The last email goes to the dummy backend of ``bench.settings``.

The measurement runs as ``python bench/anonymise.py measure <repeat> <sizes...>`` with the server environment of
``bench/run.py`` (``bench.settings``); this module's ``bench_anonymise`` drives it.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_EMAIL = "bench-anonymise-{size}-{nonce}@bench.privashop.test"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of this benchmark, on ``bench/run.py``'s parser."""
    parser.add_argument(
        "--anonymise-sizes",
        type=int,
        nargs="+",
        default=[10, 1000],
        help="anonymise: orders and reviews of the account, one measurement per size (default: 10 1000)",
    )
    parser.add_argument("--anonymise-repeat", type=int, default=5, help="anonymise: runs per size (median shown)")


# --- inside Django (a subprocess) ---------------------------------------------------------------------


class _Rollback(Exception):
    """Raised to roll the measured account back once its figures are taken."""


def _account(size: int) -> int:
    """An account with ``size`` delivered orders, each with a line, a disclosure and a published review."""
    from decimal import Decimal

    from django.utils import timezone

    from accounts.models import User
    from orders.models import Address, Order, OrderLine, OrderStatus
    from privacy.models import DisclosureRecord
    from privacy.pseudonyms import user_ref_for
    from shop.models import Cart, Category, HistoryEntry, Product
    from shop.reviews.models import Review, ReviewStatus

    now = timezone.now()
    email = BENCH_EMAIL.format(size=size, nonce=time.monotonic_ns())
    user = User.objects.create_user(email, "bench-password-0123456789", nickname="Bench")
    product = Product.objects.first() or Product.objects.create(
        title="Bench product", slug="bench-anonymise-product", category=Category.objects.create(name="Bench", slug="b")
    )
    recipient = {"recipient_name": "Wang Xiaoming", "phone": "13812345678", "street": "8 Wensan Road, Flat 301"}
    Address.objects.create(user=user, region="Zhejiang", city="Hangzhou", phone_hash="0" * 64, **recipient)
    Cart.objects.create(user=user)
    orders = Order.objects.bulk_create(
        Order(
            number=f"BENCH-ANON-{size}-{index:06d}",
            user=user,
            status=OrderStatus.DELIVERED,
            currency="CNY",
            subtotal=Decimal("19.90"),
            total=Decimal("19.90"),
            region="Zhejiang",
            city="Hangzhou",
            postcode="310012",
            invoice_email=user.email,
            delivered_at=now,
            **recipient,
        )
        for index in range(size)
    )
    lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order, product_title="Bench", sku="BENCH-1", unit_price=Decimal("19.90"), quantity=1,
            line_total=Decimal("19.90"),
        )
        for order in orders
    )  # fmt: skip
    Review.objects.bulk_create(
        Review(user=user, order_line=line, product=product, rating=5, text="Good.", status=ReviewStatus.PUBLISHED)
        for line in lines
    )
    DisclosureRecord.objects.bulk_create(
        DisclosureRecord(
            user=user,
            user_ref=user_ref_for(user.pk),
            recipient="Bench carrier",
            recipient_ref="carrier:bench-anonymise",
            purpose=f"Delivery of order {order.number}",
            fields=["recipient_name", "phone", "street"],
            reference=order.number,
        )
        for order in orders
    )
    HistoryEntry.objects.bulk_create(
        HistoryEntry(user=user, kind="search", query=f"bench {index}") for index in range(size)
    )
    return user.pk


def _measure_once(size: int) -> dict:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from privacy.cancellation.services import account_anonymise

    measured: dict = {}
    try:
        with transaction.atomic():
            user_id = _account(size)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = account_anonymise(user_id=user_id, trigger="cancellation")
                measured["seconds"] = time.perf_counter() - started
            measured.update(
                queries=len(queries.captured_queries),
                outcome=str(result.outcome),
                orders=result.summary.anonymised.get("orders.Order", 0) if result.summary else 0,
            )
            raise _Rollback
    except _Rollback:
        pass
    return measured


def _measure(sizes: list[int], repeat: int) -> list[dict]:
    """The median wall time of ``repeat`` runs per size, after one unreported warm-up run."""
    import statistics

    _measure_once(1)
    results = []
    for size in sizes:
        runs = [_measure_once(size) for _ in range(repeat)]
        results.append(
            {
                "size": size,
                "seconds": statistics.median(run["seconds"] for run in runs),
                "queries": max(run["queries"] for run in runs),
                "outcome": runs[-1]["outcome"],
                "orders": runs[-1]["orders"],
            }
        )
    return results


def _in_django(env: dict[str, str], *args: str) -> list[dict]:
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- the driver ---------------------------------------------------------------------------------------


def bench_anonymise(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Measure each size and print the table; 1 when an account was not anonymised or the queries grew."""
    sizes = sorted(set(args.anonymise_sizes))
    print(f"\nanonymise: one account with {', '.join(f'{size:,}' for size in sizes)} orders and reviews ...")
    results = _in_django(env, "measure", str(max(1, args.anonymise_repeat)), *map(str, sizes))
    print(f"{'orders and reviews':<22}{'median s':>9}{'ms':>10}{'queries':>9}  outcome")
    status = 0
    for result in results:
        print(
            f"{result['size']:<22,}{result['seconds']:>9.3f}{result['seconds'] * 1000:>10.1f}{result['queries']:>9}"
            f"  {result['outcome']}, {result['orders']:,} orders anonymised"
        )
        if result["outcome"] != "anonymised" or result["orders"] != result["size"]:
            status = 1
    counts = {result["queries"] for result in results}
    if len(counts) == 1:
        print(f"query count constant ({counts.pop()}) whatever the number of rows: bulk statements, no per-row saves")
    else:
        print("FAILED: the query count grows with the rows")
        status = 1
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description="Steps of the anonymisation benchmark (run by bench/run.py).")
    commands = parser.add_subparsers(dest="step", required=True)
    measure = commands.add_parser("measure")
    measure.add_argument("repeat", type=int)
    measure.add_argument("sizes", type=int, nargs="+")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(json.dumps(_measure(args.sizes, args.repeat)))


if __name__ == "__main__":
    main()
