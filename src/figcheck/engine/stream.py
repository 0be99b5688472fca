"""A corpus checked with memory that does not grow with it: streamed in, spilled, sharded out.

`check` in one process holds every claim until its report is written (about
1 kB a claim as compacted pydantic instances, 2.3 kB a claim at its peak), so
its memory grows with the corpus: 698 MB at 50,000 articles of 6 claims.
`run_streamed` keeps on disk what only a later phase needs:

1. extract: articles are read from their iterator one at a time and each
   one's extraction is appended, as one JSON line, to RUN/work/extract.jsonl
   (flushed per line: a killed run keeps every finished article, and a rerun
   with `resume` extracts only the rest, as `eval --resume` does). In memory
   stays a small row per article: its place in the corpus and its lead names
   and date (what `claim_stories` needs);
2. stories: `story_groups` of those rows, exactly as `link` would join them;
3. spill: each claim goes to one of N partition files by its story, so a
   story is never split between partitions;
4. link, one partition at a time, with the corpus-wide stories; keys are then
   renamed as `number_keys` names them over the whole corpus (a small table of
   groups: first claim's place, name), so keys equal those of `link` on all
   claims at once;
5. cross-check, one partition at a time; claims and findings go to shards.

Only one partition's claims are pydantic objects at any time, and each is
held once: linking hands back keys and notes, not keyed copies, and each
finding goes to its shard as it is made. A story is linked and cross-checked
whole, so the largest story sets the peak (the reason for both: a copy of
every claim, and an agreement quoting every claim of a big key, cost about
370 and 200 bytes a claim of it). Finding ids run
partition by partition (f001, f002, ...); in one process they run rule family
by rule family, so the two agree on findings compared without ids (as the
Ray engine does). Claims in the shards come partition by partition, each
partition in corpus order; each row carries its `story`.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import shutil
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from figcheck.crosscheck import cross_check_each
from figcheck.engine import split_problems
from figcheck.engine._extract_log import (
    EXTRACTED,
    WORK,
    Extract,
    ExtractChunk,
    Halt,
    Lead,
    NotAttempted,
    write_log,
)
from figcheck.engine.shards import ShardFormat, ShardWriter, clear
from figcheck.errors import ConfigError, FigcheckError
from figcheck.ingest._atomic import settings_changed
from figcheck.link import link_keys, number_keys
from figcheck.models import Article, Claim, Finding, Problem, Usage, compact
from figcheck.read._stories import story_groups

RUN_JSON = "run.json"
SUMMARY = "summary.json"
KINDS = ("articles", "claims", "findings", "problems")
CLAIMS_PER_PARTITION = 4_000  # claims linked at once, about 10 MB as pydantic objects
MAX_PARTITIONS = 512


@dataclass
class StreamedRun:
    """What a streamed run wrote and what the caller needs without reading the shards back."""

    out: Path
    articles: int = 0
    claims: int = 0
    findings: int = 0
    stories: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    extractor: str = ""
    model: str | None = None
    prompt: str | None = None
    prompt_hash: str | None = None
    dropped: int = 0
    usage: Usage = field(default_factory=Usage)
    resumed: int = 0  # articles whose extraction a previous run had already saved
    shards: dict[str, list[str]] = field(default_factory=dict)


def _lead_of(lead: Lead, claims: list[dict[str, Any]]) -> None:
    """As `claim_stories`: names and date of the article's first claim with a reading."""
    lead.has_claims = bool(claims)
    reading = next((c["reading"] for c in claims if c.get("reading") is not None), None)
    if reading is not None:
        lead.names = frozenset(reading.get("story") or ())
        day = reading.get("published")
        lead.published = dt.date.fromisoformat(day) if day else None


def _check_config(out: Path, config: dict[str, Any], resume: bool) -> None:
    """A resume continues only the run it finds; anything else in the folder is not mixed in."""
    path = out / RUN_JSON
    if path.exists() and resume:
        detail = settings_changed(json.loads(path.read_text(encoding="utf-8")), config)
        if detail:
            raise ConfigError(
                f"{path}: cannot resume a run made with other settings ({detail}); rerun "
                "with the same options, or give another --shards folder"
            )
        return
    if (out / WORK / EXTRACTED).exists() and not resume:
        raise ConfigError(
            f"{out} already holds a streamed run; pass --resume to continue it, or give "
            "another --shards folder"
        )
    (out / WORK).mkdir(parents=True, exist_ok=True)
    (out / SUMMARY).unlink(missing_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def run_streamed(
    stream: Iterator[Article],
    ingest_problems: list[Problem],
    extract: Extract,
    out: str | Path,
    *,
    config: dict[str, Any],
    resume: bool = False,
    fmt: ShardFormat = "jsonl",
    concurrency: int = 4,
    breaker: int | None = 3,
    halt: Halt = lambda: None,
    not_attempted: NotAttempted,
    chunked: ExtractChunk | None = None,
    extracted: Callable[[], None] | None = None,
) -> StreamedRun:
    """Extract, link and cross-check a corpus into shards in `out` (module docstring).

    `ingest_problems` is the list the stream appends its read errors to.
    `chunked` (the Ray engine's map) extracts CHUNK_ARTICLES articles at a time
    instead of `extract` on `concurrency` threads; `extracted` is called once
    extraction has ended (the Ray engine stops the Ray it started). With
    `resume`, articles whose extraction `out` already holds (same text) are not
    extracted again; linking and cross-checking are always redone from the saved
    extractions (they are cheap next to extraction and must see every article).
    """
    out = Path(out)
    if concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1, got {concurrency}")
    _check_config(out, config, resume)
    clear(out, KINDS)
    leads: dict[str, Lead] = {}
    not_started: list[Problem] = []
    run = StreamedRun(out=out)
    try:
        run.resumed = write_log(
            stream,
            extract,
            out,
            leads,
            not_started,
            resume=resume,
            concurrency=concurrency,
            breaker=breaker,
            halt=halt,
            not_attempted=not_attempted,
            fmt=fmt,
            chunked=chunked,
        )
    finally:
        if extracted is not None:
            extracted()
    run.articles = len(leads)
    extract_problems = _read_leads(out / WORK / EXTRACTED, leads, run)
    run.extractor = str(config.get("extractor") or run.extractor)  # as `check` names it
    stories = story_groups(
        {aid: (lead.names, lead.published) for aid, lead in leads.items() if lead.has_claims}
    )
    run.stories = len(set(stories.values()))
    parts = _spill(out, leads, stories, run.claims)
    split: list[Problem] = []
    renamed = _link_partitions(parts, stories, split)
    _check_partitions(out, parts, renamed, stories, fmt, run)
    shutil.rmtree(out / WORK / "parts", ignore_errors=True)
    run.problems = ingest_problems + extract_problems + not_started + split
    writer = ShardWriter(out, "problems", fmt)
    for problem in run.problems:
        writer.write(problem.model_dump(mode="json"))
    run.shards = {kind: [p.name for p in sorted(out.glob(f"{kind}-*"))] for kind in KINDS}
    writer.close()
    run.shards["problems"] = [p.name for p in writer.paths]
    _write_summary(out, run)
    return run


def _read_leads(spill: Path, leads: dict[str, Lead], run: StreamedRun) -> list[Problem]:
    """Each article's winning record: its lead names, claim count, usage and problems."""
    problems: list[tuple[int, list[Problem]]] = []
    names = ("extractor", "model", "prompt", "prompt_hash")
    first: dict[str, tuple[int, str]] = {}  # field -> (place, value) of the earliest article
    with spill.open("rb") as handle:
        for number, line in enumerate(handle):
            record = json.loads(line)
            lead = leads.get(record["id"])
            if lead is None or lead.line != number:
                continue  # not in this corpus, or superseded by a later record
            extraction = record["extraction"]
            _lead_of(lead, extraction["claims"])
            run.claims += len(extraction["claims"])
            run.dropped += extraction.get("dropped", 0)
            run.usage.add(Usage.model_validate(extraction.get("usage") or {}))
            for name in names:
                if extraction.get(name) and lead.pos < first.get(name, (len(leads), ""))[0]:
                    first[name] = (lead.pos, extraction[name])
            if extraction.get("problems"):
                found = [Problem.model_validate(p) for p in extraction["problems"]]
                problems.append((lead.pos, found))
    run.extractor = first.get("extractor", (0, ""))[1]
    run.model = first["model"][1] if "model" in first else None
    run.prompt = first["prompt"][1] if "prompt" in first else None
    run.prompt_hash = first["prompt_hash"][1] if "prompt_hash" in first else None
    return [p for _, found in sorted(problems, key=lambda t: t[0]) for p in found]


@dataclass
class _Partition:
    path: Path
    claims: int = 0


def _spill(
    out: Path, leads: dict[str, Lead], stories: dict[str, str], total: int
) -> list[_Partition]:
    """Every claim (and its article's metadata) into the partition of its story."""
    count = max(1, min(MAX_PARTITIONS, total // CLAIMS_PER_PARTITION + 1))
    folder = out / WORK / "parts"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    parts = [_Partition(folder / f"part-{n:03d}.jsonl") for n in range(count)]
    handles = [p.path.open("w", encoding="utf-8") for p in parts]
    try:
        with (out / WORK / EXTRACTED).open("rb") as spill:
            for number, line in enumerate(spill):
                record = json.loads(line)
                lead = leads.get(record["id"])
                if lead is None or lead.line != number or not lead.has_claims:
                    continue
                n = zlib.crc32(stories[record["id"]].encode("utf-8")) % count
                handles[n].write(json.dumps({"article": record["article"]}) + "\n")
                for i, claim in enumerate(record["extraction"]["claims"]):
                    row = {"order": [lead.pos, i], "claim": claim}
                    handles[n].write(json.dumps(row, ensure_ascii=False) + "\n")
                    parts[n].claims += 1
    finally:
        for handle in handles:
            handle.close()
    return parts


def _claim(data: dict[str, Any]) -> Claim:
    """A claim read back, as light as extraction made it: compact shares again the strings
    and tuples that JSON gave each claim a copy of (its reading compacted too)."""
    claim = compact(Claim.model_validate(data))
    if claim.reading is not None:
        compact(claim.reading)
    return claim


def _load(part: _Partition) -> tuple[list[Claim], array[int]]:
    """A partition's claims in corpus order, and their places in the corpus: the article's
    place and the claim's place in it, two numbers a claim in one flat array.

    A tuple of two ints a claim, and a (place, claim) row a claim to sort, were
    about 150 bytes a claim held beside a big story's claims while it loaded;
    a spilled partition is nearly always in corpus order already, and only one
    that is not is sorted.
    """
    claims: list[Claim] = []
    places = array("q")
    with part.path.open("rb") as handle:
        for line in handle:
            row = json.loads(line)
            if "order" in row:
                places.append(int(row["order"][0]))
                places.append(int(row["order"][1]))
                claims.append(_claim(row["claim"]))
    in_order = all(
        (places[k], places[k + 1]) < (places[k + 2], places[k + 3])
        for k in range(0, len(places) - 2, 2)
    )
    if not in_order:
        ranked = sorted(range(len(claims)), key=lambda n: (places[2 * n], places[2 * n + 1]))
        claims = [claims[n] for n in ranked]
        places = array("q", (places[2 * n + j] for n in ranked for j in (0, 1)))
    return claims, places


def _articles(part: _Partition) -> list[Article]:
    """A partition's articles (metadata, no text); its claims are left on disk."""
    articles: list[Article] = []
    with part.path.open("rb") as handle:
        for line in handle:
            row = json.loads(line)
            if "article" in row:
                articles.append(compact(Article.model_validate({**row["article"], "text": ""})))
    return articles


def _link_partitions(
    parts: list[_Partition], stories: dict[str, str], split: list[Problem]
) -> list[dict[str, str]]:
    """Link each partition; per partition, its keys that the whole corpus names otherwise.

    Each partition's groups (first claim's place, key, name before suffixes) go
    to a file in corpus order; merging those files in corpus order names every
    group as `number_keys` would, holding one row per partition and a count per
    name. Only keys that change are kept (a suffix another partition took first).
    """
    for part in parts:
        claims, places = _load(part)
        if not claims:
            continue
        # keys and notes only: each claim is written out with them, never copied
        keys, notes = link_keys(claims, stories=stories)
        seen: set[str] = set()
        with part.path.with_suffix(".groups").open("w", encoding="utf-8") as groups:
            for i, (claim, key) in enumerate(zip(claims, keys, strict=True)):
                if key not in seen:
                    seen.add(key)
                    name = number_keys([claim], lambda c: 0)[0].key  # before suffixes
                    groups.write(json.dumps([places[2 * i], places[2 * i + 1], key, name]))
                    groups.write("\n")
        noted = [
            claim.model_copy(update={"notes": [*claim.notes, *notes.get(i, ())]})
            for i, claim in enumerate(claims)
            if claim.notes or i in notes
        ]  # only a claim with a note can carry a split's
        split.extend(split_problems(noted, stories))
        with part.path.with_suffix(".linked").open("w", encoding="utf-8") as handle:
            for i, claim in enumerate(claims):
                row = claim.model_dump(mode="json")
                row["key"] = keys[i]
                if notes.get(i):
                    row["notes"] = [*row["notes"], *notes[i]]
                handle.write(json.dumps([places[2 * i], places[2 * i + 1], row]) + "\n")
        del claims, places, keys, notes, noted
    used: Counter[str] = Counter()
    renamed: list[dict[str, str]] = [{} for _ in parts]
    with ExitStack() as stack:
        rows = [_groups(stack, part.path.with_suffix(".groups"), n) for n, part in enumerate(parts)]
        for _, _, n, key, name in heapq.merge(*rows):
            used[name] += 1
            final = name if used[name] == 1 else f"{name}-{used[name]}"
            if final != key:
                renamed[n][key] = final
    return renamed


def _groups(stack: ExitStack, path: Path, n: int) -> Iterator[tuple[int, int, int, str, str]]:
    """A partition's groups file, one (place, place in article, partition, key, name) a line."""
    if not path.exists():
        return iter(())
    handle = stack.enter_context(path.open(encoding="utf-8"))
    return ((pos, i, n, key, name) for pos, i, key, name in map(json.loads, handle))


def _check_partitions(
    out: Path,
    parts: list[_Partition],
    renamed: list[dict[str, str]],
    stories: dict[str, str],
    fmt: ShardFormat,
    run: StreamedRun,
) -> None:
    """Cross-check each partition's renamed claims; claims and findings to their shards."""
    claims_out = ShardWriter(out, "claims", fmt)
    findings_out = ShardWriter(out, "findings", fmt)
    verdicts: Counter[str] = Counter()
    for n, part in enumerate(parts):
        linked = part.path.with_suffix(".linked")
        if not linked.exists():
            continue
        articles = _articles(part)
        claims: list[Claim] = []
        with linked.open("rb") as handle:
            for line in handle:
                _, _, data = json.loads(line)
                data["key"] = renamed[n].get(data["key"], data["key"])
                claims.append(_claim(data))
        for claim in claims:
            claims_out.write({**claim.model_dump(mode="json"), "story": stories[claim.article]})

        def found(finding: Finding, named: list[Claim]) -> None:
            """Each finding to its shard as it is made, none kept (cross_check_each)."""
            run.findings += 1
            verdicts[finding.verdict.value] += 1
            row = finding.model_dump(mode="json")
            row["id"] = f"f{run.findings:03d}"
            row["story"] = stories[named[0].article] if named else ""
            findings_out.write(row)

        cross_check_each(claims, articles, found)
        del claims, articles
    claims_out.close()
    findings_out.close()
    run.verdicts = dict(verdicts)


def _write_summary(out: Path, run: StreamedRun) -> None:
    """RUN/summary.json, written last: its presence says the shards are complete."""
    body = {
        "articles": run.articles,
        "claims": run.claims,
        "findings": run.findings,
        "stories": run.stories,
        "verdicts": run.verdicts,
        "extractor": run.extractor,
        "model": run.model,
        "prompt": run.prompt,
        "prompt_hash": run.prompt_hash,
        "dropped_claims": run.dropped,
        "usage": run.usage.model_dump(mode="json"),
        "resumed": run.resumed,
        "problems": len(run.problems),
        "shards": run.shards,
        "created": dt.datetime.now(dt.UTC).isoformat(),
    }
    partial = out / f".{SUMMARY}.partial"
    partial.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    partial.replace(out / SUMMARY)


def read_summary(out: str | Path) -> dict[str, Any]:
    """A finished run's summary; an unfinished one is an error that says how to finish it."""
    path = Path(out) / SUMMARY
    if not path.exists():
        raise FigcheckError(
            f"{path} is missing: the run in {out} did not finish; rerun it with --resume"
        )
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
