"""Figures stated relative to something: ratios, multipliers and signed changes.

- A ratio "one in five", "3 out of every 10" is one figure, the share n / d in
  pint's dimensionless `ratio` unit (0.2; rounded to four decimals, so "one in
  three" is 0.3333). A ratio converts to percent.
- A multiplier "sixfold", "a 2.5-fold rise", "doubled", "tripled", "three times
  as many" is one figure in the unit `fold`: how many times its base the
  quantity is (the base, when stated, is a figure of its own). "halved" is 0.5.
- A sign the text writes: "-2.5%", "−1.4 degrees", "minus 3", "down 1.4
  points" is a negative figure (a change stated as a signed number; "down" only
  before a figure with a unit: "locked down two districts" is a count). A verb of
  change ("fell 3%") keeps its figure positive: it states the size of the fall.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from figcheck.models import Figure, Qualifier
from figcheck.normalise._figpatterns import qualifier_before
from figcheck.normalise._numwords import WORD_NUMBER, parse_words
from figcheck.normalise._qualifiers import bound
from figcheck.normalise._scan import RATIO_WORDS, Scan, finditer_at, finditer_stems, folded

_SMALL = r"(?:\d{1,3}(?:,\d{3})*|\d+(?:\.\d+)?)"
_NUMBER = rf"(?:{_SMALL}|{WORD_NUMBER})"

RATIO = re.compile(
    rf"(?<![\w.,-])(?P<n>{_NUMBER})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<d>{_NUMBER})"
    r"(?![\w.,]*\d)(?!\s+(?:years?|days?|months?|weeks?|hours?|minutes?|seconds?|games?|"
    r"matches|attempts|tries|races)\b)",
    re.IGNORECASE,
)
_MULTIPLIER_WORDS = {
    "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "sixfold": 6,
    "sevenfold": 7, "eightfold": 8, "ninefold": 9, "tenfold": 10, "hundredfold": 100,
    "doubled": 2, "doubling": 2, "tripled": 3, "trebled": 3, "tripling": 3,
    "quadrupled": 4, "quadrupling": 4, "quintupled": 5, "halved": 0.5, "halving": 0.5,
}  # fmt: skip
MULTIPLIER = re.compile(
    r"(?<![\w.,-])(?:(?P<word>"
    + "|".join(sorted(_MULTIPLIER_WORDS, key=len, reverse=True))
    + rf")|(?P<n>{_NUMBER})[\s-]?fold"
    + rf"|(?P<t>{_NUMBER})\s+times"
    r"(?=\s+(?:as|more|higher|larger|bigger|greater|the|that|what)\b))(?![\w-])",
    re.IGNORECASE,
)
# a sign written before the number: "-2.5%", "(−3)", "minus 3"; "down 1.4 points"
_SIGN = re.compile(r"(?:(?<![\w.,\-−])[-−]|\bminus\s+)$", re.IGNORECASE)
_DOWN = re.compile(r"\bdown\s+(?:by\s+)?$", re.IGNORECASE)
_SIGN_STEMS = ("-", "−", "minus", "down")  # one is in every match of the two above


@dataclass(frozen=True)
class Relative:
    """A relative figure found in text: its span and its Figure."""

    start: int
    end: int
    figure: Figure


# bound once: each read of `Qualifier.exact` runs the enum class's attribute hook
_EXACT = Qualifier.exact


def _value(token: str) -> float | None:
    token = token.strip()
    if token[:1].isdigit():
        return float(token.replace(",", ""))
    return parse_words(token)


# Cheap cues the full patterns are tried around (the full patterns, with number words at
# every position, cost more than the rest of the scan): "in"/"out of" before a number, and
# the multiplier words.
_RATIO_CUE = re.compile(
    r"\s(?:in|out\s+of)\s+(?:every\s+)?(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|twenty|thirty|forty|fifty|a\s+hundred|a\s+thousand|hundred)\b)",
    re.IGNORECASE,
)
_MULTIPLIER_STEMS = ("fold", "doubl", "tripl", "trebl", "quadrupl", "quintupl", "halv", "times")
_MULTIPLIER_CUE = re.compile(
    r"(?<=[\w-])fold\b|\b(?:doubl|tripl|trebl|quadrupl|quintupl|halv)|(?<=\w\s)times\b", re.I
)


# the word (or digit) right before a cue that a number must end with: "five in", "10 times"
_NUMBER_BEFORE = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|teen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|dozen)s?)[\s-]*$",
    re.IGNORECASE,
)


def _around(
    cues: Iterable[re.Match[str]], pattern: re.Pattern[str], text: str, counted: bool
) -> list[re.Match[str]]:
    """Matches of `pattern` that hold one of the `cues`, found near each cue only; with
    `counted`, only where a number stands right before the cue."""
    found: list[re.Match[str]] = []
    end = 0
    for c in cues:
        numbered = counted or c.group().lower() == "times"  # "at times", "the Times"
        if numbered and not _NUMBER_BEFORE.search(text, max(0, c.start() - 12), c.start()):
            continue
        lo = max(end, c.start() - 60)
        for m in pattern.finditer(text, lo, min(len(text), c.end() + 60)):
            if m.start() <= c.start() and c.end() <= m.end() and m.start() >= end:
                found.append(m)
                end = m.end()
    return found


def find_ratios(text: str, tokens: Scan | None = None) -> list[Relative]:
    """ "one in five adults" -> 0.2 ratio; a denominator that is a year is no ratio.

    `tokens`: the text's scan, when the caller has one. A cue opens with the space before
    an "in" or "out" token, so it is tried there only, not at every space of the text.
    """
    if tokens is None:
        cues = list(_RATIO_CUE.finditer(text))
    else:
        starts = tokens.starts
        before = [starts[i] - 1 for i in tokens.anchored(RATIO_WORDS) if starts[i] > 0]
        cues = finditer_at(_RATIO_CUE, text, before)
    found: list[Relative] = []
    for m in _around(cues, RATIO, text, counted=True):
        n, d = _value(m.group("n")), _value(m.group("d"))
        if n is None or d is None or d == 0 or n > d:
            continue
        if m.group("d")[:1].isdigit() and 1800 <= d <= 2100 and "," not in m.group("d"):
            continue  # "one in 2014": a year
        value = round(n / d, 4)
        start, qualifier = qualifier_before(text, m.start())
        b = bound(value, qualifier or _EXACT)
        figure = Figure(
            text=text[start : m.end()],
            value=value,
            low=b.low,
            high=b.high,
            low_open=b.low_open,
            high_open=b.high_open,
            qualifier=b.qualifier,
            unit="ratio",
            rule=f"'n in d' is one figure, the ratio n/d = {value:g}; {b.rule}",
        )
        found.append(Relative(start, m.end(), figure))
    return found


def find_multipliers(text: str) -> list[Relative]:
    """ "sixfold", "doubled", "2.5-fold", "three times as many" -> a figure in `fold`."""
    found: list[Relative] = []
    lowered = folded(text)
    if lowered is not None and not any(cue in lowered for cue in _MULTIPLIER_STEMS):
        return found  # str.find in C: most texts hold none of the words
    cues = finditer_stems(_MULTIPLIER_CUE, _MULTIPLIER_STEMS, text)  # each cue opens with one
    for m in _around(cues, MULTIPLIER, text, counted=False):
        if word := m.group("word"):
            value: float | None = float(_MULTIPLIER_WORDS[word.lower()])
        else:
            value = _value(m.group("n") or m.group("t"))
        if value is None or value <= 0:
            continue
        end = m.end()
        # "nearly doubled", "more than tripled": the qualifier bounds the multiplier
        start, qualifier = qualifier_before(text, m.start())
        b = bound(value, qualifier or _EXACT)
        figure = Figure(
            text=text[start:end],
            value=value,
            low=b.low,
            high=b.high,
            low_open=b.low_open,
            high_open=b.high_open,
            qualifier=b.qualifier,
            unit="fold",
            rule=f"a multiplier: {value:g} times its base; {b.rule}",
        )
        found.append(Relative(start, end, figure))
    return found


# a vote tally: "voted 9-3", "passed the Senate 52-48", "ruled 5-4 that"
TALLY = re.compile(
    r"\b(?:vot(?:ed|es?|ing)|passed|approved|rejected|ruled|decided|backed|split|endorsed|"
    r"confirmed|adopted|defeated|tally|margin|majority)\b(?:\s+[\w'’]+){0,4}?\s+"
    r"(?P<yes>\d{1,4})\s*[-–]\s*(?P<no>\d{1,4})(?![\d.,]*\d)(?!\s*%)",
    re.IGNORECASE,
)


def tally_side(text: str, start: int, end: int) -> str | None:
    """ "for" or "against" when [start, end) is one number of a vote tally ("voted 9-3").

    A tally is two counts of one vote, never a range or a score: the first number
    counts the votes for, the second those against, and they are different quantities.
    """
    lo, hi = max(0, start - 60), min(len(text), end + 12)
    if text.find("-", lo, hi) < 0 and text.find("–", lo, hi) < 0:
        return None  # every tally has its dash: most figures skip the costly pattern
    for m in TALLY.finditer(text, lo, hi):
        if m.start("yes") <= start and end <= m.end("yes"):
            return "for"
        if m.start("no") <= start and end <= m.end("no"):
            return "against"
    return None


def sign_before(text: str, start: int) -> tuple[int, str] | None:
    """Where a sign written before the number at `start` begins, and how it was written.

    "-2.5%" and "minus 3" take the sign into the figure; "down 1.4 points" reads the
    figure as negative but leaves "down" out of it.
    """
    window = text[max(0, start - 12) : start]
    lowered = folded(window)
    if lowered is not None and not any(map(lowered.__contains__, _SIGN_STEMS)):
        return None  # what every sign holds is not there: most figures
    if m := _SIGN.search(window):
        return start - (len(window) - m.start()), m.group().strip() or "-"
    if _DOWN.search(window):
        return start, "down"
    return None


__all__ = [
    "MULTIPLIER",
    "RATIO",
    "TALLY",
    "Relative",
    "find_multipliers",
    "find_ratios",
    "sign_before",
    "tally_side",
]
