"""Every app's own settings, put into Django's settings: each app declares its settings, their defaults and
their documentation once, in its ``conf.py`` (``core.conf.AppSetting``); here each takes the environment
variable of the same name when it is set, parsed like its default, else that default.

So ``ORDERS_UNPAID_CANCEL_AFTER=600`` in the environment works as it always did, and the default 1800 is
written only in ``orders/conf.py``. A relative path default is taken under BASE_DIR.
"""

from pathlib import Path
from typing import Any

import environ

from config.settings.django_core import BASE_DIR, INSTALLED_APPS, env
from core.conf import AppSetting, declared_settings


def _from_environment(env: environ.Env, setting: AppSetting) -> Any:
    default = setting.default
    name = setting.name
    if isinstance(default, bool):
        return env.bool(name)
    if isinstance(default, int):
        return env.int(name)
    if isinstance(default, float):
        return env.float(name)
    if isinstance(default, list):
        return env.list(name)
    if isinstance(default, dict):
        return env.json(name)
    if isinstance(default, Path):
        # Empty means "none" (an erasure journal switched off), not the current folder.
        return Path(env(name)) if env(name) else ""
    return env(name)


def app_settings_values(
    apps: list[str], *, environment: environ.Env = env, base_dir: Path = BASE_DIR
) -> dict[str, Any]:
    """``{NAME: value}`` of every setting declared by the ``conf.py`` of *apps*."""
    values: dict[str, Any] = {}
    for setting in declared_settings(apps):
        value = _from_environment(environment, setting) if setting.name in environment.ENVIRON else setting.default
        if isinstance(value, Path) and not value.is_absolute():
            value = base_dir / value
        values[setting.name] = value
    return values


APP_SETTINGS = app_settings_values(INSTALLED_APPS)
