"""Check the model's interval against the deterministic normaliser's reading of the figure phrase.

The normaliser wins by default: it applies one documented rule per qualifier,
while a model may round, sum or guess. It does not win when the quote's wording
needs context the phrase alone lacks — "each" (230 each may mean 460 in all),
"a majority of", "half of", "per", or a figure spanning sentences — because
then the phrase-level reading is the one likely to be wrong. Every
disagreement is written on the claim's notes, saying whose reading was kept.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from figcheck.llm.schema import ExtractedClaim
from figcheck.models import Figure, Qualifier
from figcheck.normalise._format import interval
from figcheck.normalise.figures import parse_figure

_CONTEXT_CUES = re.compile(
    r"\b(each|apiece|per|every|a majority of|majority|half of|most of|twice|double|triple"
    r"|times as)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[A-Z“\"]")


@dataclass(frozen=True)
class Chosen:
    """The interval a claim finally carries, with the notes that explain it."""

    low: float | None
    high: float | None
    low_open: bool
    high_open: bool
    qualifier: Qualifier
    value: float | None
    unit: str | None
    notes: tuple[str, ...]


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _context_cue(quote: str) -> str | None:
    if match := _CONTEXT_CUES.search(quote):
        return f"the quote's wording {match.group(0)!r} needs context"
    if _SENTENCE_BREAK.search(quote):
        return "the figure spans sentences"
    return None


def reconcile(item: ExtractedClaim, quote: str) -> Chosen:
    """Pick the interval for a grounded claim; `quote` is the article's own text at the span."""
    model_iv = interval(item.low, item.high, item.low_open, item.high_open)
    figure = parse_figure(item.figure)
    if figure is None:
        return Chosen(
            item.low,
            item.high,
            item.low_open,
            item.high_open,
            item.qualifier,
            None,
            None,
            (f"normaliser cannot read {item.figure!r}; the model's {model_iv} is kept unchecked",),
        )
    agree = (
        _same(item.low, figure.low)
        and _same(item.high, figure.high)
        and item.low_open == figure.low_open
        and item.high_open == figure.high_open
        and item.qualifier == figure.qualifier
    )
    if agree:
        return _normaliser_reading(figure, ())
    norm_iv = interval(figure.low, figure.high, figure.low_open, figure.high_open)
    said = f"model read {item.figure!r} as {model_iv} ({item.qualifier.value})"
    norm = f"normaliser as {norm_iv} ({figure.qualifier.value}, {figure.rule or 'rule'})"
    cue = _context_cue(quote)
    if cue is not None:
        return Chosen(
            item.low,
            item.high,
            item.low_open,
            item.high_open,
            item.qualifier,
            figure.value,
            figure.unit,
            (f"{said}, {norm}; model's reading kept: {cue}",),
        )
    return _normaliser_reading(figure, (f"{said}, {norm}; normaliser's reading kept",))


def _normaliser_reading(figure: Figure, notes: tuple[str, ...]) -> Chosen:
    return Chosen(
        figure.low,
        figure.high,
        figure.low_open,
        figure.high_open,
        figure.qualifier,
        figure.value,
        figure.unit,
        notes,
    )
