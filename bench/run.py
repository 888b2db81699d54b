"""``make bench``: throughput and latency of the product API against a bare Django view, and of checkout
under contention with its oversell check, on PostgreSQL.

Creates (if missing), migrates and seeds the benchmark database, serves the site with gunicorn on
127.0.0.1, loads each endpoint for a fixed time after a warm-up, races buyers for a limited stock
(``bench/checkout.py``), runs a mixed browse/cart/checkout load on Redis (``bench/mixed.py``), prints the tables,
and always stops gunicorn. ``--only`` picks benchmarks.
Options: ``.venv/bin/python bench/run.py --help``.
"""

import argparse
import base64
import hashlib
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from random import Random

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.anonymise import add_arguments as add_anonymise_arguments  # noqa: E402
from bench.anonymise import bench_anonymise  # noqa: E402
from bench.checkout import (  # noqa: E402
    Fixture,
    checkout_prepare,
    checkout_report,
    checkout_run,
    oversell_check,
    own_variants,
)
from bench.load import Result, latency_ms, queries_per_request, run_load  # noqa: E402
from bench.mixed import add_arguments as add_mixed_arguments  # noqa: E402
from bench.mixed import check_arguments as check_mixed_arguments  # noqa: E402
from bench.mixed import mixed_report, mixed_run, redis_url  # noqa: E402
from bench.purge import add_arguments as add_purge_arguments  # noqa: E402
from bench.purge import bench_purge  # noqa: E402
from bench.summary import record, summary_table  # noqa: E402
from bench.workload import DETAIL_PATH, LIST_PATH, REFERENCE_PATH, is_search, list_queries  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/privashop_bench"
# What ``--only`` can pick; the default runs them all, in this order.
BENCHMARKS = ("catalog", "checkout", "purge", "anonymise", "mixed")
# Benchmarks that share one web server; "mixed" starts its own, with Redis; the others use the database directly.
SERVER_BENCHMARKS = ("catalog", "checkout")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per endpoint (max 120)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load first (max 30)")
    parser.add_argument("--concurrency", type=int, default=8, help="client connections (max 64)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap on requests per endpoint")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (one per core)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--worker-class", choices=("gthread", "sync"), default="gthread")
    parser.add_argument("--products", type=int, default=10_000, help="catalog size (seed_demo --products)")
    parser.add_argument("--skip-setup", action="store_true", help="skip create/migrate/seed (database ready)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the random slugs and pages")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument(
        "--only",
        action="extend",
        nargs="+",
        choices=BENCHMARKS,
        help="run only these benchmarks (several allowed: --only catalog checkout); default: all",
    )
    parser.add_argument("--buyers", type=int, default=20, help="checkout: concurrent buyers (max 64)")
    parser.add_argument("--checkout-units", type=int, default=200, help="checkout: units in stock to race for")
    parser.add_argument("--checkout-max-attempts", type=int, default=5_000, help="checkout: cap on checkouts")
    parser.add_argument(
        "--checkout-seconds", type=float, default=30.0, help="checkout: time limit (max 120); it ends when sold out"
    )
    parser.add_argument(
        "--checkout-distinct-seconds",
        type=float,
        default=10.0,
        help="checkout: seconds of the run where each buyer buys their own product (max 120)",
    )
    add_purge_arguments(parser)
    add_anonymise_arguments(parser)
    add_mixed_arguments(parser)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", ""),
        help="cache and broker for the server (default redis://127.0.0.1:6379/12); production settings need one",
    )
    args = parser.parse_args()
    if not 0 < args.duration <= 120 or not 0 <= args.warmup <= 30 or not 0 < args.concurrency <= 64:
        parser.error("--duration must be in (0, 120], --warmup in [0, 30], --concurrency in [1, 64]")
    if not 0 < args.buyers <= 64 or not 0 < args.checkout_units <= 100_000 or args.checkout_max_attempts < 1:
        parser.error("--buyers must be in [1, 64], --checkout-units in [1, 100000], --checkout-max-attempts >= 1")
    if not 0 < args.checkout_seconds <= 120 or not 0 < args.checkout_distinct_seconds <= 120:
        parser.error("--checkout-seconds and --checkout-distinct-seconds must be in (0, 120]")
    check_mixed_arguments(parser, args)
    args.only = [name for name in BENCHMARKS if name in (args.only or BENCHMARKS)]
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the benchmark runs on PostgreSQL: --database-url must be a postgres:// URL")
    return args


def server_env(args: argparse.Namespace) -> dict[str, str]:
    """The environment of every server-side process. The privacy keys are fixed bench-only values (the bench
    database holds demo data only), so migrate, seed_demo and each worker of every run agree on them."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "PRIVACY_ENCRYPTION_KEYS": base64.urlsafe_b64encode(
            hashlib.sha256(b"privashop-bench-fernet").digest()
        ).decode(),
        "PRIVACY_HASH_KEY": hashlib.sha256(b"privashop-bench-hash").hexdigest(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def ensure_database(url: str) -> None:
    params = conninfo_to_dict(url)
    name = params["dbname"]
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def prepare_database(args: argparse.Namespace, env: dict[str, str]) -> None:
    ensure_database(args.database_url)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [*manage, "seed_demo", "--products", str(args.products), "--no-images"], env=env, cwd=ROOT, check=True
    )
    # Fresh tables have no planner statistics (and autovacuum may be off): measure with sane plans.
    with psycopg.connect(args.database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def product_slugs(url: str, count: int, rng: Random) -> list[str]:
    with psycopg.connect(url) as connection:
        slugs = [row[0] for row in connection.execute("SELECT slug FROM shop_product WHERE is_active ORDER BY id")]
    if not slugs:
        raise SystemExit("the benchmark database has no active products")
    return rng.sample(slugs, k=min(count, len(slugs)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args: argparse.Namespace, env: dict[str, str], port: int, log) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers),
        "--worker-class", args.worker_class,
        "--threads", str(args.threads if args.worker_class == "gthread" else 1),
        "--keep-alive", "5",
        "--log-level", "warning",
        "--chdir", str(ROOT),
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


@contextmanager
def celery_worker(env: dict[str, str]) -> Iterator[None]:
    """One Celery worker process on the server's broker, so queued tasks (order emails) run as in production
    instead of piling up in Redis; always stopped (warm shutdown: a task in progress finishes)."""
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--concurrency", "1", "--loglevel", "warning", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    with tempfile.NamedTemporaryFile("w+", prefix="privashop-bench-worker-", suffix=".log") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield
        finally:
            stop_server(process)


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextmanager
def served(args: argparse.Namespace, env: dict[str, str]) -> Iterator[int]:
    """gunicorn on a free loopback port, healthy; yields the port and always stops it."""
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", prefix="privashop-bench-", suffix=".log") as log:
        process = start_server(args, env, port, log)
        try:
            wait_until_healthy(port, process, log.name)
            yield port
        finally:
            stop_server(process)


def get(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_until_healthy(port: int, process: subprocess.Popen, log_path: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}:\n{Path(log_path).read_text()[-3000:]}")
        try:
            if get(port, "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz within {timeout:.0f} s:\n{Path(log_path).read_text()[-3000:]}")


def measure(args: argparse.Namespace, port: int, paths: list[str]) -> Result:
    common = {"port": port, "paths": paths, "concurrency": args.concurrency, "seed": args.seed}
    if args.warmup:
        run_load(seconds=args.warmup, max_requests=args.max_requests, **common)
    return run_load(seconds=args.duration, max_requests=args.max_requests, **common)


def row(label: str, result: Result, predicate: Callable[[str], bool] | None = None) -> str:
    samples = result.select(predicate)
    errors = "" if predicate else str(result.errors)
    requests = len(samples) + (0 if predicate else result.errors)
    return (
        f"{label:<42}{requests:>9}{errors:>7}{len(samples) / result.elapsed:>9.1f}{latency_ms(samples, 0.5):>11.2f}"
        f"{latency_ms(samples, 0.95):>9.2f}{queries_per_request(samples):>9.1f}"
    )


def report(args: argparse.Namespace, results: dict[str, Result], identical: str) -> None:
    threads = args.threads if args.worker_class == "gthread" else 1
    print(
        f"\ngunicorn {args.worker_class}, {args.workers} workers x {threads} threads; {args.concurrency} keep-alive "
        f"connections; {args.duration:g} s per endpoint after {args.warmup:g} s warm-up; {args.products} products"
    )
    print(f"{'endpoint':<42}{'requests':>9}{'errors':>7}{'req/s':>9}{'median ms':>11}{'p95 ms':>9}{'queries':>9}")
    labels = {
        "list": f"DRF list {LIST_PATH}?page_size=20",
        "detail": "DRF detail /api/v1/products/<slug>/",
        "reference": f"bare list {REFERENCE_PATH}",
        "healthz": "health check /healthz",
    }
    for name, result in results.items():
        print(row(labels[name], result))
        if name in ("list", "reference"):
            print(row("  of which browsing (?page=)", result, lambda path: not is_search(path)))
            print(row("  of which searching (?q=)", result, is_search))
        for example in result.error_examples:
            print(f"    error: {example}")
    if "list" in results and "reference" in results:
        drf, bare = results["list"].select(), results["reference"].select()
        print(
            f"DRF list / bare view: {results['list'].per_second / results['reference'].per_second:.2f}x the "
            f"throughput, {latency_ms(drf, 0.5) / latency_ms(bare, 0.5):.1f}x the median and "
            f"{latency_ms(drf, 0.95) / latency_ms(bare, 0.95):.1f}x the p95 latency; {identical}"
        )


def compare_bodies(port: int, queries: list[str]) -> str:
    same = sum(get(port, f"{LIST_PATH}?{query}") == get(port, f"{REFERENCE_PATH}?{query}") for query in queries)
    return f"{same}/{len(queries)} list pages byte-identical between the two"


def bench_catalog(args: argparse.Namespace, port: int) -> int:
    """The product list and detail against the bare reference view; 1 when the catalog API is missing."""
    rng = Random(args.seed)
    slugs = product_slugs(args.database_url, 500, rng)
    queries = list_queries()
    results: dict[str, Result] = {}
    list_status = get(port, f"{LIST_PATH}?{queries[0]}")[0]
    if list_status != 200:
        print(f"{LIST_PATH} answered {list_status}: the catalog API is missing, measuring /healthz only")
        results["healthz"] = measure(args, port, ["/healthz"])
        report(args, results, "")
        return 1
    list_paths = [f"{LIST_PATH}?{query}" for query in queries]
    identical = compare_bodies(port, queries)
    results["list"] = measure(args, port, list_paths)
    results["detail"] = measure(args, port, [DETAIL_PATH.format(slug=slug) for slug in slugs])
    results["reference"] = measure(args, port, [f"{REFERENCE_PATH}?{query}" for query in queries])
    report(args, results, identical)
    return 0


def bench_checkout(args: argparse.Namespace, port: int, fixture: Fixture) -> int:
    """Buyers each buying their own product, then buyers racing for one product's stock, each followed by the
    oversell check; 1 when a check fails."""
    threads = args.threads if args.worker_class == "gthread" else 1
    print(f"\ngunicorn {args.worker_class}, {args.workers} workers x {threads} threads")
    status = 0
    runs = (
        (own_variants(fixture), args.checkout_distinct_seconds, "checkout, buyers of different products", 100),
        (fixture, args.checkout_seconds, "checkout, buyers racing for one product", 60),
    )
    for run_fixture, seconds, name, target in runs:
        try:
            result = checkout_run(
                port=port, fixture=run_fixture, seconds=seconds, max_attempts=args.checkout_max_attempts
            )
        except RuntimeError as exc:
            print(f"checkout: not measured: {exc}")
            return 1
        check = oversell_check(database_url=args.database_url, fixture=run_fixture, result=result)
        if not checkout_report(fixture=run_fixture, result=result, check=check, seconds=seconds):
            status = 1
        record(name, result.orders_per_second, "/s", target=target)
        if result.placed_queries:
            record(f"{name}: queries per order", statistics.median(result.placed_queries), "q", target=12, at_most=True)
    return status


def bench_mixed(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Browse, cart and checkout at once against a server on Redis, then the oversell check; 1 on any error."""
    args.mixed_redis_url = redis_url(args)
    env = {**env, "REDIS_URL": args.mixed_redis_url}
    # Reset before this server starts: the run begins from empty carts and a known stock.
    fixture = checkout_prepare(env=env, buyers=args.mixed_users, units=args.mixed_units)
    slugs = product_slugs(args.database_url, 500, Random(args.seed))
    with celery_worker(env), served(args, env) as port:
        try:
            result = mixed_run(
                port=port,
                fixture=fixture,
                slugs=slugs,
                seconds=args.mixed_seconds,
                max_requests=args.mixed_max_requests,
                seed=args.seed,
            )
        except RuntimeError as exc:
            print(f"mixed: not measured: {exc}")
            return 1
    return 0 if mixed_report(args=args, fixture=fixture, result=result, database_url=args.database_url) else 1


def main() -> int:
    args = parse_args()
    # A plain kill must still reach the ``finally`` that stops gunicorn.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    # Production settings refuse to start without Redis (cache, rate limits, broker): a local bench database by
    # default, as the mixed load uses.
    args.redis_url = redis_url(args)
    env = server_env(args)
    if not args.skip_setup:
        prepare_database(args, env)
    fixture: Fixture | None = None
    if "checkout" in args.only:
        # Reset before the server starts: every run races for the same stock from empty carts.
        fixture = checkout_prepare(env=env, buyers=args.buyers, units=args.checkout_units)
    status = 0
    if "purge" in args.only:
        status |= bench_purge(args, env)
    if "anonymise" in args.only:
        status |= bench_anonymise(args, env)
    if set(args.only) & set(SERVER_BENCHMARKS):
        # The worker sends the order confirmations checkout queues, as in production.
        with celery_worker(env), served(args, env) as port:
            if "catalog" in args.only:
                status |= bench_catalog(args, port)
            if fixture is not None:
                status |= bench_checkout(args, port, fixture)
    if "mixed" in args.only:
        status |= bench_mixed(args, env)
    print(summary_table())
    return status


if __name__ == "__main__":
    sys.exit(main())
