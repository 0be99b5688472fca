"""The Ray engine: the pipeline's stages as a map and two shuffles (`--engine ray`).

1. extract: a map over articles, as plain Ray tasks of a batch of articles
   each (each worker builds its own extractor; `extract_chunk`). `check
   --shards` stops here: it links and cross-checks in its own process, and
   stops the local Ray it started once extraction is done;
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
   Steps 3-5 run on Ray Data.
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
from collections import deque
from collections.abc import Iterator
from typing import Any

from figcheck.crosscheck import cross_check
from figcheck.engine import Outcome, number_findings, require_ray, split_problems
from figcheck.engine.stream import _claim
from figcheck.errors import ConfigError
from figcheck.extractors import extract_article, get_extractor
from figcheck.link import block_of, link, number_keys, plain_words
from figcheck.models import Article, Claim, Extraction, Finding, Problem, compact
from figcheck.read._stories import claim_stories

_SEP = "\x1f"  # joins a block's fields into one groupby column


def _link_group(batch: dict[str, Any]) -> dict[str, list[Any]]:
    """One block's claims, linked in corpus order as the whole corpus would link them."""
    order = sorted(range(len(batch["order"])), key=lambda i: int(batch["order"][i]))
    claims = [Claim.model_validate_json(batch["claim"][i]) for i in order]
    stories = {c.article: str(batch["story"][i]) for c, i in zip(claims, order, strict=True)}
    plain = {
        c.article: frozenset(str(batch["plain"][i]).split())
        for c, i in zip(claims, order, strict=True)
    }
    keyed = link(claims, stories=stories, plain=plain)
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


OBJECT_STORE_MB = 512  # the local Ray's object store, unless FIGCHECK_RAY_OBJECT_STORE_MB says
_RAY_STORE_SETTINGS = (  # Ray's own sizing of the default store: where set, Ray's wins
    "RAY_DEFAULT_OBJECT_STORE_MAX_MEMORY_BYTES",
    "RAY_DEFAULT_OBJECT_STORE_MEMORY_PROPORTION",
)


def _local_ray_options() -> dict[str, Any]:
    """`ray.init` options of the local Ray figcheck starts (never of a cluster's).

    Ray sizes its object store at 30% of RAM and fills it before it spills to
    disk, so shuffles and results held there grow with the corpus; figcheck caps
    it at OBJECT_STORE_MB (Ray spills past it) unless FIGCHECK_RAY_OBJECT_STORE_MB
    or Ray's own RAY_DEFAULT_OBJECT_STORE_* variables say otherwise.
    """
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
    chosen = os.environ.get("FIGCHECK_RAY_OBJECT_STORE_MB", "").strip()
    if not chosen and any(os.environ.get(name) for name in _RAY_STORE_SETTINGS):
        return options
    try:
        mb = int(chosen) if chosen else OBJECT_STORE_MB
    except ValueError:
        raise ConfigError(
            f"FIGCHECK_RAY_OBJECT_STORE_MB must be a whole number of MiB, got {chosen!r}"
        ) from None
    if mb < 75:  # Ray's own minimum
        raise ConfigError(f"FIGCHECK_RAY_OBJECT_STORE_MB must be at least 75, got {mb}")
    options["object_store_memory"] = mb * 1024 * 1024
    return options


_STARTED: list[bool] = []  # one entry while the Ray this process is connected to is start_ray's


def start_ray() -> None:
    """A local Ray, or the cluster RAY_ADDRESS names, started once.

    A Ray the caller already started, or a cluster, keeps its own settings;
    only the local Ray started here gets `_local_ray_options`. Ray Data is not
    imported here: extraction runs as plain Ray tasks, and importing ray.data
    alone costs the driver about 140 MB (pyarrow, pandas).
    """
    require_ray("ray")
    import ray

    if not ray.is_initialized():
        _STARTED.clear()
        if os.environ.get("RAY_ADDRESS"):
            ray.init()  # the cluster the environment names, as it is configured
        else:
            ray.init(**_local_ray_options())
        _STARTED.append(True)


def stop_ray() -> None:
    """Stop the local Ray `start_ray` started (from a cluster, disconnect); a Ray the caller
    started is left running.

    `check --shards --engine ray` calls it once every article is extracted:
    linking and cross-checking run in this process, and Ray's daemons and
    idle workers (~0.6 GB) would otherwise sit beside them to the end.
    """
    if not _STARTED:
        return
    import ray

    _STARTED.clear()
    ray.shutdown()


def _start_ray_data() -> None:
    """`start_ray`, then Ray Data (the shuffles of link and cross-check) with its chatter off."""
    require_ray()
    start_ray()
    import ray.data

    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # plans and timings: not for a desk


BATCH_ARTICLES = 20  # articles per Ray task: a task's overhead is small beside 20 extractions
TASKS_PER_CPU = 2  # tasks in flight per CPU: the next is queued while one runs


def _extract_batch(articles: list[str], extractor: str) -> list[str]:
    """A Ray task: the extractions (JSON) of a batch of articles (JSON), in their order."""
    return [
        extract_article(Article.model_validate_json(a), extractor).model_dump_json()
        for a in articles
    ]


@functools.cache
def _extract_task() -> Any:
    """`_extract_batch` as a Ray remote function (made once; Ray exports it to each cluster)."""
    import ray

    return ray.remote(_extract_batch)


def extract_chunk(articles: list[Article], extractor: str = "rules") -> Iterator[Extraction]:
    """The extractions of `articles`, in their order, as Ray tasks of BATCH_ARTICLES each.

    `check --shards --engine ray` calls it a chunk of articles at a time; the
    extractions are handed on as they come back, in order. Plain tasks, not a
    Ray Data map: a map needs nothing Ray Data adds, and Ray Data costs two
    more processes for every run (its stats and autoscaling actors, ~250 MB),
    pyarrow and pandas in every worker and the driver (~140 MB each), and a
    stats record per dataset, one per chunk. At most TASKS_PER_CPU tasks a CPU
    are in flight, so the driver and the object store hold a few batches, not
    the chunk's results.
    """
    if not articles:
        return
    start_ray()
    import ray

    task = _extract_task()
    cpus = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]
    in_flight: deque[Any] = deque()
    for start in range(0, len(articles), BATCH_ARTICLES):
        batch = [a.model_dump_json() for a in articles[start : start + BATCH_ARTICLES]]
        in_flight.append(task.remote(batch, extractor))
        del batch
        while len(in_flight) >= max(1, TASKS_PER_CPU * cpus):
            yield from _results(in_flight.popleft())
    while in_flight:
        yield from _results(in_flight.popleft())


def _results(ref: Any) -> Iterator[Extraction]:
    """A task's extractions, read back; its result leaves the object store when `ref` goes."""
    import ray

    for text in ray.get(ref):
        yield Extraction.model_validate_json(text)


def run_check(
    articles: list[Article], problems: list[Problem], extractor: str = "rules"
) -> Outcome:
    """Extract, link and cross-check `articles` on Ray (a local one is started if none is)."""
    problems = list(problems)
    outcome = Outcome(articles=articles, claims=[], findings=[], problems=problems, extractor="")
    claims: list[Claim] = []
    for extraction in extract_chunk(articles, extractor):
        for claim in extraction.claims:  # read back from JSON: as light as extraction made them
            claims.append(compact(claim))
            if claim.reading is not None:
                compact(claim.reading)
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
    if not claims:
        return [], [], []
    _start_ray_data()
    import ray.data

    stories = claim_stories(claims)
    story = [stories.get(c.article, c.article) for c in claims]
    # a block is linked apart from its story: the story's plain words travel with it
    plain = {
        article: " ".join(sorted(words)) for article, words in plain_words(claims, stories).items()
    }
    rows = [
        {
            "order": i,
            "story": s,
            "block": _SEP.join(block_of(c, s)),
            "plain": plain.get(c.article, ""),
            "claim": c.model_dump_json(),
        }
        for i, (c, s) in enumerate(zip(claims, story, strict=True))
    ]
    linked = ray.data.from_items(rows, override_num_blocks=_partitions()).groupby(
        ["story", "block"], num_partitions=_partitions()
    )
    del rows  # from_items put them in the object store
    blocks = linked.map_groups(_link_group, batch_format="numpy")
    keyed: list[Claim | None] = [None] * len(claims)
    for n, block in enumerate(blocks.iter_rows()):  # block by block, not all gathered first
        for i, data in zip(json.loads(block["orders"]), json.loads(block["claims"]), strict=True):
            # a block's keys are its own: tagged with the block until renamed corpus-wide
            keyed[i] = _claim({**data, "key": f"{n}{_SEP}{data['key']}"})
    done = [c for c in keyed if c is not None]
    del keyed
    assert len(done) == len(claims), "every claim comes back from its block"
    done = [compact(c) for c in number_keys(done, lambda c: c.key)]
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
    del rows
    per_story: list[tuple[int, list[Finding]]] = [
        (int(group["first"]), [Finding.model_validate(f) for f in json.loads(group["findings"])])
        for group in checked.map_groups(_check_group, batch_format="numpy").iter_rows()
    ]
    findings = [
        f for _, story_findings in sorted(per_story, key=lambda g: g[0]) for f in story_findings
    ]
    return done, number_findings(findings), split_problems(done, stories)
