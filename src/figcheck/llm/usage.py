"""Usage ledger: what each article cost and what the run cost, failed attempts included."""

from __future__ import annotations

import threading
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
    """Per-article Usage plus the run total, so a report can show both.

    The batch runner's worker threads share one extractor and so one ledger;
    `Usage.add` is a read-modify-write of several counters, so `add` holds a lock.
    """

    def __init__(self) -> None:
        self.articles: dict[str, Usage] = {}
        self.total = Usage()
        self._lock = threading.Lock()

    def add(self, article: str, usage: Usage) -> None:
        with self._lock:
            self.articles.setdefault(article, Usage()).add(usage)
            self.total.add(usage)
