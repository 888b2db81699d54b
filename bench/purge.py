"""``bench/run.py --only purge``: the retention purge on PostgreSQL against plain SQL doing the same rows.

Two workloads, each measured in a fresh worker process (the code a Celery worker runs: the
``privacy.retention.purge_category`` task, called in-process), then re-created and done again by plain SQL:

* ``history``: 1,000,000 search-history rows past their 180 days (``--purge-history``), deleted; the reference is
  one ``DELETE`` of the same rows;
* ``order_closed``: 100,000 completed orders past their 3 years (``--purge-orders``), each with a shipment and a
  tracking event, anonymised; the reference is one ``UPDATE`` per table blanking the same columns.

For each it prints the wall time, rows per second, the worker's resident memory after start-up and at its peak
(``resource.getrusage``: flat means the peak does not grow with the rows), the reference time and the ratio.
The fixture rows belong to one bench account (``bench-purge@bench.privashop.test``) and to orders numbered
``BENCH-PURGE-...``; a run first removes what an earlier run left.

The worker and fixture steps run as ``python bench/purge.py fixture|worker ...`` with the server environment
of ``bench/run.py`` (``bench.settings``); this module's ``bench_purge`` drives them.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.summary import record  # noqa: E402

BENCH_EMAIL = "bench-purge@bench.privashop.test"
ORDER_PREFIX = "BENCH-PURGE-"
AGE_HISTORY_DAYS = 400
AGE_ORDER_DAYS = 2000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of this benchmark, on ``bench/run.py``'s parser."""
    parser.add_argument("--purge-history", type=int, default=1_000_000, help="purge: expired history rows")
    parser.add_argument("--purge-orders", type=int, default=100_000, help="purge: orders due for anonymisation")
    parser.add_argument(
        "--purge-batch-size",
        type=int,
        default=0,
        help="purge: rows per batch (transaction); default: PRIVACY_RETENTION_BATCH_SIZE (10,000)",
    )


# --- steps run inside Django (subprocesses) -----------------------------------------------------------


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _fixture(history: int, orders: int) -> dict:
    """Remove what an earlier run left, then insert the rows due (set-based SQL, not the ORM: seconds, not hours)."""
    from django.db import connection, transaction

    from accounts.models import User
    from orders.models import Carrier, Order

    user, _ = User.objects.get_or_create(email=BENCH_EMAIL, defaults={"nickname": "bench purge"})
    carrier, _ = Carrier.objects.get_or_create(
        slug="bench-purge", defaults={"name": "Bench carrier", "api_base_url": "https://carrier.invalid/api"}
    )
    # One encrypted value for every row: the purge blanks it whatever it says.
    phone = Order._meta.get_field("phone").get_db_prep_value("13812345678", connection)
    street = Order._meta.get_field("street").get_db_prep_value("8 Wensan Road, Building 2, Flat 301", connection)
    with transaction.atomic(), connection.cursor() as cursor:
        bench_orders = "SELECT id FROM orders_order WHERE number LIKE %s"
        bench_shipments = f"SELECT id FROM orders_shipment WHERE order_id IN ({bench_orders})"
        like = [ORDER_PREFIX + "%"]
        cursor.execute(f"DELETE FROM orders_trackingevent WHERE shipment_id IN ({bench_shipments})", like)
        cursor.execute(f"DELETE FROM orders_shipment WHERE order_id IN ({bench_orders})", like)
        cursor.execute(f"DELETE FROM orders_orderline WHERE order_id IN ({bench_orders})", like)
        cursor.execute("DELETE FROM orders_order WHERE number LIKE %s", like)
        cursor.execute("DELETE FROM shop_historyentry WHERE user_id = %s", [user.pk])
        cursor.execute("DELETE FROM retention_retentionnotice")
        cursor.execute(
            """
            INSERT INTO shop_historyentry (user_id, kind, query, product_id, created_at)
            SELECT %s, 'search', 'bench query ' || g, NULL, now() - make_interval(days => %s, secs => g)
            FROM generate_series(1, %s) AS g
            """,
            [user.pk, AGE_HISTORY_DAYS, history],
        )
        cursor.execute(
            """
            INSERT INTO orders_order (
                number, user_id, status, idempotency_key, currency, subtotal, shipping_total, total, note,
                recipient_name, phone, region, city, district, street, postcode,
                invoice_title, invoice_tax_id, invoice_email, paid_at, completed_at, created_at, updated_at,
                guest_email, discount_total, net_total, tax_total, tax_breakdown, prices_include_tax,
                shipping_method_name, shipping_net, shipping_tax, shipping_tax_rate, voucher_code
            )
            SELECT %s || lpad(g::text, 9, '0'), %s, 'completed', '', 'CNY', 39.80, 0, 39.80, 'Ring twice',
                'Wang Xiaoming', %s, 'Zhejiang', 'Hangzhou', 'Xihu', %s, '310012',
                'Acme Ltd', '91330100MA2B', 'billing@example.com', d - interval '10 days', d, d - interval '10 days', d,
                '', 0, 35.22, 4.58, '[]'::jsonb, true, '', 0, 0, 0, ''

            FROM generate_series(1, %s) AS g, LATERAL (SELECT now() - make_interval(days => %s, secs => g) AS d) AS t
            """,
            [ORDER_PREFIX, user.pk, phone, street, orders, AGE_ORDER_DAYS],
        )
        cursor.execute(
            """
            INSERT INTO orders_shipment (
                order_id, carrier_id, status, tracking_number, attempts, last_error, fields_sent, booked_at,
                created_at, updated_at
            )
            SELECT o.id, %s, 'booked', 'BP' || o.id, 1, '', '[]'::jsonb, o.paid_at, o.paid_at, o.paid_at
            FROM orders_order o WHERE o.number LIKE %s
            """,
            [carrier.pk, ORDER_PREFIX + "%"],
        )
        cursor.execute(
            """
            INSERT INTO orders_trackingevent (shipment_id, event_id, status, description, location, occurred_at,
                received_at)
            SELECT s.id, 'E' || s.id, 'delivered', 'Signed for by Wang Xiaoming', '8 Wensan Road', s.booked_at,
                s.booked_at
            FROM orders_shipment s JOIN orders_order o ON o.id = s.order_id WHERE o.number LIKE %s
            """,
            [ORDER_PREFIX + "%"],
        )
    # Both sides start alike: no dead rows left by the previous run, planner statistics up to date.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE shop_historyentry, orders_order, orders_shipment, orders_trackingevent")
    return {"user_id": user.pk}


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _worker(category: str, batch_size: int) -> dict:
    """Run one category as the Celery task does, and report time, rows and memory."""
    from privacy.retention.models import PurgeRun, PurgeTrigger
    from privacy.retention.services.runs import purge_run_create
    from privacy.retention.tasks import purge_category

    run = purge_run_create(category=category, triggered_by=PurgeTrigger.COMMAND, batch_size=batch_size or None)
    baseline = _rss_mb()
    started = time.perf_counter()
    purge_category(run.pk)
    seconds = time.perf_counter() - started
    run = PurgeRun.objects.get(pk=run.pk)
    return {
        "seconds": seconds,
        "rows": run.deleted + run.anonymised,
        "status": run.status,
        "errors": run.errors,
        "rss_start_mb": baseline,
        "rss_peak_mb": _rss_mb(),
    }


def _in_django(env: dict[str, str], *args: str) -> dict:
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- the plain SQL reference --------------------------------------------------------------------------


def _reference(database_url: str, workload: str, user_id: int) -> float:
    import psycopg

    with psycopg.connect(database_url) as connection:
        started = time.perf_counter()
        with connection.transaction():
            if workload == "history":
                connection.execute(
                    "DELETE FROM shop_historyentry WHERE user_id = %s AND created_at <= now() - interval '180 days'",
                    [user_id],
                )
            else:
                orders = (
                    "SELECT id FROM orders_order WHERE number LIKE %s AND completed_at <= now() - interval '1095 days'"
                )
                like = [ORDER_PREFIX + "%"]
                connection.execute(
                    "UPDATE orders_order SET note = '', idempotency_key = '', recipient_name = '', phone = '', "
                    "district = '', street = '', invoice_title = '', invoice_tax_id = '', invoice_email = '' "
                    f"WHERE id IN ({orders})",
                    like,
                )
                connection.execute(
                    f"UPDATE orders_shipment SET tracking_number = NULL WHERE order_id IN ({orders})", like
                )
                connection.execute(
                    "UPDATE orders_trackingevent SET description = '', location = '' WHERE shipment_id IN "
                    f"(SELECT id FROM orders_shipment WHERE order_id IN ({orders}))",
                    like,
                )
        return time.perf_counter() - started


def bench_purge(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Measure both workloads and print the table; 1 when a purge failed or left rows, else 0."""
    history, orders, batch = args.purge_history, args.purge_orders, args.purge_batch_size
    size = batch or "PRIVACY_RETENTION_BATCH_SIZE"
    print(f"\npurge: preparing {history:,} expired history rows and {orders:,} closed orders (batch {size}) ...")
    results = []
    for category, label, rows in (
        ("history", f"history: delete {history:,} rows", history),
        ("order_closed", f"order_closed: anonymise {orders:,} orders", orders),
    ):
        sizes = (str(history), "0") if category == "history" else ("0", str(orders))
        fixture = _in_django(env, "fixture", *sizes)
        measured = _in_django(env, "worker", category, str(batch))
        _in_django(env, "fixture", *sizes)
        reference = _reference(args.database_url, category, fixture["user_id"])
        results.append((category, label, rows, measured, reference))
    # Leave the bench database as it was for the other benchmarks.
    _in_django(env, "fixture", "0", "0")
    print(
        f"{'workload':<38}{'rows':>11}{'seconds':>9}{'rows/s':>10}{'RSS start MB':>14}{'RSS peak MB':>13}"
        f"{'plain SQL s':>13}{'SQL rows/s':>12}{'speed':>8}"
    )
    status = 0
    targets = {"history": "purge: delete speed / plain DELETE", "order_closed": "purge: anonymise speed / plain UPDATE"}
    for category, label, rows, measured, reference in results:
        rate = measured["rows"] / measured["seconds"]
        speed = reference / measured["seconds"]
        print(
            f"{label:<38}{measured['rows']:>11,}{measured['seconds']:>9.2f}{rate:>10,.0f}"
            f"{measured['rss_start_mb']:>14.1f}{measured['rss_peak_mb']:>13.1f}{reference:>13.2f}"
            f"{rows / reference:>12,.0f}{speed:>7.2f}x"
        )
        record(targets[category], speed, "x", target=0.5)
        if measured["rows"] != rows or measured["status"] != "completed" or measured["errors"]:
            print(
                f"  FAILED: {measured['rows']} of {rows} rows, status {measured['status']}, {measured['errors']} errors"
            )
            status = 1
    print(
        "speed = the purge's rows per second / plain SQL's rows per second for the same rows (history: one DELETE; "
        "orders: one UPDATE per table); target 0.5x. The purge adds batches, row locks (FOR UPDATE SKIP LOCKED), "
        "legal-hold checks and the run's counters and cursor per batch."
    )
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description="Steps of the purge benchmark (run by bench/run.py).")
    commands = parser.add_subparsers(dest="step", required=True)
    fixture = commands.add_parser("fixture")
    fixture.add_argument("history", type=int)
    fixture.add_argument("orders", type=int)
    worker = commands.add_parser("worker")
    worker.add_argument("category")
    worker.add_argument("batch_size", type=int)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    _setup_django()
    result = _fixture(args.history, args.orders) if args.step == "fixture" else _worker(args.category, args.batch_size)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
