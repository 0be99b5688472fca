"""A corpus in one file: the spec's article fields plus `text`, read one article at a time.

Two forms: JSON lines (`*.jsonl`, one object a line) and Parquet
(`*.parquet`, one row an article, read a row group's batch at a time with
pyarrow, the `figcheck[parquet]` extra).

A beat of 10⁵ articles does not fit comfortably in a folder of files, and
reading it must not hold the whole file in memory: `iter_corpus` yields each
article as its line is read. A bad line (not JSON, a missing or mistyped key)
is an error naming file, line and key, and the lines after it are still read.
The text is the `text` string exactly as the JSON gives it, so spans index
into it as into a dataset's articles/ID.txt.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figcheck.errors import DatasetError
from figcheck.ingest._atomic import AtomicLines
from figcheck.ingest._records import Record
from figcheck.models import Article

CORPUS_SUFFIXES = (".jsonl", ".parquet")
PARQUET_MISSING = (
    "reading or writing Parquet needs the parquet extra: pip install 'figcheck[parquet]'"
    " (or give the corpus as JSON lines)"
)
_BATCH_ROWS = 256  # Parquet rows decoded at once: a batch of texts, not the file
_SPEC_KEYS = ("outlet", "url", "title")


@dataclass(frozen=True)
class Bad:
    """A corpus line that could not become an article, and why (file:line: key: fix)."""

    where: str
    message: str


def _article(rec: Record) -> Article:
    article_id = rec.ident("id")
    text = rec.string("text")
    if not text or not text.strip():
        rec.fail("text", "the article text is empty", 'give the body, e.g. "text": "..."')
    return Article(
        id=article_id,
        text=text,
        published=rec.date("published", required=True),
        outlet=rec.string("outlet", required=False),
        url=rec.string("url", required=False),
        title=rec.string("title", required=False),
        path=rec.where,
    )


def iter_corpus(path: str | Path) -> Iterator[Article | Bad]:
    """Each line of a corpus file as an Article, or as Bad; memory stays one line deep.

    Raises DatasetError only when the file itself cannot be opened.
    """
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        yield from _iter_parquet(path)
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    with handle:
        # JSON lines end at b"\n" only; a raw U+2028 inside a string is not a line end
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield Bad(where, f"{where}: not valid UTF-8 at byte {exc.start} of the line")
                continue
            except json.JSONDecodeError as exc:
                yield Bad(where, f"{where}: invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(obj, dict):
                yield Bad(where, f"{where}: expected a JSON object, got {type(obj).__name__}")
                continue
            try:
                yield _article(Record(path, lineno, obj))
            except DatasetError as exc:
                yield Bad(where, str(exc))


def _iter_parquet(path: Path) -> Iterator[Article | Bad]:
    """Each row of a Parquet corpus as an Article or Bad ("file:row N"), a batch in memory."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise DatasetError(f"{path}: {PARQUET_MISSING}") from exc
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise DatasetError(f"{path}: not a readable Parquet file ({exc})") from exc
    row = 0
    with parquet:
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
            for obj in batch.to_pylist():
                row += 1
                # a date column comes back as a date: the spec's form is the ISO string
                for key, value in obj.items():
                    if isinstance(value, dt.datetime):
                        obj[key] = value.date().isoformat()
                    elif isinstance(value, dt.date):
                        obj[key] = value.isoformat()
                try:
                    yield _article(Record(path, row, obj))
                except DatasetError as exc:
                    yield Bad(f"{path}:{row}", f"{exc} (row {row})")


def corpus_row(article: Article) -> dict[str, Any]:
    """One corpus line: the spec's article fields that are known, plus the text."""
    row: dict[str, Any] = {"id": article.id}
    if article.published is not None:
        row["published"] = article.published.isoformat()
    row.update({k: getattr(article, k) for k in _SPEC_KEYS if getattr(article, k)})
    row["text"] = article.text
    return row


def write_corpus(path: str | Path, articles: Iterable[Article]) -> int:
    """Write articles as a corpus file atomically (a kill leaves the old file or the new one);
    a `.parquet` path is written as Parquet."""
    if Path(path).suffix.lower() == ".parquet":
        return _write_parquet(Path(path), articles)
    out = AtomicLines(Path(path))
    try:
        for article in articles:
            out.write(corpus_row(article))
        out.commit()
    except BaseException:
        out.discard()
        raise
    return out.count


def _write_parquet(path: Path, articles: Iterable[Article]) -> int:
    """A Parquet corpus, written a batch of rows at a time to a temporary file, then renamed."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise DatasetError(f"{path}: {PARQUET_MISSING}") from exc
    schema = pa.schema(
        [("id", pa.string()), ("published", pa.string())]
        + [(k, pa.string()) for k in _SPEC_KEYS]
        + [("text", pa.string())]
    )
    partial = path.with_name(f".{path.name}.partial")
    count = 0
    try:
        with pq.ParquetWriter(partial, schema) as writer:
            rows: list[dict[str, Any]] = []
            for article in articles:
                rows.append(corpus_row(article))
                if len(rows) == _BATCH_ROWS:
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                    count, rows = count + len(rows), []
            if rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                count += len(rows)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count
