"""The checkout benchmark: buyers racing for one product's limited stock through the real API, then the
oversell check in the database.

``checkout_prepare`` resets the bench rows (``bench/checkout_fixture.py``). ``checkout_run`` logs every
buyer in through the headless app API (``X-Session-Token``), waits until all are ready, then each buyer, on
its own keep-alive connection, repeats: add one unit to the cart, ``POST /api/v1/orders/`` with a fresh
``Idempotency-Key``, until the stock is gone (``insufficient_stock``, expected and counted apart from
errors), the time is up or the attempt budget is spent. ``oversell_check`` then reads what the database
holds: the orders for the product, the units they took and the stock left must agree with each other and
with the 201 answers the buyers got. Loopback only; no Django in this process.
"""

import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psycopg

from bench.load import RequestBudget

ROOT = Path(__file__).resolve().parent.parent

LOGIN_PATH = "/_allauth/app/v1/auth/login"
CART_ITEMS_PATH = "/api/v1/cart/items/"
ORDERS_PATH = "/api/v1/orders/"
SOLD_OUT = "insufficient_stock"


@dataclass(frozen=True)
class Fixture:
    """What ``checkout_prepare`` set up: the buyers (email, user id, address id), their password, the variant."""

    buyers: list[dict[str, Any]]
    password: str
    variant_id: int
    sku: str
    units: int
    shipping_method_id: int
    voucher_code: str
    order_total: str  # what each order must cost, by the shop's pricing: shipping, tax and the voucher
    order_tax: str
    distinct: bool = False  # each buyer buys their own variant (no row lock shared) instead of racing for one

    @property
    def variant_ids(self) -> list[int]:
        return [buyer["own_variant_id"] for buyer in self.buyers] if self.distinct else [self.variant_id]


@dataclass
class CheckoutResult:
    """What one checkout run measured, merged over the buyers."""

    elapsed: float = 0.0
    placed: list[float] = field(default_factory=list)  # seconds of each checkout answered 201
    placed_queries: list[int] = field(default_factory=list)
    cart_adds: list[float] = field(default_factory=list)  # seconds of each successful add to cart
    sold_out: list[float] = field(default_factory=list)  # seconds of each checkout refused insufficient_stock
    sold_out_at_cart: int = 0  # adds to cart refused insufficient_stock (the stock was already gone)
    errors: Counter = field(default_factory=Counter)  # "cart|checkout HTTP <status> <code>" -> count
    attempts: int = 0

    @property
    def orders_per_second(self) -> float:
        return len(self.placed) / self.elapsed if self.elapsed else 0.0


@dataclass(frozen=True)
class OversellCheck:
    units: int
    orders_answered: int  # 201 answers the buyers got
    orders_in_database: int  # orders holding the bench variant
    units_sold: int  # sum of those lines' quantities
    stock_left: int
    stock_exhausted: bool
    mispriced: int = 0  # orders whose total, tax, voucher or shipping method differ from the expected

    @property
    def problems(self) -> list[str]:
        found = []
        if self.stock_left < 0:
            found.append(f"the stock is negative ({self.stock_left})")
        if self.units_sold != self.units - self.stock_left:
            found.append(f"{self.units_sold} units sold but the stock fell by {self.units - self.stock_left}")
        if self.orders_in_database != self.orders_answered:
            found.append(f"{self.orders_in_database} orders in the database, {self.orders_answered} answered 201")
        if self.units_sold != self.orders_in_database:
            found.append(f"{self.units_sold} units in {self.orders_in_database} one-unit orders")
        if self.mispriced:
            found.append(f"{self.mispriced} orders do not carry the expected total, tax, voucher and shipping")
        if self.stock_exhausted and self.stock_left != 0:
            found.append(f"buyers were told the stock is gone while {self.stock_left} units are left")
        return found


def own_variants(fixture: Fixture) -> "Fixture":
    """The same fixture for the uncontended run: each buyer buys their own variant (``own_variant_id``), each
    with ``units`` in stock; the checks then sum over those variants."""
    return replace(fixture, distinct=True, units=fixture.units * len(fixture.buyers))


def checkout_prepare(*, env: dict[str, str], buyers: int, units: int) -> Fixture:
    """Create or reuse the bench buyers and product and reset them (see ``bench/checkout_fixture.py``)."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.checkout_fixture", "--buyers", str(buyers), "--units", str(units)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(completed.stdout)
    return Fixture(
        buyers=data["buyers"],
        password=data["password"],
        variant_id=data["variant_id"],
        sku=data["sku"],
        units=units,
        shipping_method_id=data["shipping_method_id"],
        voucher_code=data["voucher_code"],
        order_total=data["order_total"],
        order_tax=data["order_tax"],
    )


def http_call(
    connection: http.client.HTTPConnection, method: str, path: str, body: Any, headers: dict[str, str]
) -> tuple[int, dict, float, int | None]:
    """One JSON request; returns (status, decoded body or {}, seconds, X-Query-Count)."""
    payload = json.dumps(body).encode() if body is not None else None
    all_headers = {"Accept": "application/json", **headers}
    if payload is not None:
        all_headers["Content-Type"] = "application/json"
    started = time.perf_counter()
    connection.request(method, path, body=payload, headers=all_headers)
    response = connection.getresponse()
    raw = response.read()
    seconds = time.perf_counter() - started
    try:
        decoded = json.loads(raw) if raw else {}
    except ValueError:
        decoded = {}
    queries = response.getheader("X-Query-Count")
    return response.status, decoded if isinstance(decoded, dict) else {}, seconds, int(queries) if queries else None


def result_label(step: str, status: int, body: dict) -> str:
    code = body.get("code") or (body.get("errors") or [{}])[0].get("code", "")
    return f"{step} HTTP {status} {code}".rstrip()


def log_in(connection: http.client.HTTPConnection, email: str, password: str) -> str:
    status, body, _, _ = http_call(connection, "POST", LOGIN_PATH, {"email": email, "password": password}, {})
    token = (body.get("meta") or {}).get("session_token")
    if status != 200 or not token:
        hint = " (allauth's login rate limit: wait a minute)" if status == 429 else ""
        raise RuntimeError(f"login of a bench buyer answered HTTP {status}{hint}")
    return token


def _buyer(
    *,
    port: int,
    buyer: dict[str, Any],
    fixture: Fixture,
    start: threading.Barrier,
    clock: dict[str, float],
    budget: RequestBudget,
    result: CheckoutResult,
    lock: threading.Lock,
    failures: list[str],
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    mine = CheckoutResult()
    try:
        try:
            token = log_in(connection, buyer["email"], fixture.password)
            headers = {"X-Session-Token": token}
            # Warms this connection and the server's code paths before the clock starts.
            http_call(connection, "GET", "/api/v1/cart/", None, headers)
        except (OSError, http.client.HTTPException, RuntimeError) as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
            start.abort()
            return
        try:
            start.wait(timeout=120)
        except threading.BrokenBarrierError:
            return
        # On a loaded machine the wait for the others' logins can outlast gunicorn's keep-alive (5 s): open a fresh
        # connection for the measured requests rather than meet a closed one (BrokenPipeError).
        connection.close()
        deadline = clock["deadline"]
        add = {"variant": buyer["own_variant_id"] if fixture.distinct else fixture.variant_id, "quantity": 1}
        order = {
            "address": buyer["address_id"],
            "shipping_method": fixture.shipping_method_id,
            "voucher_code": fixture.voucher_code,
        }
        while time.perf_counter() < deadline and budget.take():
            mine.attempts += 1
            try:
                status, body, seconds, _ = http_call(connection, "POST", CART_ITEMS_PATH, add, headers)
                if status not in (200, 201):
                    if body.get("code") == SOLD_OUT:
                        mine.sold_out_at_cart += 1
                    else:
                        mine.errors[result_label("cart", status, body)] += 1
                    break
                mine.cart_adds.append(seconds)
                key = {"Idempotency-Key": str(uuid.uuid4()), **headers}
                status, body, seconds, queries = http_call(connection, "POST", ORDERS_PATH, order, key)
            except (OSError, http.client.HTTPException) as exc:
                # The cart's or the order's state is unknown now: this buyer stops, the check still holds.
                mine.errors[f"network {type(exc).__name__}"] += 1
                break
            if status == 201:
                mine.placed.append(seconds)
                if queries is not None:
                    mine.placed_queries.append(queries)
            elif body.get("code") == SOLD_OUT:
                mine.sold_out.append(seconds)
                break
            else:
                mine.errors[result_label("checkout", status, body)] += 1
                break
    finally:
        connection.close()
        with lock:
            result.placed += mine.placed
            result.placed_queries += mine.placed_queries
            result.cart_adds += mine.cart_adds
            result.sold_out += mine.sold_out
            result.sold_out_at_cart += mine.sold_out_at_cart
            result.errors.update(mine.errors)
            result.attempts += mine.attempts


def checkout_run(*, port: int, fixture: Fixture, seconds: float, max_attempts: int) -> CheckoutResult:
    """Log the buyers in, start them together, and let them buy for at most ``seconds`` (or
    ``max_attempts`` checkouts in all); returns every latency and refusal. Raises ``RuntimeError`` when a
    buyer could not log in."""
    result = CheckoutResult()
    lock = threading.Lock()
    budget = RequestBudget(max_attempts)
    clock: dict[str, float] = {}
    failures: list[str] = []

    def begin() -> None:  # run by the barrier once, when every buyer is logged in
        clock["started"] = time.perf_counter()
        clock["deadline"] = clock["started"] + seconds

    start = threading.Barrier(len(fixture.buyers), action=begin)
    threads = [
        threading.Thread(
            target=_buyer,
            kwargs={
                "port": port,
                "buyer": buyer,
                "fixture": fixture,
                "start": start,
                "clock": clock,
                "budget": budget,
                "result": result,
                "lock": lock,
                "failures": failures,
            },
            name=f"bench-buyer-{number}",
            daemon=True,
        )
        for number, buyer in enumerate(fixture.buyers, start=1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 180)
    if failures:
        raise RuntimeError(failures[0])
    result.elapsed = time.perf_counter() - clock.get("started", time.perf_counter())
    return result


def oversell_check(*, database_url: str, fixture: Fixture, result: CheckoutResult) -> OversellCheck:
    """Read the orders of the bench variant and its stock after the run."""
    with psycopg.connect(database_url) as connection:
        variants = fixture.variant_ids
        orders, units_sold = connection.execute(
            "SELECT count(DISTINCT order_id), coalesce(sum(quantity), 0) FROM orders_orderline "
            "WHERE variant_id = ANY(%s)",
            [variants],
        ).fetchone()
        [stock_left, lowest] = connection.execute(
            "SELECT sum(stock), min(stock) FROM shop_productvariant WHERE id = ANY(%s)", [variants]
        ).fetchone()
        [mispriced] = connection.execute(
            "SELECT count(*) FROM orders_order o WHERE o.id IN "
            "(SELECT order_id FROM orders_orderline WHERE variant_id = ANY(%s)) AND NOT "
            "(o.total = %s AND o.tax_total = %s AND o.voucher_code = %s AND o.shipping_method_id = %s)",
            [
                variants,
                fixture.order_total,
                fixture.order_tax,
                fixture.voucher_code,
                fixture.shipping_method_id,
            ],
        ).fetchone()
    return OversellCheck(
        units=fixture.units,
        orders_answered=len(result.placed),
        orders_in_database=orders,
        units_sold=int(units_sold),
        stock_left=int(stock_left) if lowest >= 0 else int(lowest),
        stock_exhausted=bool(result.sold_out or result.sold_out_at_cart),
        mispriced=mispriced,
    )


def quantile_ms(values: list[float], quantile: float) -> float:
    """Nearest-rank quantile in milliseconds, as ``bench.load.latency_ms``."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(quantile * (len(ordered) - 1)))] * 1000


def checkout_report(*, fixture: Fixture, result: CheckoutResult, check: OversellCheck, seconds: float) -> bool:
    """Print the checkout table and the oversell check; returns whether the check passed."""
    what = (
        f"each buying their own product ({fixture.units // len(fixture.buyers)} units each)"
        if fixture.distinct
        else f"racing for {fixture.units} units of {fixture.sku}"
    )
    print(
        f"\ncheckout: {len(fixture.buyers)} concurrent buyers, one keep-alive connection each, {what} "
        f"(1 unit per order); at most {seconds:g} s; each order with a "
        f"shipping method, tax and voucher {fixture.voucher_code}: {fixture.order_total} (tax {fixture.order_tax})"
    )
    print(f"{'request':<42}{'count':>9}{'per s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'queries':>9}")
    rows = (
        ("POST /api/v1/orders/ -> 201 placed", result.placed, result.placed_queries),
        ("POST /api/v1/orders/ -> 400 sold out", result.sold_out, []),
        ("POST /api/v1/cart/items/ -> 201", result.cart_adds, []),
    )
    for label, samples, queries in rows:
        per_second = len(samples) / result.elapsed if result.elapsed else 0.0
        mean_queries = f"{statistics.fmean(queries):>9.1f}" if queries else f"{'':>9}"
        print(
            f"{label:<42}{len(samples):>9}{per_second:>9.1f}{quantile_ms(samples, 0.5):>9.2f}"
            f"{quantile_ms(samples, 0.95):>9.2f}{quantile_ms(samples, 0.99):>9.2f}{mean_queries}"
        )
    print(
        f"orders per second: {result.orders_per_second:.1f} ({len(result.placed)} orders in {result.elapsed:.2f} s, "
        f"until every buyer stopped); cart adds refused as sold out: {result.sold_out_at_cart}"
    )
    errors = sum(result.errors.values())
    print(f"errors: {errors}" + "".join(f"\n    {count} x {label}" for label, count in result.errors.most_common()))
    if not check.stock_exhausted and not fixture.distinct:
        print("note: the stock was not sold out within the time or attempt budget: the race for the last units "
              "did not happen (raise --checkout-seconds or lower --checkout-units)")  # fmt: skip
    problems = check.problems
    print(
        f"oversell check: {'OK' if not problems else 'FAILED'}: {check.orders_in_database} orders in the database "
        f"({check.orders_answered} answered 201), {check.units_sold} units sold of {check.units}, "
        f"stock left {check.stock_left}, {check.mispriced} mispriced"
        + "".join(f"\n    {problem}" for problem in problems)
    )
    return not problems
