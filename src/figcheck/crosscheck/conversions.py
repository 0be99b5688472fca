"""Unit conversions stated beside each other: "366 kilometers (277 miles)".

A figure followed by its conversion in brackets (or after "or") states one
length, weight or temperature twice. The conversion must match the stated
number once allowed the rounding the writing shows: half a unit of the
conversion's last digit (10 km → "6 miles" is 6.2, fine) or the first figure's
own rounding slack carried over ("around 370"), plus 2 % for a conversion
rounded to a friendly number. 366 km is 227 miles, so "(277 miles)"
is a wrong conversion. pint does the conversion, between any two units of
one dimension (km and miles, °C and °F, kWh and MWh).
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from figcheck.crosscheck._compare import fmt, rounding, stated, unit_of
from figcheck.crosscheck._groups import Board, unit_of_claim
from figcheck.models import Claim, FindingKind, Verdict
from figcheck.normalise.units import compatible, convert, convert_difference, is_physical, symbol

# what a conversion rounded to a friendly number may be off by, beyond its last digit
_FRIENDLY = 0.02


def check_conversions(board: Board) -> None:
    """A finding for each figure stated with its conversion right after it."""
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for claim in board.claims:
        if is_physical(unit_of_claim(claim, board.readings[claim.id])):
            by_article[claim.article].append(claim)
    for claims in by_article.values():
        claims.sort(key=lambda c: c.start)
        for first, second in itertools.pairwise(claims):
            units = (
                unit_of_claim(first, board.readings[first.id]) or "",
                unit_of_claim(second, board.readings[second.id]) or "",
            )
            if units[0] == units[1] or not compatible(*units):
                continue
            if board.readings[second.id].converts:
                _finding(board, first, second, units)


def _finding(board: Board, first: Claim, second: Claim, units: tuple[str, str]) -> None:
    a, b = stated(first), stated(second)
    if a is None or b is None:
        return
    converted = convert(a, *units)
    back = convert(b, units[1], units[0])
    spread = convert(a + rounding(first), *units)
    if converted is None or back is None or spread is None:
        return
    # the conversion's own last digit, or the first figure's rounding carried over
    slack = max(unit_of(b) / 2, abs(spread - converted))
    slack += _FRIENDLY * abs(b)
    ok = abs(converted - b) <= slack
    sa, sb = symbol(units[0]), symbol(units[1])
    as_difference = ""
    difference = None if ok else convert_difference(a, *units)
    if difference is not None and abs(difference - b) <= unit_of(b) / 2 + _FRIENDLY * abs(b):
        # "a rise of 0.4 °C (0.72 °F)": a difference of temperatures converts without offset
        ok, converted, as_difference = True, difference, " as a difference"
    verdict = Verdict.consistent if ok else Verdict.inconsistent
    how = "matches" if ok else f"does not match (it converts back to {fmt(round(back, 1))} {sa})"
    arithmetic = (
        f"{fmt(a)} {sa}{as_difference} = {fmt(round(converted, 1))} {sb} (pint)"
        f" vs stated {fmt(b)} {sb} (± {fmt(round(slack, 1))}) → {how}"
    )
    note = f"'{first.quote}' is given as '{second.quote}': {arithmetic}"
    board.add(
        FindingKind.arithmetic,
        verdict,
        [first, second],
        rule="unit-conversion",
        relation=f"{first.id} in {sb} ≈ {second.id}",
        arithmetic=arithmetic,
        note=note if ok else note + "; the conversion is wrong",
    )
