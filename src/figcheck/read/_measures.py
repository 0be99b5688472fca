"""What kind of measure a figure is (unit) and the sub-area it is stated for (place).

Both are read from the quote and the words touching the figure, because
extractors' measures are often thin ("people", "count"). A unit other than a
count (a magnitude, an age, kilometres, a duration) keeps a figure out of
tolls, parts and superlatives; a place keeps a district's figure apart from
another district's and from the story's own total.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from figcheck.models import Article, Claim
from figcheck.normalise.figures import find_figures, is_money
from figcheck.normalise.units import canonical, dimension, is_physical, unit_after
from figcheck.read._lexicon import COUNTRY_DEMONYM, DEMONYMS, NAME_STOPWORDS, NON_COUNT_UNITS
from figcheck.read._stories import lead_names

_PERCENT = re.compile(r"%|\bper ?cent\b|\bhalf of\b", re.IGNORECASE)
_MONEY = re.compile(r"[$€£¥]|\bdollars?\b|\beuros?\b|\byuan\b|\brupees?\b", re.IGNORECASE)
_MONEY_MEASURE = re.compile(r"\b(?:dollars|usd|euros|money|cost)\b", re.IGNORECASE)
_AGE_END = re.compile(r"^\s*(?:[,)]|$)")
POSSESSIVE_S = re.compile(r"['’]s$")

# Units read from the words after the figure, in this order (units of measurement are
# read by normalise.units, in pint's names: "kilometer", "degree_Celsius").
_UNIT_AFTER: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("age", r"-?\s?years?[\s-]old\b"),
        ("magnitude", r"^[\s-]*(?:magnitude|on the richter)\b"),
        ("storeys", r"^[\s-]*(?:stor(?:e)?(?:y|ys|ies)|storied|floors?)\b"),
        ("duration", r"^[\s-]*(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)\b"),
    )
)
_UNIT_BEFORE = (
    ("magnitude", re.compile(r"\bmagnitude(?:[\s-]+of|\s+at|\s+was)?[\s-]*$", re.IGNORECASE)),
    ("age", re.compile(r"\b(?:aged|age)\s*$|\b[A-Z][a-z]+(?:,\s*|\s*\()$")),
)
_MEASURE_UNIT = re.compile(
    r"^(?:the\s+)?(age|magnitude|depth|distance|height|length|years|days|months|weeks|hours"
    r"|minutes|storeys|time\s+(?:between|since|from|taken|elapsed)|duration)\b"
    r"(?:.*?\bin\s+(kilomet\w*|km|miles|met\w*|feet))?",
    re.IGNORECASE,
)
_MEASURE_UNITS = {"kilomet": "km", "km": "km", "miles": "mile", "met": "m", "feet": "ft"}
NUMBER = re.compile(
    r"\d(?:[\d,.]*\d)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I
)


def non_count(unit: str | None) -> bool:
    """A unit whose figures describe a thing (a magnitude, an age, a length), not a count."""
    return unit in NON_COUNT_UNITS or is_physical(unit)


def read_unit(claim: Claim, before: str = "", after: str = "") -> str | None:
    """The claim's unit: the figure's own canonical one (ISO code, pint name), else one read
    from the quote, the words touching the figure, or the head of the measure.

    Money is its ISO 4217 code ("money" when the currency is unnamed); percent and
    percentage points stay apart. A claim that comes without a unit (a labelled one, a
    model's that left it out) gets the one its quote's figure names: "three-quarters of
    a percentage point" is 0.75 percentage points, which 75 basis points restate.
    """
    unit = claim.unit
    span: tuple[int, int] | None = None
    if unit is None and claim.extractor != "rules":
        # the rules extractor parsed this figure already and found no unit
        unit, span = _figure_unit(claim.quote)
    timed = unit is not None and dimension(unit) == "[time]"  # an age, or a duration: below
    if unit in ("percent", "percentage_point", "ratio", "fold", "index_point") or (
        unit is not None and not timed and (is_money(unit) or is_physical(unit))
    ):
        return unit
    lowered = (unit or "").lower()
    quote = claim.quote
    named, figure = _quote_unit(quote)
    if span is not None:
        figure = span  # the whole figure: the words after "12 to 18" name its unit ("feet")
    if "percent" in lowered or named == "percent":
        return "percentage_point" if "point" in lowered else "percent"
    if lowered == "money" or named == "money":
        return "money"
    if figure is not None:
        start, end = figure
        found = _read_unit(before + quote[:start], quote[end:] + after)
        # a duration read after a whole range ("10 to 20 minutes") is a duration, as a
        # figure's own time unit is (below), so it meets "about half an hour"
        if found and not (span is not None and dimension(found) == "[time]"):
            return found
    measured = _measure_unit(claim.measure, None if timed else unit)
    if measured is None and timed and (claim.extractor != "rules" or figure is None):
        # a model's figure in a time unit whose measure names none ("about half an hour
        # after it left port", "time between leaving port and capsizing"): a duration,
        # as its range read elsewhere ("10 to 20 minutes") is; so is a rules figure whose
        # quote holds its unit and no number ("more than a decade", "half an hour")
        return "duration"
    return measured


# sentences and texts read per claim; enough for the claims of any article (reuse is within
# one article), small enough that a 50,000-article run does not keep every sentence
_MEMO = 8192


@lru_cache(maxsize=_MEMO)
def _figure_unit(quote: str) -> tuple[str | None, tuple[int, int] | None]:
    """The canonical unit of the quote's first figure, and where that figure is.
    Memoised: quotes repeat."""
    figures = find_figures(quote)
    if not figures:
        return None, None
    first = figures[0]
    return first.figure.unit, (first.start, first.end)


@lru_cache(maxsize=_MEMO)
def _quote_unit(quote: str) -> tuple[str | None, tuple[int, int] | None]:
    """Percent or money named in the quote, and where its figure is. Memoised: quotes repeat."""
    named = "percent" if _PERCENT.search(quote) else "money" if _MONEY.search(quote) else None
    figure = NUMBER.search(quote)
    return named, figure.span() if figure else None


@lru_cache(maxsize=_MEMO)
def _measure_unit(measure: str, claim_unit: str | None) -> str | None:
    """The unit the measure's head names, else the claim's own. Memoised: measures repeat."""
    unit = (claim_unit or "").lower()
    measure = measure.strip()
    if "%" in measure or _PERCENT.search(measure):
        return "percent"
    if claim_unit and _MONEY_MEASURE.search(measure):
        return "money"
    m = _MEASURE_UNIT.match(measure)
    if m:
        head = m.group(1).lower()
        if head in ("depth", "distance", "height", "length"):
            sub = (m.group(2) or "").lower()
            spelled = next((u for k, u in _MEASURE_UNITS.items() if sub.startswith(k)), None)
            return canonical(spelled) if spelled else None
        if head in ("years", "days", "months", "weeks", "hours", "minutes", "duration"):
            return "duration"
        if head.startswith("time"):  # "time between leaving port and capsizing"
            return "duration"
        return head
    return unit or None


# _UNIT_AFTER after age as one anchored alternation: its first matching branch is the first
# matching pattern, in one regex call instead of eleven
_UNIT_AFTER_ANY = re.compile(
    "|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in _UNIT_AFTER[1:]), re.IGNORECASE
)


def _read_unit(before: str, after: str) -> str | None:
    if _UNIT_AFTER[0][1].search(after[:24]):
        return _UNIT_AFTER[0][0]
    m = _UNIT_AFTER_ANY.match(after)
    if m:
        return m.lastgroup
    measured = unit_after(after, 0)
    if measured is not None and is_physical(measured[0]):
        return "duration" if dimension(measured[0]) == "[time]" else measured[0]
    for name, pattern in _UNIT_BEFORE:
        if pattern.search(before[-24:]):
            if name == "age" and not _AGE_END.match(after):
                continue
            return name
    return None


# The word boundaries before "in"/"at" and the capital are written as lookbehinds after
# the first letter (same matches) so the regex engine can skip to candidate letters
# instead of trying every position: these run on every claim's sentence.
_PLACE_IN = re.compile(
    r"(?:[iI](?<!\w[iI])n|[aA](?<!\w[aA])t|[nN](?<!\w[nN])ear)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?"
    r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
)
# what may not lie between a figure and a place named after it
_PLACE_GAP = re.compile(r"[,;:(—–]|\bincluding\b|^.{81,}", re.DOTALL)
_PLACE_UNIT = re.compile(
    r"([A-Z](?<!\w[A-Z])[\w’'-]+)\s+(?:[Cc]ounty|[Pp]rovince|[Dd]istrict|[Tt]ownship|[Pp]refecture"
    r"|[Cc]ity|[Tt]own|[Vv]illage|[Cc]amp|[Rr]egion|[Ss]tate|[Oo]blast|[Gg]overnorate"
    r"|[Mm]unicipality|[Bb]orough|[Pp]arish|[Ii]sland|[Nn]eighbou?rhood)\b"
)


def read_place(
    claim: Claim, sentence: str, offset: int, article: Article | None, part: bool = False
) -> str | None:
    """The sub-area a figure is stated for, nearest to it; names of the lead (the story's
    own area, "Yunnan province") and countries (sides) do not count, except for a part of
    a larger figure ("a million marched, 119,000 of them in Paris"): a part's place is
    a sub-area even when the lead names it."""
    excluded = _excluded(lead_names(article, sentences=3) if article and not part else frozenset())

    def usable(name: str) -> str | None:
        words = [POSSESSIVE_S.sub("", w).lower() for w in name.split()]
        word = words[0]
        if word in excluded or word in NAME_STOPWORDS or word in COUNTRY_DEMONYM:
            return None
        if word in DEMONYMS or word in COUNTRY_DEMONYM.values():
            return None
        # the whole name: two camps "Ohn Taw Gyi" and "Ohn Taw Chay" are two places; a
        # unit or day word after it ("Rakhine State", "Paris Thursday") names no other one
        named = []
        for w in words:
            if w in NAME_STOPWORDS:
                break
            named.append(w)
        return " ".join(named)

    for _, _, name in _place_names(claim.measure):
        found = usable(name)
        if found:
            return found
    best: tuple[int, str] | None = None
    end = offset + len(claim.quote)
    for start, stop, name in _place_names(sentence):
        found = usable(name)
        if not found:
            continue
        if stop <= offset:
            distance = offset - stop
        elif start >= end and not _PLACE_GAP.search(sentence[end:start]):
            distance = start - end  # "102 were injured in Qiaojia county"
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, found)
    if best is not None:
        return best[1]
    # a list item's place is one of several sub-areas whatever the lead names
    item = _listed_place(sentence, offset)
    if item:
        return item
    # "he had seen 15 bodies outside his own village": a count taken at one unnamed
    # site is that site's, never the whole area's toll
    local = _LOCAL_PLACE.search(sentence, max(0, offset - _LOCAL_REACH), end + _LOCAL_REACH)
    # "577 deaths, and 550 of them are in the morgue": a site after another figure is its
    if local and not (local.start() > end and NUMBER.search(sentence, end, local.start())):
        return local.group(1).lower()
    return None


@lru_cache(maxsize=_MEMO)
def _excluded(lead: frozenset[str]) -> frozenset[str]:
    """The lead's names, and the words of its two-word names too: "South African" leads as
    the country, and "the South African city of George" names its words one by one.
    Memoised: one lead per article, read for each of its claims."""
    return lead | {word for name in lead if " " in name for word in name.split()}


_LOCAL_REACH = 60  # characters of the sentence read each side of the figure
_LOCAL_PLACE = re.compile(
    r"\b(?:in|at|outside|near|from)\s+(?:the|his|her|their|its|a|one|this|that|two|three|four|"
    r"five|six|several|\d+)\s+(?:own\s+)?(village|camp|mortuary|morgue|hospital|school|shelter)s?\b"
)


# an item of a list of counts named by a place right before its figure: "South Carolina
# has reported 41 deaths, Georgia 33, Florida 19 and Virginia two"
_LIST_ITEM = re.compile(r"(?:^|[,;:]\s+|\band\s+)([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+$")
_LIST_REACH = 60  # characters before the figure its item's name may start in


@lru_cache(maxsize=1)
def _subdivisions() -> frozenset[str]:
    """Names of the world's states, provinces and regions (ISO 3166-2, from pycountry):
    a list item's name is a place only when it is one ("Georgia 33"), not a party's
    ("ANC 159") or a company's."""
    return frozenset(s.name.lower() for s in pycountry.subdivisions)


def _listed_place(sentence: str, offset: int) -> str | None:
    """The place naming a list item right before its figure ("georgia" in "Georgia 33"),
    lower-cased as every place is, or None."""
    m = _LIST_ITEM.search(sentence, max(0, offset - _LIST_REACH), offset)
    name = m.group(1).lower() if m else None
    return name if name in _subdivisions() else None


@lru_cache(maxsize=_MEMO)
def _place_names(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, name) of every candidate place, sub-area units first, then "in/at X".
    Memoised: measures repeat across claims, sentences across a sentence's figures."""
    return tuple(
        (m.start(), m.end(), m.group(1))
        for pattern in (_PLACE_UNIT, _PLACE_IN)
        for m in pattern.finditer(text)
    )


# "72 km (45 miles) southwest of Marrakech", "some 50 miles from Pylos", "80km from the
# coastal town of Pylos": the place a distance is measured from, named after it
ANCHOR = re.compile(
    r"(?:\s*[a-z]+\.?){0,2}\s*(?:\([^()]{0,30}\)\s*|\)\s*)?(?:(?:(?:north|south|east|west)(?:[\s-]?(?:east|west))?"
    r"(?:wards?)?|inland|offshore|out)\s+(?:of|from)|from|off(?:\s+the\s+coast\s+of)?|outside)\s+"
    r"(?:the\s+)?(?:(?:\w+\s+)?(?:city|town|port|village|capital|island|coast)\s+of\s+)?"
    r"(?-i:([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}))",
    re.IGNORECASE,
)
_ANCHOR_REACH = 80  # characters after the figure


# "at a depth of 18.5 kilometres": a length of the thing itself, measured from nowhere
_ASPECT = re.compile(
    r"\b(depth|height|altitude|length|width|radius|diameter|elevation)\s+of\s+"
    r"(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+|up\s+to\s+)?$",
    re.IGNORECASE,
)


def read_anchor(text: str, start: int, end: int, unit: str | None) -> str | None:
    """Where a distance is measured from, or which of its thing's lengths it is: two
    reports' distances from one place measure one distance, whatever else their words say
    ("the epicentre was", "struck late"); a quake's depth is not its distance from a city.
    `end` is where the figure itself ends (its quote may name the place)."""
    if unit is None or dimension(unit) != "[length]":
        return None
    aspect = _ASPECT.search(text, max(0, start - 30), start)
    if aspect:
        return aspect.group(1).lower()
    m = ANCHOR.match(text[end : end + _ANCHOR_REACH])
    return m.group(1).lower() if m else None
