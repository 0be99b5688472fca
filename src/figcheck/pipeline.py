"""The one-way pipeline: articles -> claims -> keyed claims -> findings -> Report.

The library's `extract` and `check` live here so the CLI, the evaluator and
users all run the same sequence and record failures the same way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import time
from collections.abc import Callable, Coroutine, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from aiolimiter import AsyncLimiter

from figcheck.crosscheck import cross_check
from figcheck.engine import split_problems
from figcheck.errors import ConfigError
from figcheck.evaluate.batch import progress_bar, rpm_limiter, run_to_end
from figcheck.extractors import Extractor, extract_article, resolve
from figcheck.extractors.budget import Deadline, as_deadline, bind
from figcheck.ingest import iter_scan
from figcheck.link import StoryLinker, link
from figcheck.models import Article, Claim, Extraction, Problem, Usage, compact
from figcheck.read._stories import claim_stories
from figcheck.report import Report

if TYPE_CHECKING:
    from figcheck.engine.shards import ShardFormat
    from figcheck.engine.stream import StreamedRun
    from figcheck.extractors.llm import LLMExtractor
    from figcheck.llm.batch import BatchState

_T = TypeVar("_T")


def extract(article: Article, extractor: str | Extractor = "rules", **options: Any) -> list[Claim]:
    """Grounded claims of one article (every quote equals article.text[start:end])."""
    return extract_article(article, extractor, **options).claims


def _articles(inputs: Iterable[str | Path | Article]) -> tuple[Iterator[Article], list[Problem]]:
    """Articles one at a time (objects in their order, then the files read from paths), and
    the list their ingest problems land in as they are read.

    A generator of articles is consumed as extraction goes, so a caller streaming from a
    queue never holds articles that have not been reached yet.
    """
    problems: list[Problem] = []

    def stream() -> Iterator[Article]:
        paths: list[str | Path] = []
        for item in inputs:
            if not isinstance(item, Article):
                paths.append(item)
                continue
            # ingest already recorded the warnings of the files it read; articles handed
            # in as objects bring theirs along
            problems.extend(
                Problem(
                    severity="warning",
                    stage="ingest",
                    message=warning,
                    article=item.id,
                    path=item.path,
                )
                for warning in item.warnings
            )
            yield item
        if paths:  # read one at a time: a big folder or corpus file is never held whole
            yield from iter_scan(paths, problems)

    return stream(), problems


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


@dataclass
class _Run:
    """What the concurrent runner read and did: every article (in input order), its
    extraction or None when it was not started, and what stopped the starts, if anything."""

    articles: list[Article] = field(default_factory=list)
    results: list[Extraction | None] = field(default_factory=list)
    stopped: str | None = None  # "breaker" | "deadline"


async def _extract_concurrently(
    stream: Iterator[Article],
    chosen: Extractor,
    spare: Extractor | None,
    concurrency: int,
    limiter: AsyncLimiter | None,
    progress: bool,
    budget: Deadline | None = None,
) -> _Run:
    """Articles pulled from `stream` only when the gate lets one start, so a generator is
    read as extraction goes (at most `concurrency` articles ahead); after a stop, the
    unstarted rest is read to the end and named."""
    gate = _Gate(concurrency)
    run = _Run()
    loop = asyncio.get_running_loop()
    with (
        ThreadPoolExecutor(concurrency, thread_name_prefix="figcheck-extract") as pool,
        progress_bar(progress) as bar,
    ):
        task = bar.add_task("extract", total=None)

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
            run.results[n] = result
            bar.advance(task)

        started: list[asyncio.Task[None]] = []
        article: Article | None = None
        while True:
            async with gate.changed:
                await gate.changed.wait_for(lambda: gate.tripped or gate.running < gate.open)
                if gate.tripped:
                    run.stopped = "breaker"
                elif budget is not None and budget.passed:
                    run.stopped = "deadline"
                else:
                    article = next(stream, None)
                    if article is None:
                        bar.update(task, total=len(run.articles))  # now the count is known
                        break
                    gate.running += 1
            if run.stopped or article is None:
                break
            run.articles.append(compact(article))
            run.results.append(None)
            started.append(asyncio.create_task(one(len(run.articles) - 1, run.articles[-1])))
        await asyncio.gather(*started)
    if run.stopped:
        rest = [compact(a) for a in stream]
        run.articles.extend(rest)
        run.results.extend(None for _ in rest)
    return run


def _run_coroutine(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """run_to_end, also from code that already runs an event loop (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run_to_end(coroutine)
    with ThreadPoolExecutor(1) as runner:
        return runner.submit(run_to_end, coroutine).result()


def extract_all(
    inputs: str | Path | Article | Iterable[str | Path | Article],
    extractor: str | Extractor = "auto",
    *,
    fallback: str | Extractor | None = None,
    deadline: float | Deadline | None = None,
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
    every article not started is named. `deadline` (seconds, --deadline) bounds the
    run: no article starts after it, see `figcheck.extractors.budget`.
    """
    if concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1, got {concurrency}")
    limiter = rpm_limiter(rpm)
    budget = as_deadline(deadline)
    if isinstance(inputs, str | Path | Article):
        inputs = [inputs]
    stream, problems = _articles(inputs)
    chosen = resolve(extractor, options)
    spare = resolve(fallback, {}) if fallback is not None else None
    bind(chosen, budget)  # unbound below; extract_article records failures, it never raises
    run = _run_coroutine(
        _extract_concurrently(stream, chosen, spare, concurrency, limiter, progress, budget)
    )
    articles = run.articles  # kept for the reports (their text is shown and highlighted)
    extract_problems: list[Problem] = []
    claims: list[Claim] = []
    usage = Usage()
    dropped = 0
    model: str | None = None
    prompt: str | None = None
    prompt_hash: str | None = None
    for n, result in enumerate(run.results):
        if result is None:  # the breaker or the deadline stopped the run here, in input order
            if run.stopped == "deadline" and budget is not None:
                extract_problems.extend(budget.not_attempted(articles[n:], chosen.name))
            else:
                extract_problems.extend(_not_attempted(articles[n:], chosen.name))
            break
        claims.extend(result.claims)
        extract_problems.extend(result.problems)
        usage.add(result.usage)
        dropped += result.dropped
        model = model or result.model
        prompt = prompt or result.prompt
        prompt_hash = prompt_hash or result.prompt_hash
    bind(chosen, None)
    return Report(
        articles=articles,
        claims=claims,
        problems=problems + extract_problems,  # ingest problems first, then extraction's
        extractor=chosen.name,
        model=model,
        prompt=prompt,
        prompt_hash=prompt_hash,
        dropped_claims=dropped,
        usage=usage,
        created=dt.datetime.now(dt.UTC),
    )


def check(
    inputs: str | Path | Article | Iterable[str | Path | Article],
    extractor: str | Extractor = "auto",
    *,
    fallback: str | Extractor | None = None,
    story_linker: StoryLinker | None = None,
    deadline: float | Deadline | None = None,
    concurrency: int = 4,
    rpm: float | None = None,
    progress: bool = False,
    engine: str = "local",
    **options: Any,
) -> Report:
    """Extract, link and cross-check every article; failed files and articles stay in the report.

    Extraction runs as `extract_all` says (concurrent, in input order); linking
    and cross-checking then see every claim at once. `engine="ray"` runs the same
    stages on Ray Data (`figcheck.engine.ray_data`, the `figcheck[ray]` extra) with
    the same claims, keys and findings.
    """
    budget = as_deadline(deadline)
    chosen = resolve(extractor, options)
    if engine != "local":
        return _check_on(engine, inputs, chosen, fallback, story_linker, budget)
    if story_linker is None and chosen.name == "llm":
        # the linker talks to the extractor's endpoint, resolved once (trust included)
        config = getattr(chosen, "config", None)
        story_linker = _llm_story_linker({"config": config, **options} if config else options)
    extracted = extract_all(
        inputs,
        chosen,
        fallback=fallback,
        deadline=budget,
        concurrency=concurrency,
        rpm=rpm,
        progress=progress,
    )
    if story_linker is not None and budget is not None and budget.passed:
        story_linker = None  # no time left: the rules' keys stand, and the report says so
        extracted.problems.append(
            Problem(
                severity="warning",
                stage="link",
                message=f"story-level LLM linking skipped: the run's deadline "
                f"({budget.seconds:g} s) had passed; claims are linked by the rules",
            )
        )
    claims, extracted = extracted.claims, extracted.model_copy(update={"claims": []})
    # the unlinked claims are let go once linked: cross-checking never holds both
    keyed = link(claims, extracted.articles, story_linker=story_linker)
    del claims
    findings = cross_check(keyed, extracted.articles)
    extracted.problems.extend(split_problems(keyed, claim_stories(keyed)))  # as the ray engine
    return extracted.model_copy(update={"claims": keyed, "findings": findings})


def _check_on(
    engine: str,
    inputs: str | Path | Article | Iterable[str | Path | Article],
    chosen: Extractor,
    fallback: str | Extractor | None,
    story_linker: StoryLinker | None,
    budget: Deadline | None,
) -> Report:
    """`check` on another engine; what it cannot do yet is a configuration error, not ignored."""
    from figcheck.engine import ENGINES, require_ray
    from figcheck.errors import ConfigError

    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if chosen.name != "rules":
        raise ConfigError(
            f"--engine ray runs the rules extractor only (asked: {chosen.name}); for LLM "
            "extraction at scale use figcheck batch submit/collect, or leave out --engine"
        )
    if fallback is not None or story_linker is not None or budget is not None:
        raise ConfigError("--engine ray takes no --fallback, story linker or --deadline")
    require_ray()
    from figcheck.engine.ray_data import run_check

    if isinstance(inputs, str | Path | Article):
        inputs = [inputs]
    stream, problems = _articles(inputs)
    articles = list(stream)  # read whole: the ingest problems are known once it is
    out = run_check(articles, problems, chosen.name)
    return Report(
        articles=out.articles,
        claims=out.claims,
        findings=out.findings,
        problems=out.problems,
        extractor=out.extractor,
        model=out.model,
        prompt=out.prompt,
        prompt_hash=out.prompt_hash,
        dropped_claims=out.dropped,
        usage=out.usage,
        created=dt.datetime.now(dt.UTC),
    )


def check_to_shards(
    inputs: str | Path | Article | Iterable[str | Path | Article],
    out: str | Path,
    extractor: str | Extractor = "auto",
    *,
    shard_format: ShardFormat = "jsonl",
    resume: bool = False,
    fallback: str | Extractor | None = None,
    deadline: float | Deadline | None = None,
    concurrency: int = 4,
    rpm: float | None = None,
    engine: str = "local",
    **options: Any,
) -> StreamedRun:
    """`check` for a corpus of any size: results go to shards in `out`, memory stays flat.

    Articles are read, extracted and spilled one at a time, then linked and
    cross-checked one story partition at a time (`figcheck.engine.stream`);
    claims, findings, articles (without text) and problems go to JSON-lines or
    Parquet shards, and `out/summary.json` is written last. A killed run
    continues with `resume=True`: saved extractions are not redone. Claims and
    keys equal `check`'s; findings too, numbered partition by partition.
    `engine="ray"` extracts a chunk of articles at a time on Ray (rules only);
    linking and cross-checking stay partition by partition in this process.
    """
    from figcheck.engine.shards import FORMATS, require_parquet
    from figcheck.engine.stream import run_streamed
    from figcheck.evaluate.batch import run_lock

    if shard_format not in FORMATS:
        raise ConfigError(f"unknown shard format {shard_format!r}; choose one of jsonl, parquet")
    if shard_format == "parquet":
        require_parquet()
    budget = as_deadline(deadline)
    if rpm is not None and not rpm > 0:
        raise ConfigError(f"--rpm must be above 0, got {rpm}")
    chosen = resolve(extractor, options)
    spare = resolve(fallback, {}) if fallback is not None else None
    if isinstance(inputs, str | Path | Article):
        inputs = [inputs]
    stream, problems = _articles(inputs)
    if chosen.name == "llm":
        problems.append(
            Problem(
                severity="warning",
                stage="link",
                message="story-level LLM linking does not run on a sharded (--shards) run; "
                "claims are linked by the rules",
            )
        )
    gap = 60 / rpm if rpm else 0.0
    next_start = [time.monotonic()]

    def before_start() -> str | None:
        """Why no more articles may start (the deadline), else None after --rpm's spacing."""
        if budget is not None and budget.passed:
            return "deadline"
        time.sleep(max(0.0, next_start[0] - time.monotonic()))
        next_start[0] = max(next_start[0], time.monotonic()) + gap
        return None

    def not_attempted(article: Article, why: str) -> Problem:
        if why == "deadline" and budget is not None:
            return budget.not_attempted([article], chosen.name)[0]
        return _not_attempted([article], chosen.name)[0]

    config = {
        "extractor": chosen.name,
        "model": getattr(chosen, "model", None),
        "prompt_hash": getattr(getattr(chosen, "prompt", None), "sha256", None),
        "fallback": spare.name if spare is not None else None,
        "shard_format": shard_format,
    }
    chunked: Callable[[list[Article]], Iterable[Extraction]] | None = None
    extracted: Callable[[], None] | None = None
    if engine != "local":
        chunked, extracted = _ray_chunks(engine, chosen, spare, budget)
    with run_lock(Path(out)):
        bind(chosen, budget)
        try:
            return run_streamed(
                stream,
                problems,
                lambda article: _with_fallback(article, chosen, spare),
                out,
                config=config,
                resume=resume,
                fmt=shard_format,
                concurrency=concurrency,
                breaker=None if spare is not None else BREAKER,
                halt=before_start,
                not_attempted=not_attempted,
                chunked=chunked,
                extracted=extracted,
            )
        finally:
            bind(chosen, None)


def _ray_chunks(
    engine: str, chosen: Extractor, spare: Extractor | None, budget: Deadline | None
) -> tuple[Callable[[list[Article]], Iterable[Extraction]], Callable[[], None]]:
    """The Ray map that extracts a chunk of articles, after `_check_on`'s checks, and what
    to call once extraction has ended (stops the Ray it started: linking is local)."""
    from figcheck.engine import ENGINES, require_ray

    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if chosen.name != "rules" or spare is not None or budget is not None:
        raise ConfigError(
            f"--engine ray runs the rules extractor only (asked: {chosen.name}), with no "
            "--fallback or --deadline"
        )
    require_ray("ray")  # plain Ray tasks: Ray Data is not loaded
    from figcheck.engine.ray_data import extract_chunk, stop_ray

    return functools.partial(extract_chunk, extractor=chosen.name), stop_ray


def _llm_story_linker(options: dict[str, Any]) -> StoryLinker | None:
    """The LLM proposes each story's groups; absent an endpoint the rules' keys stand."""
    try:
        from figcheck.llm.linker import make_story_linker
    except ImportError:
        return None
    return make_story_linker(**options)


# --- provider Batch API: submit, status, collect (figcheck.llm.batch holds the provider side)


def _batch_extractor(state: BatchState, options: dict[str, Any]) -> LLMExtractor:
    """The extractor a batch was submitted with: its recorded settings, the endpoint of now."""
    from figcheck.extractors.llm import make_llm_extractor
    from figcheck.llm import batch

    given = {k: v for k, v in options.items() if v is not None}
    if "config" not in given:
        given = {**state.settings, **given}
    extractor = make_llm_extractor(required=True, **given)
    assert extractor is not None  # required=True raises instead
    batch.check_settings(state, extractor.config, Path(options.get("run_dir", ".")))
    return extractor


def batch_submit(
    inputs: Sequence[str | Path | Article], run_dir: str | Path, **options: Any
) -> BatchState:
    """Write every article's extraction requests, upload them and create a provider batch.

    Rerunning after a kill continues from the last step recorded in the run dir;
    nothing is written, uploaded or created twice.
    """
    from figcheck.errors import ConfigError, IngestError
    from figcheck.evaluate.batch import run_lock
    from figcheck.extractors.llm import make_llm_extractor
    from figcheck.llm import batch

    run = Path(run_dir)
    names = [str(i.id if isinstance(i, Article) else i) for i in inputs]
    with run_lock(run):
        if (run / batch.STATE).is_file():
            state = batch.load_state(run)
            if state.inputs != names:
                raise ConfigError(
                    f"{run} holds a batch of other inputs ({', '.join(state.inputs)}); "
                    "collect it, or submit these to another --run-dir"
                )
            extractor = _batch_extractor(state, {**options, "run_dir": run})
        else:
            made = make_llm_extractor(required=True, **options)
            assert made is not None  # required=True raises instead
            extractor = made
            stream, problems = _articles(inputs)
            articles = list(stream)
            if not articles:
                detail = "; ".join(p.message for p in problems if p.severity == "error")
                raise IngestError(f"no article could be read, nothing submitted: {detail}")
            state = batch.prepare(run, articles, extractor, names, problems)
        state = batch.upload(run, state, extractor)
        return batch.create(run, state, extractor)


def batch_status(run_dir: str | Path, **options: Any) -> BatchState:
    """How the run's batch stands, as the provider says now (its counts and usage recorded)."""
    from figcheck.evaluate.batch import run_lock
    from figcheck.llm import batch

    run = Path(run_dir)
    with run_lock(run):
        state = batch.load_state(run)
        return batch.refresh(run, state, _batch_extractor(state, {**options, "run_dir": run}))


def batch_collect(
    run_dir: str | Path,
    *,
    concurrency: int = 4,
    progress: bool = False,
    story_linker: StoryLinker | None = None,
    **options: Any,
) -> Report | BatchState:
    """The batch's answers, grounded and validated like online ones, linked and cross-checked.

    Returns the state while the batch is still running. Requests the batch did
    not answer, and answers that do not ground, are asked online (re-asks). Each
    finished article is kept in RUN_DIR/extract, so a killed collect resumes.
    """
    from figcheck.evaluate.batch import run_batch, run_config, run_lock
    from figcheck.llm import batch

    run = Path(run_dir)
    with run_lock(run):
        state = batch.load_state(run)
        extractor = _batch_extractor(state, {**options, "run_dir": run})
        state = batch.refresh(run, state, extractor)
        if not state.finished:
            return state
        state = batch.download(run, state, extractor)
        answers = batch.answers(run)
        extractor.client.answers = answers.bodies
        articles = list(batch.read_articles(run))
        result = run_batch(
            articles,
            extractor,
            run / "extract",
            config=run_config(extractor, run),
            concurrency=concurrency,
            resume=True,
            progress=progress,
        )
    problems = list(state.problems) + _unanswered(run, answers.failed)
    if state.requests and state.status != "completed":
        errors = "; ".join(state.errors) or "no reason given"
        message = (
            f"the batch ended {state.status} ({errors}); what it left unanswered was asked online"
        )
        problems.insert(0, Problem(severity="warning", stage="extract", message=message))
    problems.extend(result.problems)
    claims: list[Claim] = []
    usage = Usage()
    dropped = 0
    for extraction in result.extractions.values():
        claims.extend(extraction.claims)
        problems.extend(extraction.problems)
        usage.add(extraction.usage)
        dropped += extraction.dropped
    if story_linker is None:
        # like check: the linker talks to the extractor's endpoint (and transport)
        story_linker = _llm_story_linker({**options, "config": extractor.config})
    keyed = link(claims, articles, story_linker=story_linker)
    return Report(
        articles=articles,
        claims=keyed,
        findings=cross_check(keyed, articles),
        problems=problems,
        extractor=extractor.name,
        model=extractor.model,
        prompt=extractor.prompt.name,
        prompt_hash=extractor.prompt.sha256,
        dropped_claims=dropped,
        usage=usage,
        created=dt.datetime.now(dt.UTC),
    )


def _unanswered(run: Path, failed: dict[str, str]) -> list[Problem]:
    """A warning per batch line without a usable answer: it was asked online instead."""
    from figcheck.llm.batch import request_map

    where = request_map(run)
    problems = []
    for custom_id, reason in sorted(failed.items()):
        row = where.get(custom_id, {})
        problems.append(
            Problem(
                severity="warning",
                stage="extract",
                message=f"the batch has no answer for chunk {row.get('chunk', '?')}/"
                f"{row.get('chunks', '?')} ({reason}); asked through the online endpoint",
                article=row.get("article"),
            )
        )
    return problems
