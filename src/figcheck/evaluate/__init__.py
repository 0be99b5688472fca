"""Scoring as ../shared/spec/dataset-format.md "Scoring" says: claims, grouping, findings, cost.

Every metric hangs on the claim matching rule in `figcheck.evaluate._matching`
(re-exported here as `match_claims`); the rules are quoted in each scoreboard.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from figcheck.errors import ConfigError
from figcheck.evaluate._matching import claims_match, figure_token, match_claims, span_iou
from figcheck.evaluate.batch import run_batch, run_config
from figcheck.evaluate.scoreboard import (
    ArticleScore,
    ClaimRef,
    FindingRef,
    MatchRow,
    Metric,
    Scoreboard,
)
from figcheck.extractors import Extractor, get_extractor
from figcheck.extractors.budget import as_deadline
from figcheck.models import Article, Claim, Finding, FindingKind, Problem, Usage, Verdict
from figcheck.normalise.money import currency_code
from figcheck.normalise.units import canonical

__all__ = [
    "RunCost",
    "claims_match",
    "evaluate",
    "figure_token",
    "grouping_metrics",
    "interval_equal",
    "match_claims",
    "score",
    "score_findings",
    "span_iou",
    "unit_equal",
]


MATCHING_RULE = (
    "A predicted claim matches a gold claim of the same article when their spans overlap "
    "and the gold figure's digits/words lie inside the predicted span; one-to-one, greedy by "
    "span IoU."
)
FINDING_RULE = (
    "Only conflict and arithmetic findings with verdict inconsistent are scored. A predicted "
    "finding matches a gold one (of either kind) when every claim it names matches a claim of "
    "the gold finding and it names at least two of them (all, if the gold finding has fewer)."
)
GROUPING_RULE = (
    "Over all pairs of matched claims: gold says same quantity when the gold keys are equal, "
    "the prediction when the predicted keys are equal and non-empty."
)
_SCORED_KINDS = (FindingKind.conflict, FindingKind.arithmetic)


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def interval_equal(predicted: Claim, gold: Claim) -> bool:
    """Same bounds and same openness: "more than 230" is not "at least 230"."""
    return (
        _same(predicted.low, gold.low)
        and _same(predicted.high, gold.high)
        and predicted.low_open == gold.low_open
        and predicted.high_open == gold.high_open
    )


def _unit(unit: str | None) -> str | None:
    """A unit as its canonical name, so "km" in a gold file equals figcheck's "kilometer"."""
    if unit is None or (len(unit) == 3 and unit.isupper()):
        return unit
    return canonical(unit) or currency_code(unit) or unit


def unit_equal(predicted: Claim, gold: Claim) -> bool:
    """Same unit once both are canonical (pint name, ISO 4217 code; None for a count)."""
    return _unit(predicted.unit) == _unit(gold.unit)


def unit_metrics(pairs: Sequence[tuple[Claim, Claim]], gold: Sequence[Claim]) -> dict[str, Metric]:
    """Unit accuracy over matched claims, for a dataset whose gold labels units.

    The spec has no `unit` key; a dataset that gives one (figcheck's own extra key,
    e.g. evals/datasets/quantities) is scored on it, a count being a claim without
    one. A dataset where no gold claim names a unit is not scored (None).
    """
    if not any(g.unit for g in gold):
        return {"claims.unit_accuracy": None}
    return {"claims.unit_accuracy": _ratio(sum(unit_equal(p, g) for p, g in pairs), len(pairs))}


def _ref(c: Claim) -> ClaimRef:
    return ClaimRef(article=c.article, id=c.id, start=c.start, end=c.end, quote=c.quote)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def grouping_metrics(pairs: Sequence[tuple[Claim, Claim]]) -> dict[str, Metric]:
    """Pairwise "same key" agreement, counted from key tallies rather than O(n^2) pairs."""
    gold_keys = Counter(g.key for _, g in pairs if g.key)
    pred_keys = Counter(p.key for p, _ in pairs if p.key)
    both = Counter((g.key, p.key) for p, g in pairs if g.key and p.key)
    n_gold = sum(_pairs(n) for n in gold_keys.values())
    n_pred = sum(_pairs(n) for n in pred_keys.values())
    n_both = sum(_pairs(n) for n in both.values())
    precision, recall = _ratio(n_both, n_pred), _ratio(n_both, n_gold)
    return {
        "grouping.pairs_gold": n_gold,
        "grouping.pairs_predicted": n_pred,
        "grouping.pairs_both": n_both,
        "grouping.precision": precision,
        "grouping.recall": recall,
        "grouping.f1": _f1(precision, recall),
    }


def _scored(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind in _SCORED_KINDS and f.verdict == Verdict.inconsistent]


def findings_match(predicted: Finding, gold: Finding, to_gold: dict[str, str]) -> bool:
    """FINDING_RULE for one pair; `to_gold` maps predicted claim ids to matched gold ids."""
    mapped = {to_gold.get(cid) for cid in predicted.claims}
    target = set(gold.claims)
    if None in mapped or not mapped <= target:
        return False
    return len(mapped) >= min(2, len(target))


def _finding_ref(f: Finding, claims: dict[str, Claim], matched_with: list[str]) -> FindingRef:
    named = [claims[c] for c in f.claims if c in claims]
    return FindingRef(
        id=f.id,
        kind=str(f.kind),
        claims=list(f.claims),
        quotes=[c.quote for c in named],
        articles=sorted({c.article for c in named}),
        note=f.note,
        matched_with=matched_with,
    )


def score_findings(
    predicted: Sequence[Finding],
    gold: Sequence[Finding],
    to_gold: dict[str, str],
    predicted_claims: dict[str, Claim],
    gold_claims: dict[str, Claim],
) -> tuple[dict[str, Metric], list[FindingRef], list[FindingRef], list[FindingRef]]:
    """Metrics, then hits, misses and false alarms (each with the quotes of its claims)."""
    preds, golds = _scored(predicted), _scored(gold)
    links = {(p.id, g.id) for p in preds for g in golds if findings_match(p, g, to_gold)}
    hit_gold = {g for _, g in links}
    hit_pred = {p for p, _ in links}
    precision, recall = _ratio(len(hit_pred), len(preds)), _ratio(len(hit_gold), len(golds))
    metrics: dict[str, Metric] = {
        "findings.gold": len(golds),
        "findings.predicted": len(preds),
        "findings.precision": precision,
        "findings.recall": recall,
        "findings.f1": _f1(precision, recall),
    }
    for kind in _SCORED_KINDS:
        kp = [p for p in preds if p.kind == kind]
        kg = [g for g in golds if g.kind == kind]
        metrics[f"findings.{kind}.precision"] = _ratio(sum(p.id in hit_pred for p in kp), len(kp))
        metrics[f"findings.{kind}.recall"] = _ratio(sum(g.id in hit_gold for g in kg), len(kg))
    hits = [
        _finding_ref(g, gold_claims, sorted(p for p, gg in links if gg == g.id))
        for g in golds
        if g.id in hit_gold
    ]
    misses = [_finding_ref(g, gold_claims, []) for g in golds if g.id not in hit_gold]
    alarms = [_finding_ref(p, predicted_claims, []) for p in preds if p.id not in hit_pred]
    return metrics, hits, misses, alarms


def _claim_metrics(
    pairs: Sequence[tuple[Claim, Claim]], n_pred: int, n_gold: int, prefix: str
) -> dict[str, Metric]:
    precision, recall = _ratio(len(pairs), n_pred), _ratio(len(pairs), n_gold)
    n = len(pairs)
    return {
        f"{prefix}gold": n_gold,
        f"{prefix}predicted": n_pred,
        f"{prefix}matched": n,
        f"{prefix}precision": precision,
        f"{prefix}recall": recall,
        f"{prefix}f1": _f1(precision, recall),
        f"{prefix}exact_span_rate": _ratio(
            sum(p.start == g.start and p.end == g.end for p, g in pairs), n
        ),
        f"{prefix}mean_iou": _ratio(sum(span_iou(p, g) for p, g in pairs), n),
        f"{prefix}interval_accuracy": _ratio(sum(interval_equal(p, g) for p, g in pairs), n),
    }


@dataclass
class RunCost:
    """What extraction cost per article; filled by the batch runner, empty for --gold-claims."""

    usage: dict[str, Usage]
    wall_s: dict[str, float]
    failed: set[str]
    total_wall_s: float
    link: Usage = field(default_factory=Usage)


def score(
    articles: Sequence[Article],
    gold_claims: Sequence[Claim],
    gold_findings: Sequence[Finding],
    predicted_claims: Sequence[Claim],
    predicted_findings: Sequence[Finding],
    cost: RunCost | None = None,
) -> Scoreboard:
    """Score predictions against gold; `evaluate` fills in the run's identity afterwards."""
    cost = cost or RunCost({}, {}, set(), 0.0)
    texts = {a.id: a.text for a in articles}
    pairs = match_claims(predicted_claims, gold_claims, texts)
    metrics = _claim_metrics(pairs, len(predicted_claims), len(gold_claims), "claims.")
    metrics.update(unit_metrics(pairs, gold_claims))
    metrics.update(grouping_metrics(pairs))
    to_gold = {p.id: g.id for p, g in pairs}
    f_metrics, hits, misses, alarms = score_findings(
        predicted_findings,
        gold_findings,
        to_gold,
        {c.id: c for c in predicted_claims},
        {c.id: c for c in gold_claims},
    )
    metrics.update(f_metrics)
    total = Usage()
    for usage in cost.usage.values():
        total.add(usage)
    total.add(cost.link)
    metrics.update(
        {
            "cost.requests": total.requests,
            "cost.failed_requests": total.failed_requests,
            "cost.reasks": total.reasks,
            "cost.cache_hits": total.cache_hits,
            "cost.prompt_tokens": total.prompt_tokens,
            "cost.completion_tokens": total.completion_tokens,
            "cost.link_requests": cost.link.requests,
            "cost.wall_s": round(cost.total_wall_s, 3),
            "cost.article_wall_s": round(float(sum(cost.wall_s.values())), 3),
            "articles": len(articles),
            "articles.failed": len(cost.failed),
        }
    )
    rows = []
    for article in articles:
        a_pairs = [(p, g) for p, g in pairs if g.article == article.id]
        n_pred = sum(c.article == article.id for c in predicted_claims)
        n_gold = sum(c.article == article.id for c in gold_claims)
        m = _claim_metrics(a_pairs, n_pred, n_gold, "")
        usage = cost.usage.get(article.id, Usage())
        rows.append(
            ArticleScore(
                article=article.id,
                outlet=article.outlet,
                requests=usage.requests,
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
                wall_s=round(cost.wall_s.get(article.id, 0.0), 3),
                failed=article.id in cost.failed,
                **m,  # type: ignore[arg-type]
            )
        )
    matched_pred = {id(p) for p, _ in pairs}
    matched_gold = {id(g) for _, g in pairs}
    return Scoreboard(
        dataset="",
        extractor="",
        metrics=metrics,
        per_article=rows,
        matches=[
            MatchRow(
                article=g.article,
                gold=g.id,
                predicted=p.id,
                gold_quote=g.quote,
                predicted_quote=p.quote,
                iou=round(span_iou(p, g), 4),
                exact_span=(p.start, p.end) == (g.start, g.end),
                interval_ok=interval_equal(p, g),
                unit_ok=unit_equal(p, g),
            )
            for p, g in pairs
        ],
        misses=[_ref(g) for g in gold_claims if id(g) not in matched_gold],
        false_alarms=[_ref(p) for p in predicted_claims if id(p) not in matched_pred],
        finding_hits=hits,
        finding_misses=misses,
        finding_false_alarms=alarms,
        rules={"claims": MATCHING_RULE, "grouping": GROUPING_RULE, "findings": FINDING_RULE},
    )


def _story_linker(extractor: str, options: dict[str, Any]) -> Any:
    """The same story-level LLM linker `figcheck check` uses, so eval scores what users run."""
    if extractor != "llm":
        return None
    from figcheck.llm.linker import make_story_linker

    return make_story_linker(**options)


def _require_engine(engine: str, extractor: str | Extractor, gold_claims: bool) -> None:
    """What the ray engine cannot do yet is a configuration error, never silently ignored."""
    from figcheck.engine import ENGINES, require_ray

    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    require_ray()
    if gold_claims:
        raise ConfigError("--gold-claims scores the cross-checker alone: leave out --engine ray")
    name = extractor if isinstance(extractor, str) else extractor.name
    if name != "rules":
        raise ConfigError(f"--engine ray evaluates the rules extractor only (asked: {name})")


def _unique_ids(claims: list[Claim]) -> list[Claim]:
    """Extractors number claims per article; findings name claims by id, so ids must be unique."""
    counts = Counter(c.id for c in claims)
    if all(n == 1 for n in counts.values()):
        return claims
    return [
        c.model_copy(update={"id": f"{c.article}:{c.id}"}) if counts[c.id] > 1 else c
        for c in claims
    ]


def evaluate(
    dataset_dir: str | Path,
    extractor: str | Extractor = "rules",
    *,
    gold_claims: bool = False,
    concurrency: int = 4,
    rpm: float | None = None,
    resume: bool = False,
    run_dir: str | Path | None = None,
    progress: bool = True,
    extractor_options: dict[str, Any] | None = None,
    deadline: float | None = None,
    engine: str = "local",
) -> Scoreboard:
    """Run figcheck over a labelled dataset and score it; see the module docstring for the rules.

    `engine="ray"` links and cross-checks on Ray Data (`figcheck.engine.ray_data`,
    same keys and findings); extraction stays with the resumable batch runner.

    With `gold_claims`, the gold claims (keys included) go straight to the
    cross-checker, scoring it on its own. Otherwise every article is extracted
    by the batch runner (resumable through `run_dir`), then linked and
    cross-checked as a whole. scoreboard.json lands in `run_dir` when one
    is given (the CLI renders scoreboard.md beside it: rendering is stage report's).
    """
    from figcheck.ingest.dataset import load_dataset

    if engine != "local":
        _require_engine(engine, extractor, gold_claims)
    started = time.perf_counter()
    data = load_dataset(dataset_dir)
    from figcheck.crosscheck import cross_check

    articles = list(data.articles)
    problems = [
        Problem(severity="warning", stage="ingest", message=m, path=str(dataset_dir))
        for m in data.warnings
    ]
    if gold_claims:
        name, model, prompt_hash = "gold", None, None
        from figcheck.read import read_all

        predicted = read_all([c.model_copy(deep=True) for c in data.claims], articles)
        cost = RunCost({}, {}, set(), 0.0)
    else:
        chosen = (
            get_extractor(extractor, **(extractor_options or {}))
            if isinstance(extractor, str)
            else extractor
        )
        config = run_config(chosen, dataset_dir)
        with tempfile.TemporaryDirectory(prefix="figcheck-run-") as scratch:
            if resume and run_dir is None:
                raise ConfigError("--resume needs --run-dir: the folder of the run to continue")
            batch = run_batch(
                articles,
                chosen,
                run_dir if run_dir is not None else scratch,
                config=config,
                concurrency=concurrency,
                rpm=rpm,
                resume=resume,
                progress=progress,
                deadline=as_deadline(deadline),
            )
        extractions = list(batch.extractions.values())
        problems.extend(batch.problems)
        for extraction in extractions:
            problems.extend(extraction.problems)
        name = chosen.name
        model = next((e.model for e in extractions if e.model), getattr(chosen, "model", None))
        prompt_hash = next((e.prompt_hash for e in extractions if e.prompt_hash), None)
        from figcheck.link import link

        claims = _unique_ids([c for e in extractions for c in e.claims])
        assist = _story_linker(name, extractor_options or {}) if engine == "local" else None
        if engine == "local":
            predicted = link(claims, articles, story_linker=assist)
        cost = RunCost({e.article: e.usage for e in extractions}, batch.wall_s, batch.failed, 0.0)
        cost.link = getattr(assist, "usage", None) or Usage()
    if engine == "local":
        findings = cross_check(predicted, articles, keys_given=gold_claims)
    else:
        from figcheck.engine.ray_data import link_and_check

        predicted, findings, split = link_and_check(claims, articles)
        problems.extend(split)
    cost.total_wall_s = time.perf_counter() - started
    board = score(articles, data.claims, data.findings, predicted, findings, cost)
    board = board.model_copy(
        update={
            "dataset": str(dataset_dir),
            "extractor": name,
            "model": model,
            "prompt_hash": prompt_hash,
            "gold_claims": gold_claims,
            "problems": problems,
        }
    )
    if run_dir is not None:
        out = Path(run_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "scoreboard.json").write_text(board.to_json() + "\n", encoding="utf-8")
    return board
