"""Searching everywhere the shop keeps data for a value: every column of every table (raw, then decrypted through
the ORM), decoded sessions, the media and export storage and the erasure journal, and every key and value of the
Redis database the project uses (cache and broker).
"""

import base64
import binascii
import json
from pathlib import Path

import redis
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection

from privacy.encryption import EncryptedFieldMixin


def raw_columns_containing(value: str) -> list[str]:
    """``table.column`` of every column of every table whose stored value, read as text, contains ``value``."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT 1 FROM {quote(table)} WHERE CAST({quote(column.name)} AS TEXT) ILIKE %s LIMIT 1",
                    [f"%{value}%"],
                )
                if cursor.fetchone():
                    found.append(f"{table}.{column.name}")
    return found


def decrypted_fields_containing(value: str) -> list[str]:
    """``Model.field`` of every encrypted field whose decrypted value contains ``value`` (through the ORM)."""
    found = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, EncryptedFieldMixin):
                continue
            values = model._base_manager.values_list(model_field.name, flat=True)
            if any(value.lower() in str(stored).lower() for stored in values if stored):
                found.append(f"{model._meta.label}.{model_field.name}")
    return found


def sessions_containing(value: str) -> list[str]:
    """Session keys whose decoded data contains ``value``."""
    return [
        session.session_key for session in Session.objects.all() if value.lower() in str(session.get_decoded()).lower()
    ]


def files_containing(value: str) -> list[str]:
    """Files under the media and export storage (and the erasure journal) whose name or content has ``value``."""
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVACY_EXPORT_ROOT)]
    paths = [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]
    if settings.PRIVACY_ERASURE_JOURNAL and Path(settings.PRIVACY_ERASURE_JOURNAL).exists():
        paths.append(Path(settings.PRIVACY_ERASURE_JOURNAL))
    needle = value.lower().encode()
    return [str(path) for path in paths if needle in str(path).lower().encode() or needle in path.read_bytes().lower()]


def _redis_payloads(client: redis.Redis, key: bytes) -> list[bytes]:
    kind = client.type(key)
    if kind == b"string":
        return [client.get(key) or b""]
    if kind == b"list":
        return client.lrange(key, 0, -1)
    if kind == b"set":
        return list(client.smembers(key))
    if kind == b"zset":
        return client.zrange(key, 0, -1)
    if kind == b"hash":
        return [part for pair in client.hgetall(key).items() for part in pair]
    return []


def _decoded(payload: bytes) -> bytes:
    """``payload`` plus, for a broker message (JSON with a base64 body), the decoded body."""
    try:
        message = json.loads(payload)
        body = message.get("body", "") if isinstance(message, dict) else ""
        return payload + base64.b64decode(body)
    except (ValueError, TypeError, binascii.Error):
        return payload


def redis_containing(value: str) -> list[str]:
    """Keys of the project's Redis database whose name or value (broker message bodies decoded) has ``value``."""
    if not getattr(settings, "REDIS_URL", ""):
        return []
    client = redis.Redis.from_url(settings.REDIS_URL)
    needle = value.lower().encode()
    found = []
    for key in client.scan_iter(count=500):
        payloads = [_decoded(payload) for payload in _redis_payloads(client, key)]
        if needle in key.lower() or any(needle in payload.lower() for payload in payloads):
            found.append(key.decode(errors="replace"))
    return found


def residue(value: str) -> dict[str, list[str]]:
    """Every place ``value`` is found, by kind of place; empty when it is nowhere."""
    found = {
        "columns": raw_columns_containing(value),
        "decrypted": decrypted_fields_containing(value),
        "sessions": sessions_containing(value),
        "files": files_containing(value),
        "redis": redis_containing(value),
    }
    return {where: places for where, places in found.items() if places}
