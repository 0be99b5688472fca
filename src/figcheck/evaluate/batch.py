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
import json
import logging
import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from figcheck.models import Article, Extraction, Problem
from figcheck.read import read_claims

log = logging.getLogger(__name__)

EXTRACTIONS = "extractions.jsonl"
PROBLEMS = "problems.jsonl"
RUN_JSON = "run.json"


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
        stored = stored.get("config", stored)
        differ = sorted(k for k in set(stored) | set(config) if stored.get(k) != config.get(k))
        if differ:
            detail = "; ".join(
                f"{k}: run has {stored.get(k)!r}, now {config.get(k)!r}" for k in differ
            )
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


def _parse(raw: bytes) -> tuple[Extraction, float]:
    record = json.loads(raw)
    return Extraction.model_validate(record), float(record.get("wall_s", 0.0))


def read_extractions(path: Path) -> tuple[dict[str, tuple[Extraction, float]], list[Problem]]:
    """Finished articles of a run; a torn last line (killed mid-write) is dropped with a warning.

    The file is cut back to its last complete record so that new appends start
    on a fresh line.
    """
    done: dict[str, tuple[Extraction, float]] = {}
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
            extraction, wall = _parse(raw)
        except bad as exc:
            raise FigcheckError(
                f"{path}:{number}: corrupt extraction record ({exc}); delete that line "
                "to redo the article, or start a new --run-dir"
            ) from exc
        if extraction.article in done:
            log.warning(
                "%s:%d: %s recorded twice; keeping the last", path, number, extraction.article
            )
        done[extraction.article] = (extraction, wall)
    if tail.strip():
        number = complete.count(b"\n") + (2 if newline else 1)
        try:
            extraction, wall = _parse(tail)
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
            done[extraction.article] = (extraction, wall)
            with path.open("ab") as handle:
                handle.write(b"\n")
    return done, problems


def _append(path: Path, record: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _progress(enabled: bool) -> Progress:
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
) -> BatchResult:
    """The async core of `run_batch`; an extractor with `async aextract(article)` is awaited."""
    if concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1, got {concurrency}")
    run = Path(run_dir)
    _check_config(run, config, resume)
    done, problems = read_extractions(run / EXTRACTIONS) if resume else ({}, [])
    todo = [a for a in articles if a.id not in done]
    semaphore = asyncio.Semaphore(concurrency)
    limiter = AsyncLimiter(rpm, 60) if rpm else None
    aextract = getattr(extractor, "aextract", None)
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="figcheck-extract")
    # one writer thread keeps appends in order and fsync off the event loop
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="figcheck-write")
    loop = asyncio.get_running_loop()
    fresh: dict[str, tuple[Extraction, float]] = {}
    failed: set[str] = set()
    started = time.perf_counter()

    async def one(article: Article) -> None:
        async with semaphore:
            if limiter is not None:
                await limiter.acquire()
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
            record = extraction.model_dump(mode="json") | {"wall_s": round(wall, 6)}
            await loop.run_in_executor(writer, _append, run / EXTRACTIONS, record)

    try:
        with _progress(progress) as bar:
            task = bar.add_task("extract", total=len(articles), completed=len(articles) - len(todo))

            async def tracked(article: Article) -> None:
                await one(article)
                bar.advance(task)

            await asyncio.gather(*(tracked(a) for a in todo))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        writer.shutdown(wait=True)
    merged = done | fresh
    ordered = [a.id for a in articles if a.id in merged]
    return BatchResult(
        extractions={aid: merged[aid][0] for aid in ordered},
        wall_s={aid: merged[aid][1] for aid in ordered},
        problems=problems,
        failed=failed,
        resumed=len(done),
        total_wall_s=time.perf_counter() - started,
    )


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
) -> BatchResult:
    """Extract every article, `concurrency` at a time under `rpm` starts per minute."""
    return asyncio.run(
        arun_batch(
            articles,
            extractor,
            run_dir,
            config=config,
            concurrency=concurrency,
            rpm=rpm,
            resume=resume,
            progress=progress,
        )
    )
