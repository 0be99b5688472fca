"""Shard files: results written a batch of rows at a time, as JSON lines or Parquet.

A corpus-scale run writes claims, findings, articles and problems as numbered
shards (`claims-00000.jsonl`, ...) instead of holding them for one report.
JSON lines are the default (no extra needed); Parquet needs the
`figcheck[parquet]` extra. In Parquet a nested value (a claim's reading) is
stored as its JSON text, so every shard of a kind has the same flat columns
whatever its rows leave empty; `read_rows` turns it back into the same dict
the JSON-lines shard gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from figcheck.errors import ConfigError, require_extra

ShardFormat = Literal["jsonl", "parquet"]
FORMATS: tuple[ShardFormat, ...] = ("jsonl", "parquet")
ROWS_PER_SHARD = 20_000  # a Parquet shard is built in memory: this bounds it
_NESTED = ("reading",)  # dict-valued fields kept as JSON text in Parquet
PARQUET_MISSING = (
    "--shards parquet needs the parquet extra: pip install 'figcheck[parquet]' "
    "(or write JSON-lines shards, the default)"
)


def require_parquet() -> None:
    """A configuration error (CLI exit 2) when pyarrow is not installed."""
    require_extra("pyarrow.parquet", PARQUET_MISSING)


class ShardWriter:
    """Rows of one kind (`claims`, `findings`, ...) into numbered shard files in `folder`."""

    def __init__(self, folder: Path, kind: str, fmt: ShardFormat = "jsonl") -> None:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown shard format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if fmt == "parquet":
            require_parquet()
        self.folder, self.kind, self.fmt = folder, kind, fmt
        self.count = 0
        self.paths: list[Path] = []
        self._rows: list[dict[str, Any]] = []
        self._handle: Any = None
        folder.mkdir(parents=True, exist_ok=True)

    def _next_path(self) -> Path:
        path = self.folder / f"{self.kind}-{len(self.paths):05d}.{self.fmt}"
        self.paths.append(path)
        return path

    def write(self, row: dict[str, Any]) -> None:
        if self.count % ROWS_PER_SHARD == 0:
            self._flush()
            if self.fmt == "jsonl":
                self._handle = self._next_path().open("w", encoding="utf-8")
        self.count += 1
        if self.fmt == "jsonl":
            self._handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            self._rows.append(
                {k: json.dumps(v) if k in _NESTED and v is not None else v for k, v in row.items()}
            )

    def _flush(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self._rows:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(self._rows), self._next_path())
            self._rows = []

    def close(self) -> list[Path]:
        """Finish the last shard; an empty kind still gets one (empty) JSON-lines shard."""
        self._flush()
        if not self.paths and self.fmt == "jsonl":
            self._next_path().write_bytes(b"")
        return self.paths


def shard_paths(folder: Path, kind: str) -> list[Path]:
    """A kind's shards in the order they were written (either format)."""
    return sorted(p for p in folder.glob(f"{kind}-*.*") if p.suffix in (".jsonl", ".parquet"))


def read_rows(folder: Path, kind: str) -> Iterator[dict[str, Any]]:
    """Every row of a kind's shards, one at a time (a Parquet shard a batch at a time)."""
    for path in shard_paths(folder, kind):
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        yield json.loads(line)
            continue
        require_parquet()
        import pyarrow.parquet as pq

        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(batch_size=1024):
                for row in batch.to_pylist():
                    for key in _NESTED:
                        if isinstance(row.get(key), str):
                            row[key] = json.loads(row[key])
                    yield row


def clear(folder: Path, kinds: tuple[str, ...]) -> None:
    """Remove a previous run's shards, so a rerun never mixes two runs' rows."""
    for kind in kinds:
        for path in shard_paths(folder, kind):
            path.unlink()
