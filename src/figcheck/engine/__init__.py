"""Engines that run extract -> link -> cross-check over a corpus (stage `engine`).

The single-process path is `figcheck.pipeline`. `figcheck.engine.ray_data`
spreads the same stages over a Ray cluster (the optional `figcheck[ray]`
extra): extraction as a map over articles, linking as a groupby on the
blocks link already uses (story, unit, scope, moment, ...), cross-checking as
a groupby on story. Both engines give the same claims, keys and findings; this
module holds what they share and the check that the extra is installed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from figcheck.errors import require_extra
from figcheck.link import SPLIT_NOTE
from figcheck.models import Article, Claim, Finding, Problem, Usage

ENGINES = ("local", "ray")
RAY_MISSING = (
    "--engine ray needs the ray extra: pip install 'figcheck[ray]' "
    "(or leave out --engine to run in one process)"
)


def require_ray(module: str = "ray.data") -> None:
    """A clear configuration error (CLI exit 2) when Ray (Ray Data, by default) is not installed.

    The `--shards` path's extraction needs Ray's core only (`module="ray"`):
    importing ray.data to check it is there would cost that driver ~140 MB.
    """
    require_extra(module, RAY_MISSING)


def split_problems(claims: list[Claim], stories: dict[str, str]) -> list[Problem]:
    """A warning per story whose link blocks were cut at link's block limit.

    The claims already carry the note; the warning makes the cut visible in
    the report's Problems without reading every claim.
    """
    cut: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        if any(SPLIT_NOTE in note for note in claim.notes):
            cut[stories.get(claim.article, claim.article)].append(claim.id)
    return [
        Problem(
            severity="warning",
            stage="link",
            message=f"story {story}: {len(ids)} claim(s) met a link block too big to compare "
            f"whole and were compared with its latest groups only (block split; first: "
            f"{ids[0]})",
            article=story,
        )
        for story, ids in cut.items()
    ]


@dataclass
class Outcome:
    """What an engine hands back to the pipeline, which builds the Report from it."""

    articles: list[Article]
    claims: list[Claim]
    findings: list[Finding]
    problems: list[Problem]
    extractor: str
    model: str | None = None
    prompt: str | None = None
    prompt_hash: str | None = None
    dropped: int = 0
    usage: Usage = field(default_factory=Usage)


def number_findings(findings: list[Finding]) -> list[Finding]:
    """Ids f001, f002, ... in the order given (the engine's order is story by story)."""
    return [f.model_copy(update={"id": f"f{n:03d}"}) for n, f in enumerate(findings, 1)]
