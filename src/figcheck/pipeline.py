"""The one-way pipeline: articles -> claims -> keyed claims -> findings -> Report.

The library's `extract` and `check` live here so the CLI, the evaluator and
users all run the same sequence and record failures the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from figcheck.crosscheck import cross_check
from figcheck.engine import split_problems
from figcheck.extractors import Extractor, extract_article, resolve
from figcheck.extractors.budget import Deadline, as_deadline, bind
from figcheck.ingest import scan
from figcheck.link import StoryLinker, link
from figcheck.models import Article, Claim, Problem, Usage
from figcheck.read._stories import claim_stories
from figcheck.report import Report

if TYPE_CHECKING:
    from figcheck.extractors.llm import LLMExtractor
    from figcheck.llm.batch import BatchState


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


def extract_all(
    inputs: str | Path | Article | Sequence[str | Path | Article],
    extractor: str | Extractor = "auto",
    *,
    fallback: str | Extractor | None = None,
    deadline: float | Deadline | None = None,
    **options: Any,
) -> Report:
    """Every article's claims, not yet linked; failed files and articles stay in the report.

    `fallback` (e.g. "rules") re-extracts an article whose extraction failed
    outright; it is used only when asked, and each use is a recorded warning.
    `deadline` (seconds, --deadline) bounds the run: see `figcheck.extractors.budget`.
    """
    budget = as_deadline(deadline)
    if isinstance(inputs, str | Path | Article):
        inputs = [inputs]
    articles, problems = _articles(inputs)
    chosen = resolve(extractor, options)
    claims: list[Claim] = []
    usage = Usage()
    dropped = 0
    model: str | None = None
    prompt: str | None = None
    prompt_hash: str | None = None
    spare = resolve(fallback, {}) if fallback is not None else None
    in_a_row = 0  # articles failed outright one after another: the circuit breaker's count
    bind(chosen, budget)  # unbound below; extract_article records failures, it never raises
    for n, article in enumerate(articles):
        if in_a_row >= BREAKER and spare is None:
            problems.extend(_not_attempted(articles[n:], chosen.name))
            break
        if budget is not None and budget.passed:
            problems.extend(budget.not_attempted(articles[n:], chosen.name))
            break
        result = extract_article(article, chosen)
        outright = not result.claims and any(p.severity == "error" for p in result.problems)
        in_a_row = in_a_row + 1 if outright else 0
        failed = [p for p in result.problems if p.severity == "error"]
        if spare is not None and failed and not result.claims:
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
        claims.extend(result.claims)
        problems.extend(result.problems)
        usage.add(result.usage)
        dropped += result.dropped
        model = model or result.model
        prompt = prompt or result.prompt
        prompt_hash = prompt_hash or result.prompt_hash
    bind(chosen, None)
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
    deadline: float | Deadline | None = None,
    engine: str = "local",
    **options: Any,
) -> Report:
    """Extract, link and cross-check every article; failed files and articles stay in the report.

    `engine="ray"` runs the same stages on Ray Data (`figcheck.engine.ray_data`,
    the `figcheck[ray]` extra) with the same claims, keys and findings.
    """
    budget = as_deadline(deadline)
    chosen = resolve(extractor, options)
    if engine != "local":
        return _check_on(engine, inputs, chosen, fallback, story_linker, budget)
    if story_linker is None and chosen.name == "llm":
        # the linker talks to the extractor's endpoint, resolved once (trust included)
        config = getattr(chosen, "config", None)
        story_linker = _llm_story_linker({"config": config, **options} if config else options)
    extracted = extract_all(inputs, chosen, fallback=fallback, deadline=budget)
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
    keyed = link(extracted.claims, extracted.articles, story_linker=story_linker)
    findings = cross_check(keyed, extracted.articles)
    extracted.problems.extend(split_problems(keyed, claim_stories(keyed)))  # as the ray engine
    return extracted.model_copy(update={"claims": keyed, "findings": findings})


def _check_on(
    engine: str,
    inputs: str | Path | Article | Sequence[str | Path | Article],
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
    articles, problems = _articles(inputs)
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
            articles, problems = _articles(inputs)
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
