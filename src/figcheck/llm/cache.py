"""On-disk cache of accepted LLM answers, so a repeated run makes no HTTP request.

Keys hash everything that can change an answer: the model, the prompt template's
hash, the response schema's hash, and the exact messages sent (which hold the
chunk text and the article metadata the prompt renders). The API key is never
part of a key. Only validated answers are stored; failures are never cached, so
a rerun retries them.

Storage is diskcache (SQLite plus files, safe across threads and processes) with
a size limit (least recently stored entries are culled first) and an expiry per
entry. Entries are stored as JSON text and never unpickled: a cache folder can
sit inside a cloned project, and unpickling its contents would run its code.
"""

from __future__ import annotations

import hashlib
import json
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import diskcache
from pydantic import BaseModel

if TYPE_CHECKING:
    from figcheck.llm.config import LLMConfig

MB = 1024 * 1024
DAY_S = 86_400.0


@cache
def schema_hash(model: type[BaseModel]) -> str:
    """sha256 of a response model's JSON schema: a changed field invalidates old answers.

    A class's schema is fixed once it is defined, so each model is hashed once per process.
    """
    schema = json.dumps(model.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()


def cache_key(**parts: Any) -> str:
    """Stable key over named parts (model, prompt_hash, schema_hash, messages...)."""
    if "api_key" in parts:
        raise ValueError("the API key is never part of a cache key")
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class _TextDisk(diskcache.Disk):  # type: ignore[misc]  # diskcache ships no type hints
    """diskcache's storage, refusing to unpickle: a pickled entry reads as a miss."""

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        if mode == diskcache.core.MODE_PICKLE:
            raise ValueError("pickled cache entry refused")
        return super().fetch(mode, filename, value, read)


class CacheInfo(BaseModel):
    """What `figcheck cache info` shows."""

    path: str
    entries: int
    size_bytes: int
    limit_bytes: int
    expire_days: float  # 0: never


class ResponseCache:
    """Validated answers by key; `directory=None` disables the cache (every call a miss)."""

    def __init__(
        self, directory: Path | None, size_mb: float = 1024.0, expire_days: float = 30.0
    ) -> None:
        self.directory = directory
        self.size_limit = int(size_mb * MB)
        self.expire_days = expire_days
        self._store: diskcache.Cache | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: LLMConfig) -> ResponseCache:
        return cls(
            config.cache_dir if config.cache else None,
            size_mb=config.cache_size_mb,
            expire_days=config.cache_expire_days,
        )

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def _open(self) -> diskcache.Cache:
        """Opened on first use, so building an extractor that never asks touches no disk."""
        assert self.directory is not None
        with self._lock:
            if self._store is None:
                self._store = diskcache.Cache(
                    str(self.directory), size_limit=self.size_limit, disk=_TextDisk
                )
            return self._store

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer, or None on a miss (an unreadable or expired entry is a miss)."""
        if self.directory is None:
            return None
        try:
            raw = self._open().get(key)
            data = json.loads(raw) if isinstance(raw, str) else None
        except (ValueError, OSError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """diskcache writes in a transaction: an interrupted run never leaves half an entry."""
        if self.directory is None:
            return
        expire = self.expire_days * DAY_S if self.expire_days > 0 else None
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        self._open().set(key, text, expire=expire)

    def expire(self, now: float | None = None) -> int:
        """Remove entries past their expiry (at `now`, default the clock); how many went."""
        if self.directory is None or not self.directory.exists():
            return 0
        return int(self._open().expire(now=now))

    def info(self) -> CacheInfo:
        """Path, live entries, size on disk, limit and expiry (expired entries removed first)."""
        entries = size = 0
        if self.directory is not None and self.directory.exists():
            self.expire()
            store = self._open()
            entries, size = len(store), int(store.volume())
        return CacheInfo(
            path=str(self.directory or ""),
            entries=entries,
            size_bytes=size,
            limit_bytes=self.size_limit,
            expire_days=self.expire_days,
        )

    def clear(self) -> int:
        """Remove every entry; how many there were."""
        if self.directory is None or not self.directory.exists():
            return 0
        return int(self._open().clear())

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
