"""Suite-wide fixtures and the report of which service-dependent tests were skipped, and why."""

import fcntl

import pytest
from celery._state import _set_task_join_will_block
from django.conf import settings
from django.core.cache import cache

from privacy.models import Channel, PolicyAcceptance
from tests.accounts.factories import UserFactory
from tests.privacy.factories import PolicyVersionFactory


def _missing_services() -> dict[str, str]:
    return dict(settings.SERVICE_SKIP_REASONS)


def pytest_report_header(config) -> list[str]:
    db = settings.DATABASES["default"]
    lines = [f"privashop: database {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('HOST') or db['NAME']})"]
    lines.append(f"privashop: broker {'redis' if settings.REDIS_AVAILABLE else 'none (in-memory)'}")
    for reason in _missing_services().values():
        lines.append(f"privashop: FALLBACK - {reason}; tests that need it will be SKIPPED")
    return lines


def pytest_collection_modifyitems(config, items) -> None:
    missing = _missing_services()
    for item in items:
        for service, reason in missing.items():
            if item.get_closest_marker(service):
                item.add_marker(pytest.mark.skip(reason=f"needs {service}: {reason}"))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    missing = _missing_services()
    if not missing:
        terminalreporter.write_line("privashop: all service tests ran against real PostgreSQL, Redis and Chromium.")
        return
    skipped = terminalreporter.stats.get("skipped", [])
    terminalreporter.write_line(
        f"privashop: FELL BACK ({'; '.join(missing.values())}): {len(skipped)} service tests were skipped. "
        "Start PostgreSQL/Redis (or set DATABASE_URL/REDIS_URL) and install chromium to run them.",
        yellow=True,
        bold=True,
    )


@pytest.fixture(autouse=True)
def _one_redis_test_at_a_time(request, tmp_path_factory):
    """Under pytest-xdist (``make test`` runs one process per core) the tests that use the project's Redis
    database (marked ``redis`` or ``shared_redis``) take turns, across processes, on a lock file of the run: a
    real Celery worker consumes that database's default queue, and the residue scans read all of it, so a test
    in another process would steal a task or find another test's data. Everything else a test touches is its
    own per process: the test database (``test_<name>_gw0``), the live server and loopback fakes (free ports),
    ``tmp_path`` (media, exports, worker logs), private Redis and PostgreSQL servers, e2e screenshot folders.
    (xdist's own ``xdist_group`` does not group under pytest 9: it renames a node attribute pytest 9 no longer
    reads.)"""
    marked = request.node.get_closest_marker("redis") or request.node.get_closest_marker("shared_redis")
    if not hasattr(request.config, "workerinput") or not marked:  # one process: nothing runs beside it
        yield
        return
    with open(tmp_path_factory.getbasetemp().parent / "shared-redis.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVACY_EXPORT_ROOT = tmp_path / "exports"


@pytest.fixture
def published_policy():
    """A material version in effect: every signed-in user must have accepted it."""
    return PolicyVersionFactory(version="2026-01", material=True)


@pytest.fixture
def accepting_user(published_policy):
    """A user who accepted ``published_policy`` at sign-up."""
    user = UserFactory()
    PolicyAcceptance.objects.create(
        user=user,
        version=published_policy,
        body_digest=published_policy.body_digest,
        ip_address="203.0.113.1",
        user_agent="pytest",
        channel=Channel.SIGNUP,
    )
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and other cache entries must not leak from one test into the next (ids repeat on SQLite)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_join_state():
    """A worker built in-process (a worker test, a fault test) marks the process as one where joining a
    result would block; eager tasks that retry then refuse to run. Each test starts from a plain process."""
    _set_task_join_will_block(False)
