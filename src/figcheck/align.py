"""Quote -> span: exact, normalised, fuzzy, or honestly ungrounded. (STUB: being written)"""

from __future__ import annotations

from dataclasses import dataclass

from figcheck.models import Alignment


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    alignment: Alignment
    score: float  # 100 for exact


def align(quote: str, text: str, hint: int | None = None, min_score: float = 85.0) -> Span:
    """Locate `quote` in `text`; among repeated matches pick the one nearest `hint`.

    Returns alignment=ungrounded (start=end=-1) when nothing scores >= min_score.
    """
    raise NotImplementedError
