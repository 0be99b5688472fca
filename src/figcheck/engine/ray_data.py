"""The Ray Data engine: the pipeline's stages as a map and two shuffles (`--engine ray`).

1. extract: a map over articles (each worker builds its own extractor);
2. stories: the driver joins articles into stories from the claims' readings,
   exactly as `claim_stories` does for the single-process linker (it needs
   every article's lead names, a small table);
3. link: a groupby on the claim's link block (story, unit, scope, moment,
   subset, role). Blocks never share a key, so a big story is linked block by
   block with the single-process result, and a block past link's limit is cut
   by link itself, with the same notes (and a warning per story in the report);
4. keys are renamed in corpus order (`number_keys`): the same names and
   suffixes (-2, -3) as `link` of the whole corpus, whatever the partitions;
5. cross-check: a groupby on story (figures of two stories never meet).
   Finding ids run story by story, stories in corpus order, then as the
   cross-checker lists them; the single-process path numbers them rule family
   by rule family across stories, so the two agree on findings compared
   without their ids (tests sort them), not on the ids themselves.

Rows carry pydantic JSON, so every worker reads back the same contracts.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from typing import Any

from figcheck.crosscheck import cross_check
from figcheck.engine import Outcome, number_findings, require_ray, split_problems
from figcheck.extractors import extract_article, get_extractor
from figcheck.link import block_of, link, number_keys
from figcheck.models import Article, Claim, Extraction, Finding, Problem
from figcheck.read._stories import claim_stories

_SEP = "\x1f"  # joins a block's fields into one groupby column


def _extract_row(row: dict[str, Any], extractor: str) -> dict[str, Any]:
    article = Article.model_validate_json(row["article"])
    return {"pos": row["pos"], "extraction": extract_article(article, extractor).model_dump_json()}


def _link_group(batch: dict[str, Any]) -> dict[str, list[Any]]:
    """One block's claims, linked in corpus order as the whole corpus would link them."""
    order = sorted(range(len(batch["order"])), key=lambda i: int(batch["order"][i]))
    claims = [Claim.model_validate_json(batch["claim"][i]) for i in order]
    stories = {c.article: str(batch["story"][i]) for c, i in zip(claims, order, strict=True)}
    keyed = link(claims, stories=stories)
    return {
        "orders": [json.dumps([int(batch["order"][i]) for i in order])],
        "claims": [json.dumps([c.model_dump(mode="json") for c in keyed])],
    }


def _check_group(batch: dict[str, Any]) -> dict[str, list[Any]]:
    """One story's keyed claims cross-checked (its articles come along on their first claim)."""
    order = sorted(range(len(batch["order"])), key=lambda i: int(batch["order"][i]))
    claims = [Claim.model_validate_json(batch["claim"][i]) for i in order]
    articles = [Article.model_validate_json(a) for a in batch["article"] if a]
    findings = cross_check(claims, articles)
    return {
        "first": [int(batch["order"][order[0]])],
        "findings": [json.dumps([f.model_dump(mode="json") for f in findings])],
    }


def _partitions() -> int:
    """Shuffle partitions: a few per CPU (Ray's default of 200 costs seconds on a laptop)."""
    import ray

    cpus = ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call]
    return max(2, 2 * int(cpus))


def start_ray() -> None:
    """A local Ray, or the cluster RAY_ADDRESS names, with Ray Data's chatter off."""
    require_ray()
    import ray
    import ray.data

    if not ray.is_initialized():
        if os.environ.get("RAY_ADDRESS"):
            ray.init()  # the cluster the environment names, as it is configured
        else:
            ray.init(include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # plans and timings: not for a desk


def extract_chunk(articles: list[Article], extractor: str = "rules") -> list[Extraction]:
    """The extractions of `articles`, in their order, as a map over the Ray cluster.

    `check --shards --engine ray` calls it a chunk of articles at a time, so the
    driver and the object store never hold more than a chunk.
    """
    if not articles:
        return []
    start_ray()
    import ray.data

    rows = [{"pos": i, "article": a.model_dump_json()} for i, a in enumerate(articles)]
    extracted = sorted(
        ray.data.from_items(rows, override_num_blocks=_partitions())
        .map(functools.partial(_extract_row, extractor=extractor))
        .take_all(),
        key=lambda r: int(r["pos"]),
    )
    return [Extraction.model_validate_json(row["extraction"]) for row in extracted]


def run_check(
    articles: list[Article], problems: list[Problem], extractor: str = "rules"
) -> Outcome:
    """Extract, link and cross-check `articles` on Ray (a local one is started if none is)."""
    problems = list(problems)
    outcome = Outcome(articles=articles, claims=[], findings=[], problems=problems, extractor="")
    claims: list[Claim] = []
    for extraction in extract_chunk(articles, extractor):
        claims.extend(extraction.claims)
        problems.extend(extraction.problems)
        outcome.usage.add(extraction.usage)
        outcome.dropped += extraction.dropped
        outcome.extractor = outcome.extractor or extraction.extractor
        outcome.model = outcome.model or extraction.model
        outcome.prompt = outcome.prompt or extraction.prompt
        outcome.prompt_hash = outcome.prompt_hash or extraction.prompt_hash
    outcome.extractor = outcome.extractor or get_extractor(extractor).name
    outcome.claims, outcome.findings, more = link_and_check(claims, articles)
    problems.extend(more)
    return outcome


def link_and_check(
    claims: list[Claim], articles: list[Article]
) -> tuple[list[Claim], list[Finding], list[Problem]]:
    """Keyed claims, findings and split warnings of `claims` (in corpus order), on Ray."""
    require_ray()
    import ray.data

    if not claims:
        return [], [], []
    stories = claim_stories(claims)
    story = [stories.get(c.article, c.article) for c in claims]
    rows = [
        {
            "order": i,
            "story": s,
            "block": _SEP.join(block_of(c, s)),
            "claim": c.model_dump_json(),
        }
        for i, (c, s) in enumerate(zip(claims, story, strict=True))
    ]
    linked = ray.data.from_items(rows, override_num_blocks=_partitions()).groupby(
        ["story", "block"], num_partitions=_partitions()
    )
    blocks = linked.map_groups(_link_group, batch_format="numpy").take_all()
    keyed: list[Claim | None] = [None] * len(claims)
    for n, block in enumerate(blocks):
        for i, data in zip(json.loads(block["orders"]), json.loads(block["claims"]), strict=True):
            # a block's keys are its own: tagged with the block until renamed corpus-wide
            keyed[i] = Claim.model_validate({**data, "key": f"{n}{_SEP}{data['key']}"})
    done = [c for c in keyed if c is not None]
    assert len(done) == len(claims), "every claim comes back from its block"
    done = number_keys(done, lambda c: c.key)
    by_article = {a.id: a for a in articles}
    seen: set[str] = set()
    rows = []
    for i, (c, s) in enumerate(zip(done, story, strict=True)):
        first = c.article not in seen and c.article in by_article
        seen.add(c.article)
        article = by_article[c.article].model_dump_json() if first else ""
        rows.append({"order": i, "story": s, "claim": c.model_dump_json(), "article": article})
    checked = ray.data.from_items(rows, override_num_blocks=_partitions()).groupby(
        "story", num_partitions=_partitions()
    )
    per_story = checked.map_groups(_check_group, batch_format="numpy").take_all()
    findings: list[Finding] = []
    for group in sorted(per_story, key=lambda g: int(g["first"])):
        findings.extend(Finding.model_validate(f) for f in json.loads(group["findings"]))
    return done, number_findings(findings), split_problems(done, stories)
