"""How far a claim's span reaches around its number: the smallest span holding what is counted.

The noun phrase after the number is the usual answer ("248 Russian soldiers");
news also states what is counted in other places, and each gets one rule here:

* a hyphenated compound: "18-year-old volunteer", "two-story building",
  "25-foot (8-meter) boat" (an adjective conversion in brackets is skipped);
* a scale after the number: "7.8 magnitude quake", "6.5-magnitude" (the span
  ends at the scale word: the figure measures the quake, it counts nothing);
* a collective noun before it: "a crowd of 40", "a population of about
  429,000", "an earlier toll of 2,068" (an article before an adjective stays out);
* a name before an age: "Veronica Paladines, 24", "Isaac (18)";
* "brings to 413 the number of people killed";
* a casualty word after a bare number or after "people", which is what the
  figure counts: "102 were injured", "49 people died", "181 still missing";
  a specific noun keeps its verb out ("248 Russian soldiers were repatriated").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from figcheck.extractors._measure import NounPhrase, is_participle, noun_phrase
from figcheck.models import tuple_builder

_SCALE_AFTER = re.compile(r"(?:\s+|-)(?P<scale>magnitude)\b", re.IGNORECASE)
_COMPOUND = re.compile(r"-(?P<unit>[A-Za-z]+)(?P<rest>(?:-[A-Za-z]+)*)(?![\w-])")
_ADJECTIVE_CONVERSION = re.compile(r"\s*\(\s*[\d.,]+-[A-Za-z]+(?:-[A-Za-z]+)*\s*\)")
_AGE = re.compile(r"years?", re.IGNORECASE)
_COLLECTIVE_BEFORE = re.compile(
    r"(?:\b(?:a|an)\s+|\b(?!(?:the|a|an|its|their|his|her|our|this|that|with|of|to|from|by)\s)"
    r"[a-z]+\s+)?\b(?P<noun>crowd|population|toll|tally|group|team|fleet|convoy|flotilla|"
    r"contingent|delegation|workforce|army|force)\s+of\s+$",
    re.IGNORECASE,
)


def _after_of(text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] ends with "of" and whitespace, as _COLLECTIVE_BEFORE needs: most
    figures are ruled out here without running that pattern over the window."""
    at = hi
    while at > lo and text[at - 1].isspace():
        at -= 1
    return at < hi and at - 2 >= lo and text[at - 2 : at].lower() == "of"


_NAME_BEFORE = re.compile(
    r"(?<![\w'’-])(?P<name>(?:[A-Z][a-zà-ÿ'’-]+\s+){0,2}[A-Z][a-zà-ÿ'’-]+)(?P<sep>,\s+|\s+\()$"
)
# Capitalised words before ", 24" that are no name: sentence openers, days, months.
_NOT_NAME = re.compile(
    r"(?:The|An?|In|On|At|For|By|From|To|Of|And|But|Or|So|Then|Now|Also|However|Meanwhile|"
    r"Some|About|Around|Nearly|Only|Just|Among|Including|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|"
    r"Sun)day|Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_NUMBER_OF = re.compile(r"\s+the\s+(?:total\s+)?number\s+of\s+", re.IGNORECASE)
_CASUALTY = r"killed|dead|died|injured|wounded|hurt|missing"
_AFTER_PEOPLE = re.compile(rf"\s+(?:(?:were|was)\s+)?(?P<verb>{_CASUALTY})\b")
_AFTER_BARE = re.compile(
    rf"\s+(?:(?:were|was|are|is|remain|remained|remain|had\s+been|have\s+been|has\s+been)\s+)?"
    rf"(?:(?:still|also|reportedly|later|seriously|critically)\s+)?(?P<verb>{_CASUALTY})\b"
)
_GENERIC_HEADS = frozenset({"people", "persons", "others", "individuals"})
_MAX_AGE = 120


class Span(NamedTuple):
    """Where a claim starts and ends, the counted words, and a measure the rule implies.

    A named tuple: one is built per figure, in a third of the time a frozen dataclass takes.
    """

    start: int
    end: int
    np: NounPhrase
    measure: str | None = None
    scale: str | None = None


# built by tuple.__new__, without the class's Python-level __new__ (models.tuple_builder)
_span = tuple_builder(Span)


def _age_before(text: str, start: int, end: int, value: float | None, limit: int) -> Span | None:
    """ "Veronica Paladines, 24" / "Isaac (18)": an age right after a name."""
    if value is None or not value.is_integer() or not 0 < value <= _MAX_AGE:
        return None
    m = _NAME_BEFORE.search(text, max(0, start - 60), start)
    if m is None or _NOT_NAME.fullmatch(m.group("name").split()[0]):
        return None
    bracket = "(" in m.group("sep")
    if bracket:
        if text[end : end + 1] != ")":
            return None
        end += 1
    elif end < limit and text[end : end + 1] not in (",", ";", ".", ")"):
        return None
    name = m.group("name")
    return Span(m.start(), end, NounPhrase(end, ()), measure=f"age of {name}")


def widen(text: str, start: int, end: int, np: NounPhrase, value: float | None, limit: int) -> Span:
    """The claim span for a figure at [start, end) whose following noun phrase is `np`."""
    scale = _SCALE_AFTER.match(text, end, limit)
    if scale is not None:
        after = noun_phrase(text, scale.end(), limit)
        measure = "magnitude" + (" of " + " ".join(after.words) if after.words else "")
        return Span(start, scale.end(), after, measure=measure, scale="magnitude")
    compound = _COMPOUND.match(text, end, limit)
    if compound is not None and not np.words:
        pos = compound.end()
        conversion = _ADJECTIVE_CONVERSION.match(text, pos, limit)
        after = noun_phrase(text, conversion.end() if conversion else pos, limit)
        words = tuple(w for w in compound.group().split("-") if w)
        if _AGE.fullmatch(compound.group("unit")) and compound.group("rest").lower() == "-old":
            measure = "age" + (" of " + " ".join(after.words) if after.words else "")
            return Span(start, max(pos, after.end), after, measure=measure)
        return Span(start, max(pos, after.end), NounPhrase(after.end, (*words, *after.words)))
    if not np.words:
        age = _age_before(text, start, end, value, limit)
        if age is not None:
            return age
        counted = _NUMBER_OF.match(text, end, limit)
        if counted is not None:
            after = noun_phrase(text, counted.end(), limit)
            if after.words:
                np, end = after, after.end
    collective = (
        _COLLECTIVE_BEFORE.search(text, max(0, start - 40), start)
        if _after_of(text, max(0, start - 40), start)
        else None
    )
    if collective is not None:
        start = collective.start()
        if not np.words or is_participle(np.words[0]):
            # "a crowd of 40 gathered": the verb after a collective is no part of the count
            return Span(start, end, NounPhrase(end, ()), measure=collective.group("noun").lower())
    head = np.words[-1].lower() if np.words else None
    casualty = None
    if head is None:
        casualty = _AFTER_BARE.match(text, end, limit)
    elif head in _GENERIC_HEADS:
        casualty = _AFTER_PEOPLE.match(text, np.end, limit)
    if casualty is not None:
        words = (*np.words, casualty.group("verb"))
        return _span((start, casualty.end(), NounPhrase(casualty.end(), words), None, None))
    return _span((start, max(end, np.end), np, None, None))
