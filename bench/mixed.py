"""The mixed-load benchmark: virtual users browsing, filling carts and checking out at once, through the real
API, against gunicorn with PostgreSQL and Redis (cache, throttles, sessions' rate limits, Celery broker).

Each virtual user is a bench buyer (``bench/checkout_fixture.py``) logged in through the headless app API on its
own keep-alive connection. Once all are in, each repeats, until the time or the request budget is spent, one
action drawn at random: browse 80% (a product list page or search, or a product's detail, half each), cart 15%
(add one unit of the bench product when its cart is empty, otherwise read the cart) and checkout 5%
(``POST /api/v1/orders/`` with a fresh ``Idempotency-Key``; a user whose cart is empty adds the unit first, that
request counted as cart). Carts therefore never hold more than one unit, so every order takes one unit and
``bench.checkout.oversell_check`` applies unchanged. ``insufficient_stock`` once the stock is gone is an expected
refusal, counted apart from the errors; any other non-2xx answer or network failure is an error.
"""

import argparse
import http.client
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from random import Random
from typing import Any

from bench.checkout import (
    CART_ITEMS_PATH,
    ORDERS_PATH,
    SOLD_OUT,
    CheckoutResult,
    Fixture,
    http_call,
    log_in,
    oversell_check,
    quantile_ms,
    result_label,
)
from bench.load import RequestBudget
from bench.summary import record
from bench.workload import DETAIL_PATH, LIST_PATH, list_queries

CART_PATH = "/api/v1/cart/"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
KINDS = ("browse", "cart", "checkout")
WEIGHTS = (80, 15, 5)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mixed-users", type=int, default=16, help="mixed: virtual users (max 64)")
    parser.add_argument("--mixed-seconds", type=float, default=20.0, help="mixed: seconds measured (max 120)")
    parser.add_argument("--mixed-units", type=int, default=50, help="mixed: units of the bench product in stock")
    parser.add_argument("--mixed-max-requests", type=int, default=100_000, help="mixed: cap on requests")


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if not 0 < args.mixed_users <= 64 or not 0 < args.mixed_seconds <= 120:
        parser.error("--mixed-users must be in [1, 64], --mixed-seconds in (0, 120]")
    if not 0 < args.mixed_units <= 100_000 or args.mixed_max_requests < 1:
        parser.error("--mixed-units must be in [1, 100000], --mixed-max-requests >= 1")


def redis_url(args: argparse.Namespace) -> str:
    """The server's Redis: ``--redis-url`` when given, else a bench database on the local Redis. Exits when
    it does not answer, since the point of this benchmark is the production stack."""
    import redis

    url = args.redis_url or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError as exc:
        raise SystemExit(f"mixed: Redis at {url} does not answer ({type(exc).__name__}); pass --redis-url") from exc
    return url


@dataclass
class MixedResult:
    """What one mixed run measured, merged over the virtual users."""

    elapsed: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    refusals: Counter = field(default_factory=Counter)  # "kind HTTP <status> insufficient_stock" -> count
    errors: Counter = field(default_factory=Counter)  # "kind HTTP <status> <code>" or "kind network <exc>"
    placed: int = 0

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values()) + sum(self.errors.values())

    def merge(self, other: "MixedResult") -> None:
        for kind in KINDS:
            self.latencies[kind] += other.latencies[kind]
        self.refusals.update(other.refusals)
        self.errors.update(other.errors)
        self.placed += other.placed


class _User:
    """One virtual user's session: its connection, token, whether its cart holds the unit, what it measured."""

    def __init__(self, *, port: int, buyer: dict[str, Any], fixture: Fixture, paths: list[str], rng: Random):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.buyer, self.fixture, self.paths, self.rng = buyer, fixture, paths, rng
        self.headers: dict[str, str] = {}
        self.has_line = False
        self.result = MixedResult()

    def log_in(self) -> None:
        self.headers = {"X-Session-Token": log_in(self.connection, self.buyer["email"], self.fixture.password)}
        # Warms this connection and the server's code paths before the clock starts.
        http_call(self.connection, "GET", CART_PATH, None, self.headers)
        http_call(self.connection, "GET", self.paths[0], None, self.headers)

    def _request(self, kind: str, method: str, path: str, body: Any, headers: dict[str, str]) -> tuple[int, dict]:
        """One request of ``kind``: a 2xx is timed, ``insufficient_stock`` is a refusal, anything else an error.
        Returns (status, body); status 0 after a network failure (the connection is reopened on next use)."""
        try:
            status, decoded, seconds, _ = http_call(self.connection, method, path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            self.connection.close()
            self.result.errors[f"{kind} network {type(exc).__name__}"] += 1
            return 0, {}
        if 200 <= status < 300:
            self.result.latencies[kind].append(seconds)
        elif decoded.get("code") == SOLD_OUT:
            self.result.refusals[result_label(kind, status, decoded)] += 1
        else:
            self.result.errors[result_label(kind, status, decoded)] += 1
        return status, decoded

    def _add_unit(self) -> bool:
        body = {"variant": self.fixture.variant_id, "quantity": 1}
        status, _ = self._request("cart", "POST", CART_ITEMS_PATH, body, self.headers)
        self.has_line = status in (200, 201)
        return self.has_line

    def step(self, kind: str) -> None:
        if kind == "browse":
            self._request("browse", "GET", self.rng.choice(self.paths), None, self.headers)
        elif kind == "cart":
            if self.has_line:
                self._request("cart", "GET", CART_PATH, None, self.headers)
            else:
                self._add_unit()
        elif self.has_line or self._add_unit():
            key = {"Idempotency-Key": str(uuid.uuid4()), **self.headers}
            status, _ = self._request("checkout", "POST", ORDERS_PATH, {"address": self.buyer["address_id"]}, key)
            if status == 201:
                self.result.placed += 1
                self.has_line = False


def _virtual_user(
    *,
    user: _User,
    start: threading.Barrier,
    clock: dict[str, float],
    budget: RequestBudget,
    result: MixedResult,
    lock: threading.Lock,
    failures: list[str],
) -> None:
    try:
        try:
            user.log_in()
        except (OSError, http.client.HTTPException, RuntimeError) as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
            start.abort()
            return
        try:
            start.wait(timeout=120)
        except threading.BrokenBarrierError:
            return
        # The wait for the others' logins can outlast gunicorn's keep-alive on a loaded machine: reconnect.
        user.connection.close()
        deadline = clock["deadline"]
        while time.perf_counter() < deadline and budget.take():
            user.step(user.rng.choices(KINDS, weights=WEIGHTS)[0])
    finally:
        user.connection.close()
        with lock:
            result.merge(user.result)


def mixed_run(
    *, port: int, fixture: Fixture, slugs: list[str], seconds: float, max_requests: int, seed: int
) -> MixedResult:
    """Log the virtual users in, start them together, and let them act for ``seconds`` (or ``max_requests``
    actions in all); returns every latency, refusal and error. Raises ``RuntimeError`` when a login failed."""
    paths = [f"{LIST_PATH}?{query}" for query in list_queries()]
    # As many detail paths as list paths, so browsing is half lists, half details.
    paths += [DETAIL_PATH.format(slug=slug) for slug in (slugs * len(paths))[: len(paths)]]
    result = MixedResult()
    lock = threading.Lock()
    budget = RequestBudget(max_requests)
    clock: dict[str, float] = {}
    failures: list[str] = []

    def begin() -> None:  # run by the barrier once, when every user is logged in
        clock["started"] = time.perf_counter()
        clock["deadline"] = clock["started"] + seconds

    start = threading.Barrier(len(fixture.buyers), action=begin)
    users = [
        _User(port=port, buyer=buyer, fixture=fixture, paths=paths, rng=Random(seed * 1000 + number))
        for number, buyer in enumerate(fixture.buyers, start=1)
    ]
    threads = [
        threading.Thread(
            target=_virtual_user,
            kwargs={
                "user": user,
                "start": start,
                "clock": clock,
                "budget": budget,
                "result": result,
                "lock": lock,
                "failures": failures,
            },
            name=f"bench-user-{number}",
            daemon=True,
        )
        for number, user in enumerate(users, start=1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 180)
    if failures:
        raise RuntimeError(failures[0])
    result.elapsed = time.perf_counter() - clock.get("started", time.perf_counter())
    return result


def _row(label: str, samples: list[float], elapsed: float, errors: int) -> str:
    return (
        f"{label:<30}{len(samples) + errors:>9}{errors:>8}{len(samples) / elapsed:>9.1f}"
        f"{quantile_ms(samples, 0.5):>9.2f}{quantile_ms(samples, 0.95):>9.2f}{quantile_ms(samples, 0.99):>9.2f}"
    )


def mixed_report(*, args: argparse.Namespace, fixture: Fixture, result: MixedResult, database_url: str) -> bool:
    """Print the table, the error rate and the oversell check; returns whether both are clean."""
    threads = args.threads if args.worker_class == "gthread" else 1
    print(
        f"\nmixed load: {len(fixture.buyers)} virtual users (browse {WEIGHTS[0]}%, cart {WEIGHTS[1]}%, checkout "
        f"{WEIGHTS[2]}%), {result.elapsed:.2f} s; gunicorn {args.worker_class}, {args.workers} workers x {threads} "
        f"threads, PostgreSQL and Redis ({args.mixed_redis_url}); {fixture.units} units of {fixture.sku}"
    )
    print(f"{'kind':<30}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    elapsed = result.elapsed or float("inf")
    every = [seconds for kind in KINDS for seconds in result.latencies[kind]]
    errors = sum(result.errors.values())
    print(_row("all (2xx answers)", every, elapsed, errors))
    for kind in KINDS:
        kind_errors = sum(count for label, count in result.errors.items() if label.startswith(kind))
        print(_row(f"  {kind}", result.latencies[kind], elapsed, kind_errors))
    refusals = sum(result.refusals.values())
    total = result.requests + refusals
    rate = errors / total if total else 0.0
    print(
        f"throughput: {len(every) / elapsed:.1f} answered requests per second ({total} requests in all); "
        f"orders placed: {result.placed}"
    )
    print(
        f"expected refusals ({SOLD_OUT}): {refusals}"
        + "".join(f"\n    {count} x {label}" for label, count in result.refusals.most_common())
    )
    record("mixed browse/cart/checkout (0 errors)", len(every) / elapsed, "/s", target=2 * 93)
    record("mixed: errors", errors, "", target=0, at_most=True)
    print(
        f"error rate: {rate:.4%} ({errors} errors)"
        + "".join(f"\n    {count} x {label}" for label, count in result.errors.most_common())
    )
    stock = CheckoutResult(placed=[0.0] * result.placed)
    stock.sold_out = [0.0] * sum(count for label, count in result.refusals.items() if label.startswith("checkout"))
    stock.sold_out_at_cart = sum(count for label, count in result.refusals.items() if label.startswith("cart"))
    check = oversell_check(database_url=database_url, fixture=fixture, result=stock)
    if not check.stock_exhausted:
        print("note: the stock was not sold out: the race for the last units did not happen (lower --mixed-units)")
    problems = check.problems
    print(
        f"oversell check: {'OK' if not problems else 'FAILED'}: {check.orders_in_database} orders in the database "
        f"({check.orders_answered} answered 201), {check.units_sold} units sold of {check.units}, "
        f"stock left {check.stock_left}" + "".join(f"\n    {problem}" for problem in problems)
    )
    return not problems and errors == 0
