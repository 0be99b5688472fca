"""Relative and absolute date expressions resolved against the publication date. (STUB: being written)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date | None  # resolved day (first day of month/year for coarse mentions); None if unresolvable
    granularity: str  # "day" | "month" | "year"
    kind: str  # "point" ("on Wednesday", "last August") | "since" ("since February 24, 2022")


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Date expressions in text (a sentence or a whole article), resolved against `published`."""
    raise NotImplementedError
