"""The extraction log of a streamed run: each article's extraction appended as it finishes.

`RUN/work/extract.jsonl` holds one JSON line per finished article (its
metadata, text hash and extraction), flushed as written, so a killed run
keeps every finished article; `_saved` reads it back on resume, cutting a line
the kill tore. In memory stays one `Lead` per article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figcheck.engine.shards import ShardFormat, ShardWriter
from figcheck.models import Article, Extraction, Problem, compact

WORK = "work"
EXTRACTED = "extract.jsonl"
Extract = Callable[[Article], tuple[Extraction, bool]]  # (extraction, failed outright?)
ExtractChunk = Callable[[list[Article]], Iterable[Extraction]]  # a chunk, in order (the Ray map)
CHUNK_ARTICLES = 2_000  # articles handed to an ExtractChunk at once
Halt = Callable[[], str | None]  # why no more articles may start ("deadline"), or None
NotAttempted = Callable[[Article, str], Problem]  # the error naming an unstarted article


@dataclass(slots=True)
class Lead:
    """One article's row in memory: place in the corpus, and what story joining needs."""

    pos: int
    names: frozenset[str] = frozenset()
    published: dt.date | None = None
    has_claims: bool = False
    line: int = -1  # its record's line in extract.jsonl (the last one wins)


def _meta(article: Article) -> dict[str, Any]:
    """The article as the shards keep it: everything but the text (the corpus has that)."""
    return article.model_dump(mode="json", exclude={"text"})


def _sha(article: Article) -> str:
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def _saved(path: Path, lines: dict[str, int]) -> dict[str, str]:
    """Articles a previous run finished (id -> text sha256), each id's last line noted in
    `lines`; a torn last line (a kill mid-write) is cut off, and its article redone."""
    done: dict[str, str] = {}
    if not path.exists():
        return done
    with path.open("r+b") as handle:
        good = 0
        for number, line in enumerate(iter(handle.readline, b"")):
            if not line.endswith(b"\n"):
                break
            record = json.loads(line)
            lines[record["id"]] = number
            if record.get("failed"):
                done.pop(record["id"], None)  # failed outright: tried again
            else:
                done[record["id"]] = record["sha"]
            good += len(line)
        handle.truncate(good)
    return done


def write_log(
    stream: Iterator[Article],
    extract: Extract,
    out: Path,
    leads: dict[str, Lead],
    problems: list[Problem],
    *,
    resume: bool,
    concurrency: int,
    breaker: int | None,
    halt: Halt,
    not_attempted: NotAttempted,
    fmt: ShardFormat,
    chunked: ExtractChunk | None,
) -> int:
    """Phase 1: every article extracted once (or found saved); returns how many were saved."""
    spill = out / WORK / EXTRACTED
    lines: dict[str, int] = {}
    if not resume:
        spill.unlink(missing_ok=True)
    done = _saved(spill, lines)
    count = len(lines) and max(lines.values()) + 1
    articles = ShardWriter(out, "articles", fmt)
    resumed = 0
    in_a_row = 0
    stopped: str | None = None
    window: deque[tuple[Article, Future[tuple[Extraction, bool]]]] = deque()
    chunk: list[Article] = []

    def finish(handle: Any) -> None:
        article, future = window.popleft()
        save(handle, article, *future.result())

    def finish_chunk(handle: Any) -> None:
        assert chunked is not None
        for article, extraction in zip(chunk, chunked(chunk), strict=True):
            failed = any(p.severity == "error" for p in extraction.problems)
            save(handle, article, extraction, failed and not extraction.claims)
        chunk.clear()

    def save(handle: Any, article: Article, extraction: Extraction, outright: bool) -> None:
        nonlocal in_a_row, count
        in_a_row = in_a_row + 1 if outright else 0
        record = {
            "id": article.id,
            "sha": _sha(article),
            "failed": outright,
            "article": _meta(article),
            "extraction": json.loads(extraction.model_dump_json()),
        }
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()  # a kill loses at most the articles still running
        lines[article.id] = count
        count += 1

    with (
        spill.open("a", encoding="utf-8") as handle,
        ThreadPoolExecutor(concurrency, thread_name_prefix="figcheck-extract") as pool,
    ):
        for article in stream:
            if article.id in leads:
                problems.append(
                    Problem(
                        stage="ingest",
                        message=f"article id {article.id!r} was given twice; the second was "
                        "not checked (give every article its own id)",
                        article=article.id,
                        path=article.path,
                    )
                )
                continue
            leads[article.id] = Lead(len(leads))
            articles.write(_meta(article))
            if done.get(article.id) == _sha(article):
                resumed += 1
                continue
            if stopped is None:
                tripped = breaker is not None and in_a_row >= breaker
                stopped = "breaker" if tripped else halt()
            if stopped is not None:
                problems.append(not_attempted(article, stopped))
                continue
            if chunked is not None:
                chunk.append(compact(article))
                if len(chunk) >= CHUNK_ARTICLES:
                    finish_chunk(handle)
                continue
            window.append((compact(article), pool.submit(extract, article)))
            while len(window) >= concurrency:
                finish(handle)
        while window:
            finish(handle)
        if chunk:
            finish_chunk(handle)
        os.fsync(handle.fileno())
    articles.close()
    for aid, lead in leads.items():
        lead.line = lines.get(aid, -1)
    return resumed
