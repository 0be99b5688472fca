"""Usage ledger: what each article cost and what the run cost, failed attempts included."""

from __future__ import annotations

from typing import Any

from figcheck.models import Usage


def record_response(usage: Usage, response: Any) -> None:
    """Add one completed HTTP exchange's token counts (servers that omit usage add nothing)."""
    counts = getattr(response, "usage", None)
    if counts is None:
        return
    usage.prompt_tokens += int(getattr(counts, "prompt_tokens", 0) or 0)
    usage.completion_tokens += int(getattr(counts, "completion_tokens", 0) or 0)


class Ledger:
    """Per-article Usage plus the run total, so a report can show both."""

    def __init__(self) -> None:
        self.articles: dict[str, Usage] = {}
        self.total = Usage()

    def add(self, article: str, usage: Usage) -> None:
        self.articles.setdefault(article, Usage()).add(usage)
        self.total.add(usage)
