"""A small closed-loop HTTP load generator: N threads, one keep-alive connection each, loopback only."""

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random


@dataclass
class Sample:
    path: str
    seconds: float
    queries: int | None


@dataclass
class Result:
    """What one timed run measured."""

    elapsed: float
    samples: list[Sample] = field(default_factory=list)
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)

    def select(self, predicate: Callable[[str], bool] | None = None) -> list[Sample]:
        return [sample for sample in self.samples if predicate is None or predicate(sample.path)]

    @property
    def per_second(self) -> float:
        return len(self.samples) / self.elapsed if self.elapsed else 0.0


def latency_ms(samples: list[Sample], quantile: float) -> float:
    """The ``quantile`` (0.5 = median) of the latencies, nearest-rank, in milliseconds."""
    values = sorted(sample.seconds for sample in samples)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, round(quantile * (len(values) - 1)))] * 1000


def queries_per_request(samples: list[Sample]) -> float:
    counted = [sample.queries for sample in samples if sample.queries is not None]
    return statistics.fmean(counted) if counted else float("nan")


class RequestBudget:
    """How many requests (or checkout attempts) may still start, shared by the threads of one run."""

    def __init__(self, total: int) -> None:
        self._left = total
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            self._left -= 1
            return self._left >= 0


def _client(
    port: int,
    paths: list[str],
    rng: Random,
    deadline: float,
    budget: RequestBudget,
    result: Result,
    lock: threading.Lock,
    etags: dict[str, str] | None = None,
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    samples: list[Sample] = []
    errors: list[str] = []
    headers = {"Accept": "application/json"}
    ok = (200, 304) if etags is not None else (200,)
    try:
        while time.perf_counter() < deadline and budget.take():
            path = rng.choice(paths)
            if etags is not None:
                headers["If-None-Match"] = etags[path]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                errors.append(f"{path}: {type(exc).__name__}")
                continue
            seconds = time.perf_counter() - started
            if response.status not in ok:
                errors.append(f"{path}: HTTP {response.status}")
                continue
            queries = response.getheader("X-Query-Count")
            samples.append(Sample(path, seconds, int(queries) if queries is not None else None))
    finally:
        connection.close()
        with lock:
            result.samples.extend(samples)
            result.errors += len(errors)
            result.error_examples.extend(errors[: 5 - len(result.error_examples)])


def run_load(
    *,
    port: int,
    paths: list[str],
    seconds: float,
    concurrency: int,
    max_requests: int,
    seed: int,
    etags: dict[str, str] | None = None,
) -> Result:
    """Keep ``concurrency`` requests in flight for ``seconds`` (or ``max_requests``), each thread picking
    paths at random from ``paths`` with its own seeded generator; returns every latency and error.

    ``etags`` (path -> entity tag) makes every request conditional (``If-None-Match``): a 304 then counts as
    an answer like a 200."""
    result = Result(elapsed=0.0)
    budget = RequestBudget(max_requests)
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(
            target=_client,
            args=(port, paths, Random(seed * 1000 + number), deadline, budget, result, lock, etags),
            name=f"bench-client-{number}",
            daemon=True,
        )
        for number in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    result.elapsed = time.perf_counter() - started
    return result
