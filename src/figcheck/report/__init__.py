"""The final stage: a Report bundles everything a reviewer or a machine needs, and renders it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from figcheck.models import Article, Claim, Finding, Problem, Usage


class Report(BaseModel):
    """Result of `figcheck.check`; `to_json` keeps the spec's field names for claims/findings."""

    articles: list[Article]
    claims: list[Claim] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    extractor: str = "rules"
    model: str | None = None
    prompt: str | None = None
    prompt_hash: str | None = None
    dropped_claims: int = 0
    usage: Usage = Field(default_factory=Usage)
    created: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_markdown(self) -> str:
        from figcheck.report.markdown import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        from figcheck.report.html import render_html

        return render_html(self)
