"""The Redis cache, failing open: when Redis does not answer, a read is a miss and a write is dropped (logged).

Everything the shop keeps in the cache can be lost without harm: rate-limit counters (DRF throttles and
allauth's limits, which then do not apply until Redis is back), and copies of data the database holds. So
an outage of Redis must not become a 500 on checkout, sign-in or export. Calls also give up quickly
(``CACHE_SOCKET_TIMEOUT``), so a request never hangs on a dead cache.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from core.conf import setting

logger = logging.getLogger(__name__)


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        options = dict(params.get("OPTIONS") or {})
        timeout = setting("CACHE_SOCKET_TIMEOUT")
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("socket_timeout", timeout)
        super().__init__(server, {**params, "OPTIONS": options})

    def _down(self, operation: str, fallback):
        logger.warning("Cache %s skipped: Redis did not answer.", operation, exc_info=True)
        return fallback

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except (RedisError, OSError):
            return self._down("get", default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except (RedisError, OSError):
            return self._down("get_many", {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except (RedisError, OSError):
            return self._down("has_key", False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except (RedisError, OSError):
            # Answered as stored: allauth's rate limits take a lock with add() and would refuse everyone.
            return self._down("add", True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except (RedisError, OSError):
            return self._down("set", None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except (RedisError, OSError):
            return self._down("set_many", list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except (RedisError, OSError):
            return self._down("touch", False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except (RedisError, OSError):
            return self._down("delete", False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except (RedisError, OSError):
            return self._down("delete_many", None)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except (RedisError, OSError):
            # A counter that cannot be read counts as not there yet.
            return self._down("incr", delta)

    def clear(self):
        try:
            return super().clear()
        except (RedisError, OSError):
            return self._down("clear", False)
