"""Files written whole or not at all: a kill leaves the old file (or none), never half.

Run state, corpus files and batch request files are all read back by a later
run that must trust them; each is written to a temporary file beside its
target, synced, and renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


class AtomicLines:
    """A JSON-lines file written row by row and renamed into place only on `commit`."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        fd, self.tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self.handle = os.fdopen(fd, "wb")
        self.sha256 = hashlib.sha256()
        self.size = self.count = 0

    def write(self, row: dict[str, Any]) -> None:
        self.write_bytes(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")

    def write_bytes(self, data: bytes) -> None:
        self.handle.write(data)
        self.sha256.update(data)
        self.size += len(data)
        self.count += 1

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.handle.close()
        Path(self.tmp).unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """The whole of `data` at `path`, or the file as it was."""
    out = AtomicLines(path)
    try:
        out.write_bytes(data)
        out.commit()
    except BaseException:
        out.discard()
        raise


def settings_changed(stored: dict[str, Any], config: dict[str, Any]) -> str:
    """What differs between a run's stored settings and this call's, one "key: run has X,
    now Y" per setting ("" when none): a resumed run must not mix settings."""
    differ = sorted(k for k in set(stored) | set(config) if stored.get(k) != config.get(k))
    return "; ".join(f"{k}: run has {stored.get(k)!r}, now {config.get(k)!r}" for k in differ)
