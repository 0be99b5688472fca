"""Concurrent, resumable extraction over many articles.

An evaluation over hundreds of articles with a paid LLM must survive being
killed: each finished article's Extraction is appended to
RUN_DIR/extractions.jsonl (flushed and fsynced) the moment it finishes, and
`resume=True` skips what is already there. RUN_DIR/run.json records what the
run is (extractor, model, dataset, prompt hash) so a resume never mixes two
configurations. A failing article becomes a Problem (RUN_DIR/problems.jsonl)
and is retried on resume; the batch goes on.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import json
import logging
import os
import socket
import time
from collections.abc import Coroutine, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aiolimiter import AsyncLimiter
from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from figcheck.errors import ConfigError, FigcheckError
from figcheck.extractors import Extractor
from figcheck.extractors.budget import Deadline, bind
from figcheck.ingest._atomic import settings_changed
from figcheck.models import Article, Extraction, Problem
from figcheck.read import read_claims

log = logging.getLogger(__name__)

EXTRACTIONS = "extractions.jsonl"
PROBLEMS = "problems.jsonl"
RUN_JSON = "run.json"
LOCK = ".lock"


@dataclass
class BatchResult:
    """Extractions in input order, with per-article wall time; `resumed` were read from disk.

    `failed` articles raised, or returned no claims with an error problem (e.g. the
    endpoint stayed down): they are not saved as finished, so a resume retries them.
    `problems` are the batch's own (exceptions, torn lines), not the extractions'.
    """

    extractions: dict[str, Extraction]
    wall_s: dict[str, float]
    problems: list[Problem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)
    resumed: int = 0
    total_wall_s: float = 0.0


def _failed(extraction: Extraction) -> bool:
    return not extraction.claims and any(p.severity == "error" for p in extraction.problems)


def run_config(extractor: Extractor, dataset: str | Path, **extra: Any) -> dict[str, Any]:
    """What identifies a run; a resume must find the same values in run.json."""
    prompt = getattr(extractor, "prompt", None)
    return {
        "extractor": extractor.name,
        "model": getattr(extractor, "model", None),
        "prompt_hash": getattr(extractor, "prompt_hash", None) or getattr(prompt, "sha256", None),
        "dataset": str(Path(dataset).resolve()),
        **extra,
    }


def _check_config(run_dir: Path, config: dict[str, Any], resume: bool) -> None:
    path = run_dir / RUN_JSON
    extractions = run_dir / EXTRACTIONS
    has_work = extractions.exists() and extractions.stat().st_size > 0
    if resume and path.exists():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(
                f"{path}: unreadable run config ({exc}); "
                "delete the run dir or pick another --run-dir"
            ) from exc
        detail = settings_changed(stored.get("config", stored), config)
        if detail:
            raise ConfigError(
                f"{path}: cannot resume a run made with a different config ({detail}); "
                "rerun with the same options, or use a new --run-dir without --resume"
            )
        return
    if has_work:
        hint = (
            f"{path} is missing, so its config cannot be checked; start a new --run-dir"
            if resume
            else "pass --resume to continue that run, or choose an empty --run-dir"
        )
        raise ConfigError(f"{extractions} already holds extractions; {hint}")
    run_dir.mkdir(parents=True, exist_ok=True)
    extractions.write_bytes(b"")
    (run_dir / PROBLEMS).write_bytes(b"")
    body = {"config": config, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


def _parse(raw: bytes) -> Done:
    record = json.loads(raw)
    # the text a record was extracted from travels with it: a resume redoes changed articles
    return Done(
        Extraction.model_validate(record),
        float(record.get("wall_s", 0.0)),
        str(record.get(SHA_KEY, "")),
    )


@dataclass(frozen=True)
class Done:
    """A finished article read back from a run: its extraction, time, and source sha256."""

    extraction: Extraction
    wall_s: float
    sha256: str


SHA_KEY = "text_sha256"


def text_sha(article: Article) -> str:
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()


@contextmanager
def run_lock(run_dir: Path) -> Iterator[None]:
    """One run at a time per run dir: a second one is told who holds it, and stops."""
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / LOCK
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise ConfigError(
            f"{run_dir} is in use by {holder}; wait for it to finish, or use another --run-dir"
        ) from exc
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} on {socket.gethostname()} since {time.strftime('%H:%M:%S')}")
    handle.flush()
    try:
        yield
    finally:
        handle.seek(0)
        handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def read_extractions(path: Path) -> tuple[dict[str, Done], list[Problem]]:
    """Finished articles of a run; a torn last line (killed mid-write) is dropped with a warning.

    The file is cut back to its last complete record so that new appends start
    on a fresh line.
    """
    done: dict[str, Done] = {}
    problems: list[Problem] = []
    if not path.exists():
        return done, problems
    data = path.read_bytes()
    complete, newline, tail = data.rpartition(b"\n")
    bad = (json.JSONDecodeError, UnicodeDecodeError, ValidationError, ValueError)
    for number, raw in enumerate(complete.split(b"\n") if newline else [], start=1):
        if not raw.strip():
            continue
        try:
            record = _parse(raw)
        except bad as exc:
            raise FigcheckError(
                f"{path}:{number}: corrupt extraction record ({exc}); delete that line "
                "to redo the article, or start a new --run-dir"
            ) from exc
        aid = record.extraction.article
        if aid in done:
            log.warning("%s:%d: %s recorded twice; keeping the last", path, number, aid)
        done[aid] = record
    if tail.strip():
        number = complete.count(b"\n") + (2 if newline else 1)
        try:
            record = _parse(tail)
        except bad:
            message = (
                f"{path}:{number}: ignoring a partially written last line; that article is redone"
            )
            log.warning(message)
            problems.append(
                Problem(severity="warning", stage="batch", message=message, path=str(path))
            )
            with path.open("r+b") as handle:
                handle.truncate(len(complete) + len(newline))
        else:
            done[record.extraction.article] = record
            with path.open("ab") as handle:
                handle.write(b"\n")
    return done, problems


def _append(path: Path, record: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def rpm_limiter(rpm: float | None) -> AsyncLimiter | None:
    """At most `rpm` article starts per minute (None: no limit); `eval` and `check` share it."""
    if rpm is None:
        return None
    if not rpm > 0:
        raise ConfigError(f"--rpm must be above 0, got {rpm}")
    # aiolimiter wants a whole request per period: 0.5 per minute is 1 per 120 s
    return AsyncLimiter(rpm, 60) if rpm >= 1 else AsyncLimiter(1, 60 / rpm)


def progress_bar(enabled: bool) -> Progress:
    """The articles-done bar on stderr, for people; `enabled=False` draws nothing."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


async def arun_batch(
    articles: Sequence[Article],
    extractor: Extractor,
    run_dir: str | Path,
    *,
    config: dict[str, Any],
    concurrency: int = 4,
    rpm: float | None = None,
    resume: bool = False,
    progress: bool = True,
    deadline: Deadline | None = None,
) -> BatchResult:
    """The async core of `run_batch`; an extractor with `async aextract(article)` is awaited."""
    if concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1, got {concurrency}")
    if rpm is not None and not rpm > 0:
        raise ConfigError(f"--rpm must be above 0, got {rpm}")
    run = Path(run_dir)
    with run_lock(run):
        bind(extractor, deadline)
        try:
            return await _batch(
                articles, extractor, run, config, concurrency, rpm, resume, progress, deadline
            )
        finally:
            bind(extractor, None)


async def _batch(
    articles: Sequence[Article],
    extractor: Extractor,
    run: Path,
    config: dict[str, Any],
    concurrency: int,
    rpm: float | None,
    resume: bool,
    progress: bool,
    deadline: Deadline | None,
) -> BatchResult:
    _check_config(run, config, resume)
    done, problems = read_extractions(run / EXTRACTIONS) if resume else ({}, [])
    shas = {a.id: text_sha(a) for a in articles}
    for aid in [aid for aid, d in done.items() if aid in shas and d.sha256 != shas[aid]]:
        del done[aid]
        message = f"{aid}: its text changed since it was extracted (sha256); extracted again"
        problems.append(Problem(severity="warning", stage="batch", message=message, article=aid))
    todo = [a for a in articles if a.id not in done]
    semaphore = asyncio.Semaphore(concurrency)
    limiter = rpm_limiter(rpm)
    aextract = getattr(extractor, "aextract", None)
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="figcheck-extract")
    # one writer thread keeps appends in order and fsync off the event loop
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="figcheck-write")
    loop = asyncio.get_running_loop()
    fresh: dict[str, tuple[Extraction, float]] = {}
    failed: set[str] = set()
    unstarted: set[str] = set()  # left by the deadline: not saved, so --resume does them
    started = time.perf_counter()

    async def one(article: Article) -> None:
        async with semaphore:
            if limiter is not None and not (deadline is not None and deadline.passed):
                await limiter.acquire()
            if deadline is not None and deadline.passed:
                unstarted.add(article.id)
                return
            t0 = time.perf_counter()
            try:
                if aextract is not None:
                    extraction: Extraction = await aextract(article)
                else:
                    extraction = await loop.run_in_executor(pool, extractor.extract, article)
            except Exception as exc:  # one bad article must not stop the batch
                log.warning("extraction failed on %s: %s", article.id, exc)
                problem = Problem(
                    stage="extract",
                    message=f"{type(exc).__name__}: {exc}",
                    article=article.id,
                    path=article.path,
                )
                problems.append(problem)
                failed.add(article.id)
                await loop.run_in_executor(
                    writer, _append, run / PROBLEMS, problem.model_dump(mode="json")
                )
                return
            wall = time.perf_counter() - t0
            # stage `read` runs beside extraction, so a resumed run keeps its readings too
            extraction = extraction.model_copy(
                update={"claims": read_claims(extraction.claims, article)}
            )
            if extraction.article != article.id:
                extraction = extraction.model_copy(update={"article": article.id})
            fresh[article.id] = (extraction, wall)
            if _failed(extraction):
                failed.add(article.id)
                for problem in extraction.problems:
                    await loop.run_in_executor(
                        writer, _append, run / PROBLEMS, problem.model_dump(mode="json")
                    )
                return
            record = extraction.model_dump(mode="json") | {
                "wall_s": round(wall, 6),
                SHA_KEY: shas[article.id],
            }
            await loop.run_in_executor(writer, _append, run / EXTRACTIONS, record)

    try:
        with progress_bar(progress) as bar:
            task = bar.add_task("extract", total=len(articles), completed=len(articles) - len(todo))

            async def tracked(article: Article) -> None:
                await one(article)
                bar.advance(task)

            await asyncio.gather(*(tracked(a) for a in todo))
        if deadline is not None and unstarted:
            left = [a for a in todo if a.id in unstarted]
            for problem in deadline.not_attempted(left, extractor.name):
                problems.append(problem)
                _append(run / PROBLEMS, problem.model_dump(mode="json"))
            failed.update(unstarted)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        writer.shutdown(wait=True)
    merged = {aid: (d.extraction, d.wall_s) for aid, d in done.items()} | fresh
    ordered = [a.id for a in articles if a.id in merged]
    return BatchResult(
        extractions={aid: merged[aid][0] for aid in ordered},
        wall_s={aid: merged[aid][1] for aid in ordered},
        problems=problems,
        failed=failed,
        resumed=len(done),
        total_wall_s=time.perf_counter() - started,
    )


_T = TypeVar("_T")


def run_to_end(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """asyncio.run(coroutine), its result handed out beside the main task, not as its result.

    On its way out asyncio.run (Python 3.11) checks its SIGINT handler with
    signal.getsignal, which formats the handler into an error message it then
    drops: the handler holds the main task, whose repr holds its result's. For a
    run's articles and extractions that string is ~14 KB an article, over half a
    gigabyte at 50,000 articles. The main task here returns None instead.
    """
    result: list[_T] = []

    async def main() -> None:
        result.append(await coroutine)

    asyncio.run(main())
    return result[0]


def run_batch(
    articles: Sequence[Article],
    extractor: Extractor,
    run_dir: str | Path,
    *,
    config: dict[str, Any],
    concurrency: int = 4,
    rpm: float | None = None,
    resume: bool = False,
    progress: bool = True,
    deadline: Deadline | None = None,
) -> BatchResult:
    """Extract every article, `concurrency` at a time under `rpm` starts per minute.

    Past `deadline` no article is started; those left are "not attempted" problems
    and, never saved as finished, are done by a later `resume`.
    """
    return run_to_end(
        arun_batch(
            articles,
            extractor,
            run_dir,
            config=config,
            concurrency=concurrency,
            rpm=rpm,
            resume=resume,
            progress=progress,
            deadline=deadline,
        )
    )
