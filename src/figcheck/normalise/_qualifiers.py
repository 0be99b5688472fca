"""How hedging words turn a stated number into the interval a statement asserts.

Every rule is written once, here, as the text reports quote to a reviewer
("'nearly X' asserts at most X: (-inf, X]"). Counts are never negative, but an
upper-bounded statement keeps low = None: the spec writes "nearly 2,600" as
null, 2600, and a reviewer reads "-inf" as "the article gives no lower bound".
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from figcheck.models import Qualifier, tuple_builder

# the members read on every figure, bound once: on Python 3.11 each read of
# `Qualifier.exact` runs EnumType.__getattr__'s hook (a call of type.__getattribute__),
# and bound() compares a figure's qualifier with up to six of them
_EXACT, _ABOUT, _NEARLY, _VAGUE = (
    Qualifier.exact,
    Qualifier.about,
    Qualifier.nearly,
    Qualifier.vague,
)
_MORE_THAN, _AT_LEAST = Qualifier.more_than, Qualifier.at_least
_FEWER_THAN, _AT_MOST = Qualifier.fewer_than, Qualifier.at_most


class Bounds(NamedTuple):
    """An interval with its qualifier and the rule that produced it.

    A named tuple: one is built per figure, in a third of the time a frozen dataclass takes.
    """

    low: float | None
    high: float | None
    low_open: bool
    high_open: bool
    qualifier: Qualifier
    rule: str


# built by tuple.__new__, without the class's Python-level __new__ (models.tuple_builder)
new_bounds = tuple_builder(Bounds)


# Words before the number. Longest phrases win ("no fewer than" before "fewer than").
PREFIXES: dict[str, Qualifier] = {
    # more_than: "more than 230" asserts the count exceeds 230.
    **dict.fromkeys(
        (
            "more than",
            "over",
            "above",
            "upwards of",
            "upward of",
            "in excess of",
            "well over",
            "well above",
            "just over",
            "just above",
            "greater than",
            "north of",
            "slightly more than",
            "a little over",
            "a little more than",
        ),
        Qualifier.more_than,
    ),
    # at_least: the stated number is included.
    **dict.fromkeys(
        (
            "at least",
            "no fewer than",
            "no less than",
            "not less than",
            "not fewer than",
            "a minimum of",
            "at the very least",
        ),
        Qualifier.at_least,
    ),
    # fewer_than: "fewer than 20" excludes 20 itself.
    **dict.fromkeys(
        (
            "fewer than",
            "less than",
            "under",
            "below",
            "well under",
            "well below",
            "well short of",
        ),
        Qualifier.fewer_than,
    ),
    # at_most: "up to 50" allows 50 itself.
    **dict.fromkeys(
        (
            "up to",
            "at most",
            "no more than",
            "not more than",
            "a maximum of",
            "as many as",
            "as much as",
        ),
        Qualifier.at_most,
    ),
    # nearly: "nearly 2,600" says the count falls short of, or reaches, 2,600.
    **dict.fromkeys(
        (
            "nearly",
            "almost",
            "close to",
            "just under",
            "just shy of",
            "just below",
            "approaching",
            "not quite",
            "getting on for",
        ),
        Qualifier.nearly,
    ),
    # about: a round figure with no direction.
    **dict.fromkeys(
        (
            "about",
            "around",
            "approximately",
            "approx.",
            "roughly",
            "some",
            "an estimated",
            "estimated",
            "circa",
            "c.",
            "around about",
            "in the region of",
            "an approximate",
            "on the order of",
            "in the order of",
            "give or take",
            "~",
        ),
        Qualifier.about,
    ),
    # exact: emphasis, or a share described by its size ("a majority of 87" are 87 people);
    # "all 116 prisoners" keeps "all" in the span.
    **dict.fromkeys(
        (
            "exactly",
            "precisely",
            "a total of",
            "in total",
            "a majority of",
            "the majority of",
            "all",
        ),
        Qualifier.exact,
    ),
}

# Words after the number: "230 or more", "1,000-plus", "50-odd", "100 or so".
SUFFIXES: dict[str, Qualifier] = {
    "+": Qualifier.at_least,
    "-plus": Qualifier.at_least,
    "or more": Qualifier.at_least,
    "or above": Qualifier.at_least,
    "and above": Qualifier.at_least,
    "and over": Qualifier.at_least,
    "and higher": Qualifier.at_least,
    "or higher": Qualifier.at_least,
    "or greater": Qualifier.at_least,
    "and older": Qualifier.at_least,
    "or older": Qualifier.at_least,
    "-odd": Qualifier.at_least,
    "odd": Qualifier.at_least,
    "or fewer": Qualifier.at_most,
    "or less": Qualifier.at_most,
    "or under": Qualifier.at_most,
    "or so": Qualifier.about,
}


def _phrase_pattern(phrases: list[str]) -> str:
    """Longest phrase first, the phrases that share a first character behind it
    ("m(?:ore\\s+than|...)"): the figure pattern tries this at every candidate start, and
    a case-blind alternation enters every branch. Phrases with different first
    characters never match at one place, and each group keeps the phrases' order, so the
    match is the one a flat alternation would give."""
    groups: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        first = phrase[:1]
        if not first.isascii() or first != first.lower() or first.isspace():
            raise ValueError(f"qualifier {phrase!r} must start with a lower-case ASCII character")
        words = r"\s+".join(re.escape(w) for w in phrase.split())
        groups.setdefault(first, []).append(words[len(re.escape(first)) :])
    return "|".join(
        re.escape(first) + "(?:" + "|".join(tails) + ")" for first, tails in groups.items()
    )


PREFIX_PATTERN = _phrase_pattern(list(PREFIXES))
SUFFIX_PATTERN = (
    r"\s*\+(?![\d\w])|-plus\b|-odd\b|\s+odd\b(?!\s+(?:one|number|numbers)\b)|"
    r"\s+(?:or\s+more|or\s+above|and\s+above|and\s+over|and\s+higher|or\s+higher|or\s+greater|"
    r"and\s+older|or\s+older|or\s+fewer|or\s+less|or\s+under|or\s+so)\b"
)


def qualifier_of(words: str, table: dict[str, Qualifier]) -> Qualifier:
    """Look up matched qualifier words, whatever their case, spacing and accents.

    The patterns match case-insensitively, so "İN EXCESS OF" matches "in excess of"
    while its lower case is "i̇n" (an i and a combining dot): marks are folded away
    before the lookup, and a form still unknown reads as no qualifier, never a crash.
    """
    folded = unicodedata.normalize("NFKD", " ".join(words.lower().split()))
    key = "".join(c for c in folded if not unicodedata.combining(c))
    return table.get(key, _EXACT)


def fmt(value: float) -> str:
    """A number as a reviewer writes it: 2600, 1.5, 2400000000."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _scale(value: float, factor: str) -> float:
    # Decimal keeps 50 * 1.1 at 55, not 55.000000000000007.
    return float(Decimal(repr(value)) * Decimal(factor))


def bound(value: float, qualifier: Qualifier) -> Bounds:
    """The interval one stated number asserts under one qualifier."""
    x = fmt(value)
    if qualifier is _MORE_THAN:
        return new_bounds(
            (value, None, True, False, qualifier, f"'more than X' excludes X: ({x}, inf)")
        )
    if qualifier is _AT_LEAST:
        return new_bounds(
            (value, None, False, False, qualifier, f"'at least X' includes X: [{x}, inf)")
        )
    if qualifier is _FEWER_THAN:
        return new_bounds(
            (None, value, False, True, qualifier, f"'fewer than X' excludes X: (-inf, {x})")
        )
    if qualifier is _AT_MOST:
        return new_bounds(
            (None, value, False, False, qualifier, f"'up to X' includes X: (-inf, {x}]")
        )
    if qualifier is _NEARLY:
        return new_bounds(
            (None, value, False, False, qualifier, f"'nearly X' asserts at most X: (-inf, {x}]")
        )
    if qualifier is _ABOUT:
        low, high = sorted((_scale(value, "0.9"), _scale(value, "1.1")))
        return new_bounds(
            (
                low,
                high,
                False,
                False,
                qualifier,
                f"'about X' allows 10% either side: [{fmt(low)}, {fmt(high)}]",
            )
        )
    return new_bounds((value, value, False, False, _EXACT, f"exact figure: [{x}, {x}]"))


def span_bounds(low_value: float, high_value: float, qualifier: Qualifier) -> Bounds:
    """A stated range ("200-300", "between 200 and 300"), hedged as a whole by its qualifier."""
    lo, hi = bound(low_value, qualifier), bound(high_value, qualifier)
    rule = f"stated range: [{fmt(low_value)}, {fmt(high_value)}]"
    if qualifier is not _EXACT:
        rule = f"{rule}, each end hedged as {qualifier.value}"
    return Bounds(lo.low, hi.high, lo.low_open, hi.high_open, qualifier, rule)


# Vague amounts: the least the plural asserts. "dozens" is at least two dozen
# (spec: dozens -> [24, inf)); by the same reading "hundreds" is at least 200.
VAGUE: dict[str, float] = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
    "billions": 2_000_000_000,
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "tens of millions": 20_000_000,
    "hundreds of millions": 200_000_000,
    "several": 3,
    "a few": 2,
    "a handful": 2,
    "a couple": 2,
    "a number": 2,
    "numerous": 3,
    "multiple": 2,
}
# "several hundred" is at least three hundred, "a few thousand" at least two thousand.
VAGUE_MULTIPLIERS: dict[str, float] = {"several": 3, "a few": 2, "a couple of": 2}
MAGNITUDES: dict[str, float] = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}


def vague_bounds(low: float, words: str) -> Bounds:
    """A vague amount asserts its least reading and nothing above it."""
    return Bounds(
        low,
        None,
        False,
        False,
        _VAGUE,
        f"vague '{words}' asserts at least {fmt(low)}: [{fmt(low)}, inf)",
    )
