"""How every app declares its own settings, and core's own (the hardening settings).

An app lists its settings in its ``conf.py``, each with its default and one line of documentation::

    class OrdersSettings(AppSettings):
        ORDERS_UNPAID_CANCEL_AFTER = AppSetting(30 * 60, "Seconds after which an unpaid order is cancelled.")

    orders_settings = OrdersSettings()
    orders_settings.ORDERS_UNPAID_CANCEL_AFTER  # settings.ORDERS_UNPAID_CANCEL_AFTER when set, else 30 * 60

The value is read at each access, so a test's ``settings`` fixture changes it. ``config/settings`` puts every
declared setting into Django's settings (``config.settings.app_settings``): the default from here unless the
environment variable of the same name is set (parsed like the default: int, float, bool, list, dict, path),
so ``settings.ORDERS_UNPAID_CANCEL_AFTER`` also works. The default and its explanation live here, once;
``tests/core/test_app_settings.py`` proves every declared setting has both.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings


class AppSetting:
    """One setting of an app: its default and what it is for. The name is the attribute it is assigned to."""

    def __init__(self, default: Any, doc: str) -> None:
        self.default = default
        self.doc = doc
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: AppSettings | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return getattr(settings, self.name, self.default)


class AppSettings:
    """The settings one app declares. Subclass it in the app's ``conf.py`` and create one instance."""

    @classmethod
    def declared(cls) -> list[AppSetting]:
        found: dict[str, AppSetting] = {}
        for klass in reversed(cls.__mro__):
            found.update({name: value for name, value in vars(klass).items() if isinstance(value, AppSetting)})
        return list(found.values())

    def __getitem__(self, name: str) -> Any:
        """``conf[NAME]``: the value of a setting named at run time (raises KeyError if not declared)."""
        if not any(declared.name == name for declared in self.declared()):
            raise KeyError(name)
        return getattr(self, name)


def conf_modules(app_modules: Iterable[str]) -> Iterator[Any]:
    """The ``conf`` module of each of *app_modules* that has one (third-party apps have none)."""
    for app in app_modules:
        try:
            yield importlib.import_module(f"{app}.conf")
        except ModuleNotFoundError as missing:
            if missing.name != f"{app}.conf":
                raise


def declared_settings(app_modules: Iterable[str]) -> list[AppSetting]:
    """Every setting the ``conf.py`` of *app_modules* declare, in declaration order."""
    declared: list[AppSetting] = []
    for module in conf_modules(app_modules):
        for value in vars(module).values():
            # ``type(value)``, not ``isinstance``: a lazy object (``django.conf.settings`` imported by a conf.py)
            # answers ``isinstance`` by loading the settings, which are still being assembled here.
            own = issubclass(type(value), type) and value.__module__ == module.__name__
            if own and issubclass(value, AppSettings):
                declared.extend(value.declared())
    return declared


class CoreSettings(AppSettings):
    REQUEST_JSON_MAX_DEPTH = AppSetting(
        32,
        "Deepest nesting of arrays and objects a JSON body may have: deeper bodies are refused with 400 "
        "``json_too_deep`` before any parser recurses into them.",
    )
    SHOP_IMAGE_MAX_IMAGE_PIXELS = AppSetting(4096 * 4096, "Pixels (width x height) one uploaded image may decode to.")
    SHOP_IMAGE_MAX_REQUEST_PIXELS = AppSetting(
        6 * 4096 * 4096, "Pixels all uploaded images of one request may decode to together."
    )
    SERVICE_UNAVAILABLE_RETRY_AFTER = AppSetting(
        30, "Seconds a client is told to wait (Retry-After) when the database does not answer."
    )
    CACHE_SOCKET_TIMEOUT = AppSetting(
        1.0, "Seconds a cache call may wait for Redis before the cache is treated as down (and fails open)."
    )
    THROTTLE_RATES = AppSetting(
        {
            "checkout": "10/min",
            "export": "5/hour",
            "review_post": "10/hour",
            "review_edit": "20/hour",
            "cancellation": "10/hour",
            "guardian_request": "10/hour",
            "sign_out_everywhere": "10/hour",
        },
        "Rates of the actions the website and the API share (core/api/throttling.py); "
        "REST_FRAMEWORK's DEFAULT_THROTTLE_RATES wins for the ones it names.",
    )


core_settings = CoreSettings()


def setting(name: str) -> Any:
    """``core_settings[name]``, kept for the call sites that name the setting as a string."""
    return core_settings[name]
