"""Unit conversions stated beside each other: "366 kilometers (277 miles)".

A figure followed by its conversion in brackets (or after "or") states one
length, weight or temperature twice. The conversion must match the stated
number once allowed the rounding the writing shows: half a unit of the
conversion's last digit (10 km → "6 miles" is 6.2, fine) or the first figure's
own rounding slack carried over ("around 370"), plus 2 % for a conversion
rounded to a friendly number. 366 km is 227 miles, so "(277 miles)"
is a wrong conversion.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable

from figcheck.crosscheck._compare import fmt, rounding, stated, unit_of
from figcheck.crosscheck._groups import Board
from figcheck.models import Claim, FindingKind, Verdict

Convert = Callable[[float], float]

# (from unit, to unit) -> conversion, and its formula as shown in a finding
_FACTORS: dict[tuple[str, str], tuple[Convert, str]] = {
    ("km", "mi"): (lambda v: v * 0.621371, "× 0.621"),
    ("mi", "km"): (lambda v: v * 1.609344, "× 1.609"),
    ("m", "ft"): (lambda v: v * 3.28084, "× 3.281"),
    ("ft", "m"): (lambda v: v * 0.3048, "× 0.305"),
    ("kg", "lb"): (lambda v: v * 2.204623, "× 2.205"),
    ("lb", "kg"): (lambda v: v * 0.453592, "× 0.454"),
    ("C", "F"): (lambda v: v * 9 / 5 + 32, "× 9/5 + 32"),
    ("F", "C"): (lambda v: (v - 32) * 5 / 9, "− 32, × 5/9"),
}
# what may stand between a figure and its conversion
_FRIENDLY = 0.02
_UNITS = frozenset(unit for pair in _FACTORS for unit in pair)


def check_conversions(board: Board) -> None:
    """A finding for each figure stated with its conversion right after it."""
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for claim in board.claims:
        if board.readings[claim.id].unit in _UNITS:
            by_article[claim.article].append(claim)
    for claims in by_article.values():
        claims.sort(key=lambda c: c.start)
        for first, second in itertools.pairwise(claims):
            units = (board.readings[first.id].unit or "", board.readings[second.id].unit or "")
            if units not in _FACTORS or not board.readings[second.id].converts:
                continue
            _finding(board, first, second, units)


def _finding(board: Board, first: Claim, second: Claim, units: tuple[str, str]) -> None:
    a, b = stated(first), stated(second)
    if a is None or b is None:
        return
    convert, formula = _FACTORS[units]
    converted = convert(a)
    back = _FACTORS[units[1], units[0]][0]
    # the conversion's own last digit, or the first figure's rounding carried over
    slack = max(unit_of(b) / 2, abs(convert(a + rounding(first)) - converted))
    slack += _FRIENDLY * abs(b)
    ok = abs(converted - b) <= slack
    verdict = Verdict.consistent if ok else Verdict.inconsistent
    how = "matches" if ok else f"does not match (it converts back to {fmt(round(back(b), 1))})"
    arithmetic = (
        f"{fmt(a)} {units[0]} {formula} = {fmt(round(converted, 1))} {units[1]}"
        f" vs stated {fmt(b)} {units[1]} (± {fmt(round(slack, 1))}) → {how}"
    )
    note = f"'{first.quote}' is given as '{second.quote}': {arithmetic}"
    board.add(
        FindingKind.arithmetic,
        verdict,
        [first, second],
        rule="unit-conversion",
        relation=f"{first.id} {formula} ≈ {second.id}",
        arithmetic=arithmetic,
        note=note if ok else note + "; the conversion is wrong",
    )
