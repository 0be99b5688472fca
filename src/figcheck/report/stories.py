"""The report of a sharded run, built from its shards: a digest per story.

A corpus of 10^5 articles has no readable one-page report, and building one
from every claim would hold the corpus in memory again. The digest reads the
shards one row at a time and keeps only what it prints: counts per story
(articles, claims, findings by verdict), the `per_story` worst findings of the
`stories` most inconsistent stories, and the claims those findings quote.
Every other finding stays in the findings shards, named in the digest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment

from figcheck.engine.shards import read_rows
from figcheck.engine.stream import read_summary
from figcheck.models import Article, Claim, Finding, Problem
from figcheck.report._labels import headline, source_name
from figcheck.report._templates import html_environment, markdown_environment
from figcheck.report.markdown import wrap

_RANK = {"inconsistent": 0, "unclear": 1, "consistent": 2}


@dataclass
class QuotedClaim:
    claim: Claim
    source: str
    headline: str


@dataclass
class StoryDigest:
    """One story's counts and the findings shown for it."""

    story: str
    articles: set[str] = field(default_factory=set)
    claims: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    shown: list[Finding] = field(default_factory=list)

    @property
    def rank(self) -> tuple[int, int, int, str]:
        v = self.verdicts
        return (-v["inconsistent"], -v["unclear"], -sum(v.values()), self.story)


@dataclass
class Digest:
    """What the story digest prints; built by `digest` from a run folder."""

    summary: dict[str, Any]
    stories: list[StoryDigest]
    hidden_stories: int
    claims: dict[str, QuotedClaim]
    errors: list[Problem]
    warnings: int
    shards: str


def digest(out: str | Path, stories: int = 50, per_story: int = 3) -> Digest:
    """The digest of the run in `out`, reading each shard kind once."""
    out = Path(out)
    summary = read_summary(out)
    by_story: dict[str, StoryDigest] = {}
    for row in read_rows(out, "findings"):
        finding = Finding.model_validate(row)
        entry = by_story.setdefault(row.get("story", ""), StoryDigest(row.get("story", "")))
        entry.verdicts[finding.verdict.value] += 1
        entry.shown.append(finding)
        if len(entry.shown) > 2 * per_story:  # keep the worst few, in shard order
            entry.shown.sort(key=lambda f: _RANK[f.verdict.value])
            del entry.shown[per_story:]
    article_story: dict[str, str] = {}
    for row in read_rows(out, "claims"):
        entry = by_story.setdefault(row["story"], StoryDigest(row["story"]))
        entry.claims += 1
        entry.articles.add(row["article"])
        article_story[row["article"]] = row["story"]
    ranked = sorted(by_story.values(), key=lambda s: s.rank)
    shown = ranked[:stories]
    for entry in shown:
        entry.shown.sort(key=lambda f: _RANK[f.verdict.value])
        del entry.shown[per_story:]
    for entry in ranked[stories:]:
        entry.shown = []
    wanted = {cid for entry in shown for f in entry.shown for cid in f.claims}
    claims = {
        row["id"]: Claim.model_validate(row)
        for row in read_rows(out, "claims")
        if row["id"] in wanted
    }
    articles = {
        row["id"]: Article.model_validate({**row, "text": ""})
        for row in read_rows(out, "articles")
        if row["id"] in {c.article for c in claims.values()}
    }
    quoted = {
        cid: QuotedClaim(c, source_name(articles[c.article]), headline(articles[c.article]))
        if c.article in articles
        else QuotedClaim(c, c.article, c.article)
        for cid, c in claims.items()
    }
    errors: list[Problem] = []
    warnings = 0
    for row in read_rows(out, "problems"):
        problem = Problem.model_validate(row)
        if problem.severity == "error":
            if len(errors) < 20:
                errors.append(problem)
        else:
            warnings += 1
    kinds = summary.get("shards", {})
    listed = ", ".join(name for names in kinds.values() for name in names[:1])
    hidden = max(0, len(ranked) - len(shown))
    return Digest(summary, shown, hidden, quoted, errors, warnings, listed)


@cache
def _markdown() -> Environment:
    return markdown_environment(wrap=wrap)


def render_digest_markdown(view: Digest) -> str:
    """The digest as Markdown, escaped like the full report (article text is untrusted)."""
    text = _markdown().get_template("stories.md.j2").render(view=view, s=view.summary)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def render_digest_html(view: Digest) -> str:
    """The digest as one self-contained HTML page (autoescaped)."""
    return html_environment().get_template("stories.html.j2").render(view=view, s=view.summary)
