"""Deterministic normaliser: figure phrases -> intervals with a qualifier. (STUB: being written)"""

from __future__ import annotations

from dataclasses import dataclass

from figcheck.models import Figure


@dataclass(frozen=True)
class FigureMatch:
    """A figure phrase found in text: [start, end) covers qualifier + number (+ unit word like 'percent')."""

    start: int
    end: int
    figure: Figure
    role: str  # "count" | "ordinal" | "percent" | "money" | "year" | "date" | "time" | "list" | "other"


def parse_number(token: str) -> float | None:
    """'2,828' -> 2828; '816 000' -> 816000; 'fifty' -> 50; 'two hundred' -> 200; '1.5 million' -> 1.5e6."""
    raise NotImplementedError


def parse_figure(phrase: str) -> Figure | None:
    """'more than 230' -> Figure(low=230, low_open=True, high=None, qualifier=more_than)."""
    raise NotImplementedError


def find_figures(text: str) -> list[FigureMatch]:
    """Every number-bearing phrase in text, with its role so callers can drop years, dates, times."""
    raise NotImplementedError
