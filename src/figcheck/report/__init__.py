"""The final stage: a Report bundles everything a reviewer or a machine needs, and renders it."""

from __future__ import annotations

import datetime as dt
import json

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
        """The model's JSON plus `labels`: the names the Markdown and HTML reports use."""
        from figcheck.report._labels import label_table

        data = json.loads(self.model_dump_json())
        data["labels"] = label_table(self.articles, self.claims)
        return json.dumps(data, indent=indent, ensure_ascii=False)

    def to_markdown(self) -> str:
        from figcheck.report.markdown import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        from figcheck.report.html import render_html

        return render_html(self)
