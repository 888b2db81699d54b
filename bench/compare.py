"""``make bench-compare``: PrivaShop's catalog reads against django-oscar 3.2 + django-oscar-api, side by side.

Both shops hold the same catalog (PrivaShop's ``seed_demo --products N``; the Oscar anchor is seeded from the
same specs by ``bench/oscar``'s ``seed_bench``), each on its own PostgreSQL database, both served by gunicorn
with the same model (sync workers), and loaded by the same generator (``bench/load.py``) in interleaved rounds:
each round measures every endpoint on both shops back to back, the order of the shops alternating, so that the
machine's drift (other processes, CPU frequency) hits both alike and the per-round ratios survive it.

Endpoints: the API product list (a page of 24), the API product detail, the product page (HTML), and repeat
reads of the API list and detail with ``If-None-Match`` set to the entity tag of an earlier answer (Oscar sends
none, so it answers in full). Prints requests per second per endpoint per shop (median of the rounds), the
median of the per-round ratios, the queries per request, and the load average. ``BENCH_COMPARE_QUICK=1``: two
short rounds. Options: ``.venv/bin/python bench/compare.py --help``.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from random import Random

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import Result, queries_per_request, run_load  # noqa: E402
from bench.run import ensure_database, free_port, prepare_database, server_env, stop_server  # noqa: E402
from bench.run import wait_until_healthy as _wait_until_healthy  # noqa: E402

OSCAR_DIR = ROOT / "bench" / "oscar"
OSCAR_VENV = ROOT / "var" / "oscar-venv"
CATALOG_JSON = ROOT / "var" / "bench-compare" / "catalog.json"
PAGE_SIZE = 24
# Early pages are what people browse; the deep ones cost an OFFSET (10,000 products / 24 = 417 pages).
PAGES = (1, 2, 3, 4, 5, 8, 13, 21, 50, 120, 300, 400)
# name: (label, which PrivaShop server answers, which paths). "cold" has the shared response cache turned off
# (``SHOP_CATALOG_CACHE_TIMEOUT=0``), so its rows measure the work of every request; "cached" is production.
ENDPOINTS = {
    "list": ("API product list (page of 24)", "cold", "list"),
    "detail": ("API product detail", "cold", "detail"),
    "page": ("product page (HTML)", "cold", "page"),
    "list_cached": ("API list, shared cache", "cached", "list"),
    "detail_cached": ("API detail, shared cache", "cached", "detail"),
    "repeat": ("API list + detail, If-None-Match", "cached", "repeat"),
}
SHOPS = ("privashop", "oscar")


def parse_args() -> argparse.Namespace:
    quick = os.environ.get("BENCH_COMPARE_QUICK", "") not in ("", "0")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2 if quick else 5)
    parser.add_argument("--seconds", type=float, default=2.0 if quick else 6.0, help="measured per endpoint per round")
    parser.add_argument("--warmup", type=float, default=1.0 if quick else 2.0, help="unmeasured, before each")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers of each shop")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", nargs="+", choices=tuple(ENDPOINTS), help="endpoints (default: all)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/privashop_bench"),
    )
    parser.add_argument(
        "--oscar-database-url",
        default=os.environ.get("OSCAR_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/oscar_bench"),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        help="PrivaShop's cache (production needs Redis); its database is flushed first",
    )
    parser.add_argument("--ports", type=int, nargs=2, metavar=("PRIVASHOP", "OSCAR"), help="default: free ports")
    parser.add_argument("--skip-setup", action="store_true", help="both databases are ready")
    args = parser.parse_args()
    if not 0 < args.rounds <= 20 or not 0 < args.seconds <= 60 or not 0 < args.concurrency <= 64:
        parser.error("--rounds in [1, 20], --seconds in (0, 60], --concurrency in [1, 64]")
    args.only = [name for name in ENDPOINTS if name in (args.only or ENDPOINTS)]
    return args


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def prepare(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Both databases created, migrated and seeded with the same catalog (each step idempotent)."""
    prepare_database(args, env)
    # Production settings serve hashed static names from the manifest: the product page needs it.
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "compare_catalog.py"), str(CATALOG_JSON), str(args.products)],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
        cwd=ROOT,
        check=True,
    )
    ensure_database(args.oscar_database_url)
    manage = [str(OSCAR_VENV / "bin" / "python"), "manage.py"]
    oscar_env = oscar_server_env(args)
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=oscar_env, cwd=OSCAR_DIR, check=True)
    subprocess.run([*manage, "seed_bench", str(CATALOG_JSON)], env=oscar_env, cwd=OSCAR_DIR, check=True)
    with psycopg.connect(args.oscar_database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def oscar_server_env(args: argparse.Namespace) -> dict[str, str]:
    return {
        key: value
        for key, value in {**os.environ, "OSCAR_BENCH_DATABASE_URL": args.oscar_database_url}.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV")
    }


@contextmanager
def gunicorn(command: list[str], env: dict[str, str], cwd: Path, port: int, name: str) -> Iterator[int]:
    with tempfile.NamedTemporaryFile("w+", prefix=f"bench-compare-{name}-", suffix=".log") as log:
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        try:
            if name == "privashop":
                _wait_until_healthy(port, process, log.name, timeout=180)
            else:
                wait_for(port, process, log.name)
            yield port
        finally:
            stop_server(process)


def wait_for(port: int, process: subprocess.Popen, log_path: str, timeout: float = 180) -> None:
    """Oscar has no health check: its home page answering is enough."""
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"oscar's gunicorn exited:\n{Path(log_path).read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"oscar did not answer within {timeout:.0f} s:\n{Path(log_path).read_text()[-3000:]}")


def gunicorn_command(python: str, app: str, port: int, workers: int, chdir: Path) -> list[str]:
    return [
        python, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", "sync",
        "--log-level", "warning",
        "--chdir", str(chdir),
    ]  # fmt: skip


@dataclass
class Workload:
    """The paths of each endpoint on one shop, and the entity tags of the repeat reads."""

    paths: dict[str, list[str]]
    etags: dict[str, str]


def workloads(args: argparse.Namespace) -> dict[str, Workload]:
    """The same products on both shops: 200 random product numbers, looked up by slug in each database."""
    with psycopg.connect(args.database_url) as connection:
        slugs = [row[0] for row in connection.execute("SELECT slug FROM shop_product WHERE is_active ORDER BY id")]
    slugs = Random(args.seed).sample(slugs, k=min(200, len(slugs)))
    with psycopg.connect(args.oscar_database_url) as connection:
        oscar_ids = dict(
            connection.execute(
                "SELECT slug, id FROM catalogue_product WHERE structure = 'parent' AND slug = ANY(%s)", [slugs]
            ).fetchall()
        )
    slugs = [slug for slug in slugs if slug in oscar_ids]
    privashop = {
        "list": [f"/api/v1/products/?page_size={PAGE_SIZE}&page={page}" for page in PAGES],
        "detail": [f"/api/v1/products/{slug}/" for slug in slugs],
        "page": [f"/products/{slug}/" for slug in slugs],
    }
    oscar = {
        "list": [f"/api/products/?structure=parent&page={page}" for page in PAGES],
        "detail": [f"/api/products/{oscar_ids[slug]}/" for slug in slugs],
        "page": [f"/catalogue/{slug}_{oscar_ids[slug]}/" for slug in slugs],
    }
    result = {}
    for shop, paths in (("privashop", privashop), ("oscar", oscar)):
        paths["repeat"] = paths["list"] + paths["detail"][:50]
        result[shop] = Workload(paths=paths, etags={})
    return result


def collect_etags(port: int, workload: Workload) -> None:
    """One plain read of each repeat path; its ``ETag`` (or a tag no server sent, for Oscar) is what the
    repeat reads send back."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for path in workload.paths["repeat"]:
            connection.request("GET", path, headers={"Accept": "application/json"})
            response = connection.getresponse()
            response.read()
            workload.etags[path] = response.getheader("ETag") or '"none"'
    finally:
        connection.close()


def measure(args: argparse.Namespace, port: int, workload: Workload, endpoint: str, round_number: int) -> Result:
    kind = ENDPOINTS[endpoint][2]
    paths = workload.paths[kind]
    etags = workload.etags if kind == "repeat" else None
    common = {"port": port, "paths": paths, "concurrency": args.concurrency, "max_requests": 10_000_000}
    if args.warmup:
        run_load(seconds=args.warmup, seed=args.seed + round_number, etags=etags, **common)
    return run_load(seconds=args.seconds, seed=args.seed + round_number, etags=etags, **common)


def report(args: argparse.Namespace, results: dict[tuple[str, str], list[Result]], loads: list[str]) -> None:
    print(
        f"\n{args.products} products; gunicorn {args.workers} sync workers per shop; {args.concurrency} keep-alive "
        f"connections; {args.rounds} interleaved rounds of {args.seconds:g} s per endpoint and shop "
        f"(after {args.warmup:g} s warm-up)"
    )
    for line in loads:
        print(f"  {line}")
    print(
        f"{'endpoint':<36}{'PrivaShop req/s':>16}{'Oscar req/s':>13}{'ratio':>8}{'ratio range':>15}"
        f"{'queries P/O':>13}{'errors':>8}"
    )
    for endpoint in args.only:
        mine, theirs = results[("privashop", endpoint)], results[("oscar", endpoint)]
        ratios = [a.per_second / b.per_second for a, b in zip(mine, theirs, strict=True) if b.per_second]
        queries = (
            f"{queries_per_request([s for r in mine for s in r.samples]):.1f}/"
            f"{queries_per_request([s for r in theirs for s in r.samples]):.1f}"
        )
        errors = sum(r.errors for r in mine + theirs)
        print(
            f"{ENDPOINTS[endpoint][0]:<36}{statistics.median(r.per_second for r in mine):>16.1f}"
            f"{statistics.median(r.per_second for r in theirs):>13.1f}"
            f"{statistics.median(ratios) if ratios else float('nan'):>7.2f}x"
            f"{f'{min(ratios):.2f}-{max(ratios):.2f}' if ratios else '-':>15}{queries:>13}{errors:>8}"
        )
        for example in {e for r in mine + theirs for e in r.error_examples}:
            print(f"    error: {example}")
    print("ratio: median over the rounds of PrivaShop req/s / Oscar req/s measured back to back.")


def main() -> int:
    args = parse_args()
    # A plain kill must still reach the ``finally`` blocks that stop the three servers.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not (OSCAR_VENV / "bin" / "gunicorn").exists():
        raise SystemExit(
            "var/oscar-venv is missing: run `make bench-compare` (it installs bench/oscar/requirements.txt)"
        )
    env = server_env(args)
    if not args.skip_setup:
        prepare(args, env)
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    ports = args.ports or (free_port(), free_port())
    cold_port = free_port()
    loads = [f"start: {load_average()}"]
    work = workloads(args)
    results: dict[tuple[str, str], list[Result]] = {(shop, e): [] for shop in SHOPS for e in args.only}
    with ExitStack() as stack:
        served = {
            "cached": stack.enter_context(
                gunicorn(
                    gunicorn_command(sys.executable, "config.wsgi:application", ports[0], args.workers, ROOT),
                    env,
                    ROOT,
                    ports[0],
                    "privashop",
                )
            ),
            "cold": stack.enter_context(
                gunicorn(
                    gunicorn_command(sys.executable, "config.wsgi:application", cold_port, args.workers, ROOT),
                    {**env, "SHOP_CATALOG_CACHE_TIMEOUT": "0"},
                    ROOT,
                    cold_port,
                    "privashop",
                )
            ),
            "oscar": stack.enter_context(
                gunicorn(
                    gunicorn_command(
                        str(OSCAR_VENV / "bin" / "python"), "wsgi:application", ports[1], args.workers, OSCAR_DIR
                    ),
                    oscar_server_env(args),
                    OSCAR_DIR,
                    ports[1],
                    "oscar",
                )
            ),
        }
        collect_etags(served["cached"], work["privashop"])
        collect_etags(served["oscar"], work["oscar"])
        for round_number in range(args.rounds):
            order = SHOPS if round_number % 2 == 0 else SHOPS[::-1]
            for endpoint in args.only:
                for shop in order:
                    port = served["oscar"] if shop == "oscar" else served[ENDPOINTS[endpoint][1]]
                    results[(shop, endpoint)].append(measure(args, port, work[shop], endpoint, round_number))
            loads.append(f"after round {round_number + 1}: {load_average()}")
            print(f"round {round_number + 1}/{args.rounds} done ({load_average()})", flush=True)
    report(args, results, loads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
