"""The one-way pipeline: articles -> claims -> keyed claims -> findings -> Report.

The library's `extract` and `check` live here so the CLI, the evaluator and
users all run the same sequence and record failures the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from figcheck.crosscheck import cross_check
from figcheck.extractors import Extractor, extract_article, resolve
from figcheck.ingest import scan
from figcheck.link import StoryLinker, link
from figcheck.models import Article, Claim, Problem, Usage, compact
from figcheck.report import Report


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
        if paths:
            ingested = scan(paths)
            problems.extend(ingested.problems)
            yield from ingested.articles

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


def extract_all(
    inputs: str | Path | Article | Iterable[str | Path | Article],
    extractor: str | Extractor = "auto",
    *,
    fallback: str | Extractor | None = None,
    **options: Any,
) -> Report:
    """Every article's claims, not yet linked; failed files and articles stay in the report.

    `fallback` (e.g. "rules") re-extracts an article whose extraction failed
    outright; it is used only when asked, and each use is a recorded warning.
    """
    if isinstance(inputs, str | Path | Article):
        inputs = [inputs]
    stream, problems = _articles(inputs)
    articles: list[Article] = []  # kept for the reports (their text is shown and highlighted)
    extract_problems: list[Problem] = []
    chosen = resolve(extractor, options)
    claims: list[Claim] = []
    usage = Usage()
    dropped = 0
    model: str | None = None
    prompt: str | None = None
    prompt_hash: str | None = None
    spare = resolve(fallback, {}) if fallback is not None else None
    in_a_row = 0  # articles failed outright one after another: the circuit breaker's count
    for article in stream:
        articles.append(compact(article))
        if in_a_row >= BREAKER and spare is None:
            rest = [article, *stream]
            articles.extend(rest[1:])
            extract_problems.extend(_not_attempted(rest, chosen.name))
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
        extract_problems.extend(result.problems)
        usage.add(result.usage)
        dropped += result.dropped
        model = model or result.model
        prompt = prompt or result.prompt
        prompt_hash = prompt_hash or result.prompt_hash
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
    **options: Any,
) -> Report:
    """Extract, link and cross-check every article; failed files and articles stay in the report."""
    chosen = resolve(extractor, options)
    if story_linker is None and chosen.name == "llm":
        # the linker talks to the extractor's endpoint, resolved once (trust included)
        config = getattr(chosen, "config", None)
        story_linker = _llm_story_linker({"config": config, **options} if config else options)
    extracted = extract_all(inputs, chosen, fallback=fallback)
    claims, extracted = extracted.claims, extracted.model_copy(update={"claims": []})
    # the unlinked claims are let go once linked: cross-checking never holds both
    keyed = link(claims, extracted.articles, story_linker=story_linker)
    del claims
    findings = cross_check(keyed, extracted.articles)
    return extracted.model_copy(update={"claims": keyed, "findings": findings})


def _llm_story_linker(options: dict[str, Any]) -> StoryLinker | None:
    """The LLM proposes each story's groups; absent an endpoint the rules' keys stand."""
    try:
        from figcheck.llm.linker import make_story_linker
    except ImportError:
        return None
    return make_story_linker(**options)
