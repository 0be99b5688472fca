"""English number words -> values, by number-parser, plus the idioms it does not know.

number-parser handles "two hundred and forty-eight" and "twenty-one thousand"
correctly but not "a dozen", "a hundred" or "half a million", and it costs
about 1.5 ms a call, so results are cached: news repeats the same few words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from number_parser import parse_number as _np_parse_number

UNITS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"),
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _alternation(words: list[str]) -> str:
    # Longest first so "seventeen" is never read as "seven" + "teen".
    return "|".join(sorted(words, key=len, reverse=True))


_U = _alternation(UNITS)
_T = rf"(?:{_alternation(TENS)})(?:[ -](?:{_alternation(UNITS[1:10])}))?"
_S = rf"(?:{_T}|{_U})\b"
_BIG = r"(?:thousand|million|billion|trillion)\b"
# Up to 999 in words; "a hundred" reads as one hundred.
_H = rf"(?:(?:{_S}|an?)\s+hundred\b(?:\s+(?:and\s+)?{_S})?|{_S})"
# A fraction of a scale or of a percentage point: "three-quarters of a million",
# "a quarter-million", "half a percentage point", "a quarter-point". Before a scale or
# "point" only: "half a chance", "a quarter of the budget" (a share) are no numbers.
_FRACTION = (
    r"(?:(?:an?|one)[\s-]+(?:half|quarter|third)|half|(?:two|three)[\s-]+(?:thirds|quarters))"
)
_POINTS = r"[\s-]+(?:percentage[\s-]+)?points?\b"
_HALF_QUARTER = r"(?:an?[\s-]+)?(?:half|quarter|three[\s-]+quarters?)"
_FRACTIONAL = (
    rf"{_FRACTION}(?:\s+of)?\s+an?(?=\s+(?:{_BIG}|percentage\s+points?\b))"
    rf"|{_HALF_QUARTER}[\s-]+{_BIG}|{_HALF_QUARTER}(?={_POINTS})"
)
# The grammar of written numbers, so that "five six" stays two numbers and
# "two hundred and forty-eight" stays one: groups below a thousand joined by scales.
WORD_NUMBER = (
    rf"\b(?:{_FRACTIONAL}"
    rf"|(?:half\s+an?|an?|{_H})\s+dozen\b"
    rf"|(?:half\s+an?|an?)\s+{_BIG}"
    rf"|{_H}(?:[ -]{_BIG}(?:\s+(?:and\s+)?{_H}(?=\s+{_BIG}|(?!\s+(?:hundred|dozen)\b)))?)*"
    r"(?:\s+and\s+a\s+half\b)?)"  # "two and a half (million)"
)
_WORD_NUMBER_RE = re.compile(rf"^{WORD_NUMBER}$", re.IGNORECASE)
# _FRACTIONAL as parse_words sees it (lower case, hyphens made spaces), without the
# look-ahead to what follows: the scale, when the words hold it
_FRACTION_OF = re.compile(
    r"^(?:(?P<count>an?|one|two|three) )?(?P<part>half|thirds?|quarters?)(?: of)?(?: an?)?"
    r"(?: (?P<big>thousand|million|billion|trillion))?$"
)
# what each fraction word divides by (figures.py reads "two-thirds of voters" with it too)
DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "tenth": 10}
# the value of each scale word (figures.py adds its abbreviations and South Asian scales)
SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_A_ONE = re.compile(r"^an? ")


@lru_cache(maxsize=4096)
def parse_words(phrase: str) -> float | None:
    """Value of a run of number words, or None when the words do not form one number."""
    words = " ".join(phrase.lower().replace("-", " ").split())
    if fraction := _FRACTION_OF.match(words):
        return _fraction_of(fraction)
    if words.endswith(" and a half"):
        whole = parse_words(words.removesuffix(" and a half"))
        return None if whole is None else whole + 0.5
    if not _WORD_NUMBER_RE.match(words):
        return None
    factor = 1.0
    if words.startswith("half "):
        factor, words = 0.5, words.removeprefix("half ")
    words = _A_ONE.sub("one ", words)
    if words.endswith("dozen"):
        # "dozen" multiplies what precedes it: "two dozen" = 24, "a dozen" = 12.
        head = words.removesuffix("dozen").strip()
        head_value = _plain(head) if head else 1.0
        return None if head_value is None else factor * head_value * 12
    value = _plain(words)
    return None if value is None else factor * value


def _plain(words: str) -> float | None:
    if "dozen" in words:
        return None
    value = _np_parse_number(words)
    if value is None or isinstance(value, str):
        return None
    return float(value)


def _fraction_of(m: re.Match[str]) -> float:
    """ "three quarters of a million" -> 750000.0; "a quarter" (of a point) -> 0.25."""
    part = m.group("part").removesuffix("s")
    count = m.group("count")
    value = (UNITS.index(count) if count in ("two", "three") else 1) / DENOMINATORS[part]
    big = m.group("big")
    return value if big is None else value * SCALE_VALUES[big]
