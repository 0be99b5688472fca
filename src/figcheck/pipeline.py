"""The one-way pipeline: articles -> claims -> keyed claims -> findings -> Report.

The library's `extract` and `check` live here so the CLI, the evaluator and
users all run the same sequence and record failures the same way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aiolimiter import AsyncLimiter

from figcheck.crosscheck import cross_check
from figcheck.errors import ConfigError
from figcheck.evaluate.batch import progress_bar, rpm_limiter
from figcheck.extractors import Extractor, extract_article, resolve
from figcheck.ingest import scan
from figcheck.link import StoryLinker, link
from figcheck.models import Article, Claim, Extraction, Problem, Usage
from figcheck.report import Report

_T = TypeVar("_T")


def extract(article: Article, extractor: str | Extractor = "rules", **options: Any) -> list[Claim]:
    """Grounded claims of one article (every quote equals article.text[start:end])."""
    return extract_article(article, extractor, **options).claims


def _articles(inputs: Iterable[str | Path | Article]) -> tuple[list[Article], list[Problem]]:
    items = list(inputs)
    articles = [item for item in items if isinstance(item, Article)]
    paths = [item for item in items if not isinstance(item, Article)]
    # ingest already recorded the warnings of the files it read; articles handed
    # in as objects bring theirs along
    problems = [
        Problem(
            severity="warning",
            stage="ingest",
            message=warning,
            article=article.id,
            path=article.path,
        )
        for article in articles
        for warning in article.warnings
    ]
    if paths:
        ingested = scan(paths)
        articles.extend(ingested.articles)
        problems.extend(ingested.problems)
    return articles, problems


BREAKER = 3  # articles failing outright in a row before the rest are not attempted


def _not_attempted(rest: Sequence[Article], name: str) -> list[Problem]:
    """What a tripped circuit breaker leaves: each article named, none silently dropped."""
    return [
        Problem(
            stage="extract",
            message=f"not attempted: the {name} extractor failed on {BREAKER} articles in a "
            "row (is the endpoint down?); fix it and run again, or pass --fallback rules",
            article=a.id,
            path=a.path,
        )
        for a in rest
    ]


@dataclass
class _Gate:
    """When the next article may start: a slow start that a dead endpoint closes.

    `open` articles may run at once. It begins at 2 (below BREAKER) and doubles
    on every success up to `concurrency`; an outright failure drops it to 1. So
    an endpoint that is down from the start costs exactly BREAKER articles, as a
    sequential run would, while a healthy one soon runs `concurrency` at once.
    """

    concurrency: int
    open: int = 0
    running: int = 0
    in_a_row: int = 0  # outright failures one after another (as they finish): the breaker
    tripped: bool = False
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def __post_init__(self) -> None:
        self.open = min(self.concurrency, BREAKER - 1)

    def finished(self, outright: bool, breaker: bool) -> None:
        self.running -= 1
        if outright:
            self.in_a_row += 1
            self.open = 1
            self.tripped = breaker and self.in_a_row >= BREAKER
        else:
            self.in_a_row = 0
            self.open = min(self.concurrency, self.open * 2)


def _with_fallback(
    article: Article, chosen: Extractor, spare: Extractor | None
) -> tuple[Extraction, bool]:
    """One article's extraction, and whether `chosen` failed it outright (before any fallback)."""
    result = extract_article(article, chosen)
    failed = [p for p in result.problems if p.severity == "error"]
    outright = not result.claims and bool(failed)
    if spare is not None and outright:
        warning = Problem(
            severity="warning",
            stage="extract",
            message=f"{chosen.name} failed ({failed[0].message}); "
            f"{spare.name} extractor used instead, as --fallback asked",
            article=article.id,
            path=article.path,
        )
        result = extract_article(article, spare)
        result.problems.insert(0, warning)
    return result, outright


async def _extract_concurrently(
    articles: Sequence[Article],
    chosen: Extractor,
    spare: Extractor | None,
    concurrency: int,
    limiter: AsyncLimiter | None,
    progress: bool,
) -> list[Extraction | None]:
    """Every article's extraction in input order; None for those the breaker left unstarted."""
    gate = _Gate(concurrency)
    results: list[Extraction | None] = [None] * len(articles)
    loop = asyncio.get_running_loop()
    with (
        ThreadPoolExecutor(concurrency, thread_name_prefix="figcheck-extract") as pool,
        progress_bar(progress) as bar,
    ):
        task = bar.add_task("extract", total=len(articles))

        async def one(n: int, article: Article) -> None:
            outright = True
            try:
                if limiter is not None:
                    await limiter.acquire()
                result, outright = await loop.run_in_executor(
                    pool, _with_fallback, article, chosen, spare
                )
            finally:  # the gate hears of every end, or the next start would wait forever
                async with gate.changed:
                    gate.finished(outright, breaker=spare is None)
                    gate.changed.notify_all()
            results[n] = result
            bar.advance(task)

        started: list[asyncio.Task[None]] = []
        for n, article in enumerate(articles):
            async with gate.changed:
                await gate.changed.wait_for(lambda: gate.tripped or gate.running < gate.open)
                if gate.tripped:
                    break
                gate.running += 1
            started.append(asyncio.create_task(one(n, article)))
        await asyncio.gather(*started)
    return results


def _run_coroutine(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """asyncio.run, also from code that already runs an event loop (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as runner:
        return runner.submit(lambda: asyncio.run(coroutine)).result()


def extract_all(
    inputs: str | Path | Article | Sequence[str | Path | Article],
    extractor: str | Extractor = "auto",
    *,
    fallback: str | Extractor | None = None,
    concurrency: int = 4,
    rpm: float | None = None,
    progress: bool = False,
    **options: Any,
) -> Report:
    """Every article's claims, not yet linked; failed files and articles stay in the report.

    Articles run `concurrency` at a time under `rpm` starts per minute (the
    limit `eval` uses); the report lists them in input order whatever order they
    finish in. `fallback` (e.g. "rules") re-extracts an article whose extraction
    failed outright; it is used only when asked, and each use is a recorded
    warning. Without it, BREAKER outright failures in a row stop the run, and
    every article not started is named.
    """
    if concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1, got {concurrency}")
    limiter = rpm_limiter(rpm)
    if isinstance(inputs, str | Path | Article):
        inputs = [inputs]
    articles, problems = _articles(inputs)
    chosen = resolve(extractor, options)
    spare = resolve(fallback, {}) if fallback is not None else None
    results = _run_coroutine(
        _extract_concurrently(articles, chosen, spare, concurrency, limiter, progress)
    )
    claims: list[Claim] = []
    usage = Usage()
    dropped = 0
    model: str | None = None
    prompt: str | None = None
    prompt_hash: str | None = None
    for n, result in enumerate(results):
        if result is None:  # the breaker stopped the run here; starts go in input order
            problems.extend(_not_attempted(articles[n:], chosen.name))
            break
        claims.extend(result.claims)
        problems.extend(result.problems)
        usage.add(result.usage)
        dropped += result.dropped
        model = model or result.model
        prompt = prompt or result.prompt
        prompt_hash = prompt_hash or result.prompt_hash
    return Report(
        articles=articles,
        claims=claims,
        problems=problems,
        extractor=chosen.name,
        model=model,
        prompt=prompt,
        prompt_hash=prompt_hash,
        dropped_claims=dropped,
        usage=usage,
        created=dt.datetime.now(dt.UTC),
    )


def check(
    inputs: str | Path | Article | Sequence[str | Path | Article],
    extractor: str | Extractor = "auto",
    *,
    fallback: str | Extractor | None = None,
    story_linker: StoryLinker | None = None,
    concurrency: int = 4,
    rpm: float | None = None,
    progress: bool = False,
    **options: Any,
) -> Report:
    """Extract, link and cross-check every article; failed files and articles stay in the report.

    Extraction runs as `extract_all` says (concurrent, in input order); linking
    and cross-checking then see every claim at once.
    """
    chosen = resolve(extractor, options)
    if story_linker is None and chosen.name == "llm":
        # the linker talks to the extractor's endpoint, resolved once (trust included)
        config = getattr(chosen, "config", None)
        story_linker = _llm_story_linker({"config": config, **options} if config else options)
    extracted = extract_all(
        inputs, chosen, fallback=fallback, concurrency=concurrency, rpm=rpm, progress=progress
    )
    keyed = link(extracted.claims, extracted.articles, story_linker=story_linker)
    findings = cross_check(keyed, extracted.articles)
    return extracted.model_copy(update={"claims": keyed, "findings": findings})


def _llm_story_linker(options: dict[str, Any]) -> StoryLinker | None:
    """The LLM proposes each story's groups; absent an endpoint the rules' keys stand."""
    try:
        from figcheck.llm.linker import make_story_linker
    except ImportError:
        return None
    return make_story_linker(**options)
