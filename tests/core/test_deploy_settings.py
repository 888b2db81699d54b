"""The production settings pass Django's deployment checklist, and refuse to start without a secret."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
# Variables a deployment must provide itself; the parent test run's values must not leak in.
_OWN_VARIABLES = ("DJANGO_", "PRIVACY_")


def _production_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(_OWN_VARIABLES)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_ALLOWED_HOSTS="shop.example.com",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        PRIVACY_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        PRIVACY_HASH_KEY=secrets.token_urlsafe(48),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(autouse=True)
def _no_dotenv():
    if (ROOT / ".env").exists():
        pytest.skip("a local .env file would feed the production settings; these checks need a clean environment")


@pytest.mark.promise("F1")
def test_deploy_checklist_passes_without_warnings():
    # when
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())

    # then
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_production_refuses_to_start_without_a_secret_key():
    # given
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]

    # when
    result = _manage("check", env=env)

    # then
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    # given
    env = _production_env()
    del env["DJANGO_ALLOWED_HOSTS"]

    # when
    result = _manage("check", env=env)

    # then
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_deploy_checklist_flags_a_weak_secret_key():
    # when: the checklist itself must be able to fail
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env(DJANGO_SECRET_KEY="short"))

    # then
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:////tmp/privashop.sqlite3"}, "DATABASE_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"REDIS_URL": ""}, "REDIS_URL"),
    ],
)
def test_production_refuses_to_start_without_postgresql_and_redis(overrides, named):
    # given a production environment without PostgreSQL or without Redis
    env = _production_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/privashop", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    env.update(overrides)
    env = {key: value for key, value in env.items() if value is not None}

    # when
    result = _manage("check", env=env)

    # then
    assert result.returncode != 0
    assert named in result.stderr


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({}, ["DATABASE_URL (postgres://...)", "REDIS_URL (redis://...)"]),
        ({"DATABASE_URL": "sqlite:///db.sqlite3", "REDIS_URL": "redis://r:6379/0"}, ["DATABASE_URL (postgres://...)"]),
        ({"DATABASE_URL": "postgres://db/shop", "REDIS_URL": "redis://r:6379/0"}, []),
    ],
)
def test_gunicorn_refuses_to_start_without_postgresql_and_redis(monkeypatch, environ, missing):
    # given gunicorn's configuration, read as gunicorn reads it
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    for name in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)

    # when / then: the master's start hook refuses, naming what is missing
    assert config["required_services_missing"]() == missing
    if missing:
        with pytest.raises(SystemExit) as refused:
            config["on_starting"](server=None)
        assert "DATABASE_URL" in str(refused.value) or "REDIS_URL" in str(refused.value)
    else:
        config["on_starting"](server=None)
