"""On-disk cache of accepted LLM answers, so a repeated run makes no HTTP request.

Keys hash everything that can change an answer: the model, the prompt template's
hash, the response schema's hash, and the exact messages sent (which hold the
chunk text and the article metadata the prompt renders). Only validated answers
are stored; failures are never cached, so a rerun retries them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel


@cache
def schema_hash(model: type[BaseModel]) -> str:
    """sha256 of a response model's JSON schema: a changed field invalidates old answers.

    A class's schema is fixed once it is defined, so each model is hashed once per process.
    """
    schema = json.dumps(model.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()


def cache_key(**parts: Any) -> str:
    """Stable key over named parts (model, prompt_hash, schema_hash, messages...)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """JSON files under `directory/ab/<key>.json`; `directory=None` disables the cache."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer, or None on a miss (an unreadable entry counts as a miss)."""
        if self.directory is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Write atomically so an interrupted run never leaves a half-written entry."""
        if self.directory is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, path)
