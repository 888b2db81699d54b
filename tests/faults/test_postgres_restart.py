"""PostgreSQL goes away under load and comes back: gunicorn keeps answering, requests made during the outage
fail cleanly (a 5xx page without a traceback, or a refused connection) and, once the database is back,
requests succeed again on fresh connections (``CONN_HEALTH_CHECKS``).

Everything runs on a PRIVATE cluster (``initdb`` into a temporary folder, its own port and socket folder):
the machine's shared PostgreSQL is never stopped."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings

from tests.faults.conftest import answers, free_port, wait_for

pytestmark = [pytest.mark.postgres]

ROOT = Path(settings.BASE_DIR)
PATHS = ("/", "/api/v1/products/")
# Words of a traceback or a driver error that must never reach a visitor.
LEAKS = ("Traceback", "OperationalError", "psycopg", "connection to server", 'File "')


def _as_postgres(*command: str) -> list[str]:
    """Run as the ``postgres`` OS user when we are root (PostgreSQL refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@dataclass
class PrivateCluster:
    bin_dir: Path
    base: Path
    port: int

    @property
    def data(self) -> Path:
        return self.base / "data"

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "server.log")]
        subprocess.run(_as_postgres(*command, "-o", options, "-w", "-t", "30", *args), check=True, capture_output=True)


@pytest.fixture
def private_cluster() -> Iterator[PrivateCluster]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL server binaries (initdb) are not installed")
    # Not under pytest's tmp_path: its parent folders are private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="privashop-pg-"))
    base.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    cluster = PrivateCluster(bin_dir=Path(found[-1]).parent, base=base, port=free_port())
    try:
        initdb = [str(cluster.bin_dir / "initdb"), "-D", str(cluster.data), "-A", "trust", "-U", "postgres"]
        subprocess.run(_as_postgres(*initdb, "--no-sync"), check=True, capture_output=True)
        cluster.pg_ctl("start")
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE privashop")
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            cluster.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def site(private_cluster, tmp_path) -> Iterator[str]:
    """The site migrated onto the private cluster and served by gunicorn (two sync workers); yields its URL."""
    env = {key: value for key, value in os.environ.items() if key != "PRIVASHOP_REQUIRE_SERVICES"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=private_cluster.url("privashop"),
        DJANGO_LOG_LEVEL="CRITICAL",
        # The shared cache of anonymous catalog answers (shop/api/catalog_cache.py) answers without a query:
        # off here, so every request of the load goes to the database this test stops (as bench/compare.py).
        SHOP_CATALOG_CACHE_TIMEOUT="0",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=180
    )
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
    command += ["--timeout", "20", "--graceful-timeout", "2"]
    log = open(tmp_path / "gunicorn.log", "w+")  # noqa: SIM115 - closed in the teardown below
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: answers(port), timeout=30, what="gunicorn")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@dataclass
class Load:
    """GETs from two threads, round-robin over ``PATHS``; every outcome is kept with the time it was sent
    (a request sent before the database stopped may still succeed after: it is not counted as "during")."""

    url: str
    results: list[tuple[float, str, int | str, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def _run(self) -> None:
        session = requests.Session()
        n = 0
        while not self.stop.is_set():
            path = PATHS[n % len(PATHS)]
            n += 1
            began = time.monotonic()
            try:
                response = session.get(self.url + path, timeout=10)
                outcome: int | str = response.status_code
                body = response.text
            except requests.RequestException as exc:
                outcome, body = type(exc).__name__, ""
            self.results.append((began, path, outcome, body))
            time.sleep(0.02)

    def __enter__(self) -> "Load":
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(2)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)

    def since(self, moment: float) -> list[tuple[float, str, int | str, str]]:
        return [result for result in list(self.results) if result[0] > moment]


def test_requests_fail_cleanly_while_postgres_is_down_and_succeed_after_it_restarts(private_cluster, site):
    with Load(site) as load:
        # given the site answering under load
        wait_for(lambda: sum(1 for r in load.results if r[2] == 200) >= 10, timeout=30, what="warm-up requests")

        # when the cluster stops (open connections cut) and requests keep coming
        private_cluster.pg_ctl("stop", "-m", "immediate")
        stopped = time.monotonic()
        wait_for(lambda: len(load.since(stopped)) >= 6, timeout=30, what="requests during the outage")
        during = load.since(stopped)

        # and it starts again
        private_cluster.pg_ctl("start")
        restarted = time.monotonic()
        wait_for(lambda: sum(1 for r in load.since(restarted) if r[2] == 200) >= 10, timeout=30, what="recovery")

    # then every request during the outage failed cleanly: an error status with a plain body, or no answer
    failures = [(path, outcome) for _, path, outcome, _ in during if outcome == 200]
    assert failures == [], "requests answered 200 with the database down"
    assert all(outcome in (500, 503) or isinstance(outcome, str) for _, _, outcome, _ in during)
    assert not [body for *_, body in during if any(leak in body for leak in LEAKS)]
    # and after the restart the site recovered: the last requests all succeeded
    assert [r[2] for r in load.results[-6:]] == [200] * 6
