"""Deterministic normaliser: figure phrases -> intervals with a qualifier.

find_figures reports every number-bearing phrase with a role, so callers keep
counts, percentages, money and ordinals and drop years, dates, times, list
numbers and names ("F-16", "Covid-19"). A fraction of a group ("at least
half of the buildings", "two-thirds of voters") is a share: role percent, unit
percent, value 100 * n / d rounded to two decimals (half -> 50, a third ->
33.33), hedged by its qualifier like any number. Deliberately not figures: word
ordinals ("second"), fractions not followed by "of" + a group ("half an hour",
"a quarter of a century": role other, or not read at all),
and bare "m" after a whole number with no currency ("100m" may be metres:
role other) unless a qualifier or a plain noun follows ("more than 1m", "2m doses");
"1.2m" and "£3m" are millions. The hedging rules live in
_qualifiers.py, one line each, and each Figure carries the one that made it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import NamedTuple

from figcheck.models import Figure, Qualifier, assembled, tuple_builder
from figcheck.normalise._figpatterns import (
    CHANGE_BEFORE,
    CHANGE_BEFORE_FROM,
    FIGURE,
    FIGURE_AT_DIGIT,
    FRACTION,
    FROM_BEFORE,
    MASKS,
    ONE_AFTER,
    ONE_BEFORE,
    UNIT_ONE,
    UNIT_ONE_WORDS,
    VULGAR_FRACTIONS,
    qualifier_before,
)
from figcheck.normalise._numwords import DENOMINATORS, SCALE_VALUES, UNITS, parse_words
from figcheck.normalise._qualifiers import (
    MAGNITUDES,
    PREFIXES,
    SUFFIXES,
    VAGUE,
    VAGUE_MULTIPLIERS,
    Bounds,
    bound,
    fmt,
    new_bounds,
    qualifier_of,
    span_bounds,
    vague_bounds,
)
from figcheck.normalise._scan import Scan, figure_starts, finditer_at, finditer_in, scan
from figcheck.normalise.money import currency_code
from figcheck.normalise.relative import find_multipliers, find_ratios, sign_before
from figcheck.normalise.units import canonical, per_hour, unit_after

_SHARES = frozenset({"percent", "percentage_point"})
ROLES = ("count", "ordinal", "percent", "money", "year", "date", "time", "list", "other")
FIGURE_ROLES = frozenset({"count", "ordinal", "percent", "money"})

# bound once: each read of `Qualifier.exact` runs the enum class's attribute hook
_EXACT, _ABOUT = Qualifier.exact, Qualifier.about


class FigureMatch(NamedTuple):
    """A number-bearing phrase: [start, end) covers qualifier + number (+ 'percent', currency).

    A named tuple: one is built per figure, in a third of the time a frozen dataclass takes.
    """

    start: int
    end: int
    figure: Figure
    role: str  # one of ROLES; FIGURE_ROLES are the ones that state a quantity


# built by tuple.__new__, without the class's Python-level __new__ (models.tuple_builder)
_figure_match = tuple_builder(FigureMatch)


_SCALES = {**SCALE_VALUES, "k": 1e3, "mn": 1e6, "m": 1e6, "bn": 1e9, "tn": 1e12, "trn": 1e12}
_SCALES |= {w: 1e5 for w in ("lakh", "lakhs", "lac", "lacs")} | {"crore": 1e7, "crores": 1e7}
_SEPARATORS = re.compile(r"[,\s\u00a0\u202f\u2009]")
_FRACTION_AFTER = re.compile(r"[\s-](?:thirds?|quarters?|halves|half|fifths?|tenths?)\b", re.I)
_GLUED = re.compile(r"[A-Za-z]\w*")
_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)?")
_FOUR_DIGITS = re.compile(r"\d{4}")
_TWO_DIGITS = re.compile(r"\d{2}")


class _Atom(NamedTuple):
    """One number as read from a match: value after scale, and what surrounds it.

    A named tuple: one is built per figure, in a third of the time a frozen dataclass takes.
    """

    value: float
    raw: float
    scale: float
    unit: str | None
    end: int
    digits: str | None
    ordinal: bool
    plural: bool
    metres_or_million: bool


_new_atom = tuple_builder(_Atom)  # as _figure_match


def _digits_value(digits: str) -> float:
    """ "2,828" -> 2828.0; "1½" -> 1.5 (the fraction's value from the Unicode database)."""
    if digits.isascii():
        # FIGURE's digits in ASCII hold no separator but "," and " " ("816 000"): two
        # replaces in C, where the pattern's substitution cost a search per figure
        return float(digits.replace(",", "").replace(" ", ""))
    if digits[-1] in VULGAR_FRACTIONS:
        return float(_SEPARATORS.sub("", digits[:-1])) + unicodedata.numeric(digits[-1])
    return float(_SEPARATORS.sub("", digits))


def _currency(code: str) -> str:
    """ISO 4217 code of a currency as written (normalise.money); an unknown one upper-cased."""
    return currency_code(code) or " ".join(code.split()).upper()


def _atom(m: re.Match[str], p: str) -> _Atom | None:
    g = _GROUPS[p]  # group indexes, not names built per call: this runs for every figure
    digits, words = m.group(g.dig), m.group(g.word)
    if digits is not None:
        raw = _digits_value(digits)
    elif words is not None:
        parsed = parse_words(words)
        if parsed is None:
            return None
        raw = parsed
    else:
        return None
    scale_word = (m.group(g.sc) or m.group(g.abbr) or "").strip().lower()
    scale = _SCALES.get(scale_word, 1.0)
    unit: str | None = None
    if pct := m.group(g.pct):
        unit = "percentage_point" if "point" in pct.lower() else "percent"
    elif cur := (m.group(g.cur) or m.group(g.curw)):
        unit = _currency(cur)
    elif meas := m.group(g.meas):
        unit = canonical(meas) or " ".join(meas.split())
    return _new_atom(
        (
            # 2.3m is 2300000, exactly (a scale of 1 changes nothing: no Decimal needed)
            raw if scale == 1.0 else float(Decimal(repr(raw)) * Decimal(repr(scale))),
            raw,
            scale,
            unit,
            max(map(m.end, g)),
            digits,
            m.group(g.ord) is not None,  # ordinal
            m.group(g.apos) is not None,  # plural
            # metres_or_million
            scale_word == "m"
            and m.group(g.cur) is None
            and digits is not None
            and "." not in digits,
        )
    )


class _AtomGroups(NamedTuple):
    """FIGURE's group indexes for one number of a match ("a" or "b")."""

    cur: int
    dig: int
    ord: int
    apos: int
    word: int
    sc: int
    abbr: int
    meas: int
    pct: int
    curw: int


_GROUPS = {
    p: _AtomGroups(*(FIGURE.groupindex[p + name] for name in _AtomGroups._fields)) for p in "ab"
}


def _year_like(atom: _Atom) -> bool:
    d = atom.digits
    return (
        d is not None
        and atom.scale == 1.0
        and atom.unit is None
        and not atom.ordinal
        and _FOUR_DIGITS.fullmatch(d) is not None
        and 1800 <= atom.raw <= 2100
    )


MAX_FIGURE = 1e15  # beyond a quadrillion no news figure is meant literally


def _figure(phrase: str, value: float | None, b: Bounds, unit: str | None) -> Figure:
    """The Figure of a phrase; one beyond MAX_FIGURE (or not finite) keeps no interval, so
    no comparison, report or JSON ever meets an infinity."""
    # each bound within [-MAX_FIGURE, MAX_FIGURE]: a comparison a NaN or an infinity fails
    # (two of them per value, where a generator over the values cost four times as much)
    if (
        (value is not None and not -MAX_FIGURE <= value <= MAX_FIGURE)
        or (b.low is not None and not -MAX_FIGURE <= b.low <= MAX_FIGURE)
        or (b.high is not None and not -MAX_FIGURE <= b.high <= MAX_FIGURE)
    ):
        return Figure(
            text=phrase,
            qualifier=b.qualifier,
            unit=unit,
            rule=f"figure beyond the {MAX_FIGURE:.0e} limit: no interval, not compared",
        )
    low, high = b.low, b.high
    # every value is of its field's type but the numbers, which may be ints (the vague
    # words' table): float() as validation converts them
    values = {
        "text": phrase,
        "value": None if value is None else float(value),
        "low": None if low is None else float(low),
        "high": None if high is None else float(high),
        "low_open": b.low_open,
        "high_open": b.high_open,
        "qualifier": b.qualifier,
        "unit": unit,
        "rule": b.rule,
    }
    if (
        low is not None
        and high is not None
        and (low > high or (low == high and (b.low_open or b.high_open)))
    ):
        return Figure.model_validate(values)  # an empty interval: validation raises as ever
    # assembled, not validated: one figure is built per number of every article, and
    # validating them cost a thirtieth of extraction's instructions (models.assembled)
    return assembled(Figure, values, set(_ALL_FIGURE_FIELDS))


_ALL_FIGURE_FIELDS = frozenset(Figure.model_fields)


def _label(text: str, start: int, end: int, role: str) -> FigureMatch:
    """A number that is not a figure (year, date, time, list number, name): kept exact."""
    phrase = text[start:end]
    run = _DIGIT_RUN.search(phrase)
    value = float(run.group()) if run else (parse_words(phrase) or 0.0)
    b = bound(value, _EXACT)
    b = new_bounds((b.low, b.high, False, False, _EXACT, f"{role} '{phrase}', not a count"))
    return _figure_match((start, end, _figure(phrase, value, b, None), role))


def _qualifier(m: re.Match[str]) -> Qualifier:
    qualifier = _EXACT
    if qual := m.group("qual"):
        qualifier = qualifier_of(qual, PREFIXES)
    if (suf := m.group("suf")) and qualifier is _EXACT:
        qualifier = qualifier_of(suf, SUFFIXES)
    return qualifier


def _vague(text: str, m: re.Match[str]) -> FigureMatch:
    words = " ".join(m.group("vague").lower().split())
    head, _, tail = words.rpartition(" ")
    if head in VAGUE_MULTIPLIERS and tail in MAGNITUDES:
        low = VAGUE_MULTIPLIERS[head] * MAGNITUDES[tail]
    elif words[0].isdigit():
        # "100's" reads as "hundreds": at least two of the magnitude.
        low = 2 * float(_SEPARATORS.sub("", re.sub(r"['’]?s$", "", words)))
    else:
        low = VAGUE[words]
    start, end = m.start(), m.end()
    phrase = text[start:end]
    return FigureMatch(start, end, _figure(phrase, None, vague_bounds(low, words), None), "count")


# After a whole number + "m" with no currency: words that make it metres, not millions.
_METRES_AFTER = re.compile(
    r"-|\s+(?:sprint|race|hurdles|freestyle|backstroke|breaststroke|butterfly|medley|relay|dash|"
    r"final|heat|record|tall|high|long|wide|deep|away|above|below|from|across|in\s+(?:length|"
    r"height|diameter)|of\s+(?:water|snow|rain))\b",
    re.IGNORECASE,
)
_WORD_AFTER = re.compile(r"\s+[a-z]")
# ONE_AFTER matched at an offset rather than on a copy of the rest of the text (a copy per
# figure made one long text quadratic); its "^" only anchored the copy
if not ONE_AFTER.pattern.startswith("^"):
    raise ValueError("ONE_AFTER is expected to be anchored with ^")
_ONE_AFTER_AT = re.compile(ONE_AFTER.pattern.removeprefix("^"), ONE_AFTER.flags)


def _millions_of(text: str, m: re.Match[str], end: int) -> bool:
    """'1m people' (BBC style) is a million; 'the 100m sprint', 'a 10m-high wall' are metres."""
    if _METRES_AFTER.match(text, end):
        return False
    return m.group("qual") is not None or _WORD_AFTER.match(text, end) is not None


def _role(text: str, m: re.Match[str], a: _Atom, start: int, end: int) -> tuple[str, int]:
    """Role of a single-number match, and its end (extended over glued letters)."""
    if a.unit in _SHARES:
        return "percent", end
    if a.unit is not None and is_money(a.unit):
        return "money", end
    if a.ordinal:
        return "ordinal", end
    if glued := _GLUED.match(text, end):
        return "other", glued.end()
    if a.plural:
        return ("year" if _year_like(a) else "other"), end  # "1990s"; "in their 20s"
    bare = m.group("qual") is None and m.group("suf") is None
    if bare and _year_like(a):
        return "year", end
    if bare and a.digits is not None and _named(text, start, end):
        return "other", end
    if (a.metres_or_million and not _millions_of(text, m, end)) or _FRACTION_AFTER.match(text, end):
        return "other", end
    if bare and (m.group("aword") or "").lower() == "one" and _pronoun_one(text, start, end):
        return "other", end
    return "count", end


def _pronoun_one(text: str, start: int, end: int) -> bool:
    """Whether the "one" at text[start:end] is a pronoun or an idiom ("no one", "one of")."""
    before = ONE_BEFORE.search(text[max(0, start - 20) : start])
    return bool(before or _ONE_AFTER_AT.match(text, end))


# a name that ends in a number: "S&P 500", "FTSE 100", "CAC 40" (an ampersand or capitals
# token right before it; capitals followed by a plural noun count: "ISIS 200 fighters")
_AMPERSAND_BEFORE = re.compile(r"\b[A-Z][A-Za-z]*&[A-Za-z]+ $")
_CAPITALS_BEFORE = re.compile(r"(?<![\w.])[A-Z]{3,} $")
_PLURAL_AFTER = re.compile(r" +[a-z]+s\b")


def _named(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 16) : start]
    if before[-1:] != " ":
        return False  # both patterns end with the one space before the number
    if "&" in before and _AMPERSAND_BEFORE.search(before):
        return True
    capital = "A" <= before[-2:-1] <= "Z"  # as _CAPITALS_BEFORE ends: tried only then
    return capital and bool(_CAPITALS_BEFORE.search(before)) and not _PLURAL_AFTER.match(text, end)


def is_money(unit: str | None) -> bool:
    """Money units are ISO 4217 codes ("USD"); every other unit is pint's lower-case name."""
    return unit is not None and len(unit) == 3 and unit.isupper()


def _single(text: str, m: re.Match[str], a: _Atom, end: int) -> FigureMatch:
    start = m.start()
    if a.unit is not None and (speed := per_hour(text, end, a.unit)) != a.unit:
        a = a._replace(unit=speed)  # "250 km per hour"
    if a.unit is None and (after := unit_after(text, end)):
        # a unit symbol glued to the number joins it ("40C (104F)", "10km"); a unit
        # written as a word ("366 kilometres") is the figure's unit but stays outside it
        a = a._replace(unit=after[0])
        if _GLUED.match(text, end) and not _GLUED.match(text, after[1]):
            end = after[1]
    role, end = _role(text, m, a, start, end)
    phrase = text[start:end]
    if role not in FIGURE_ROLES:
        return _label(text, start, end, role)
    figure = _figure(phrase, a.value, bound(a.value, _qualifier(m)), a.unit)
    return _figure_match((start, end, figure, role))


def _a_change(text: str, start: int) -> bool:
    """Whether the two figures from `start` are a change's start and end ("rose 5% to 7%",
    "went up from 20 to 31") rather than a range ("from 800,000 to 1,000,000 people")."""
    before = text[max(0, start - 48) : start]
    if FROM_BEFORE.search(before):
        return bool(CHANGE_BEFORE_FROM.search(before))
    return bool(CHANGE_BEFORE.search(before[-12:]))


def _range(text: str, m: re.Match[str], a: _Atom, b: _Atom) -> FigureMatch | None:
    """A stated range, or None when the two numbers are a change or a score ("4-2")."""
    low = a.value
    if a.scale == 1.0 and b.scale != 1.0 and a.raw < b.raw:
        low = float(Decimal(repr(a.raw)) * Decimal(repr(b.scale)))  # "2 to 3 million", "$2-3bn"
    sep = (m.group("rsep") or "").strip().lower()
    years = _year_like(a) and (_year_like(b) or _TWO_DIGITS.fullmatch(b.digits or ""))
    if sep not in {"", "or"} and years and m.group("qual") is None:
        return _label(text, m.start(), m.end(), "year")  # "2022-23", "2014 to 2022"
    if sep and _a_change(text, m.start()):
        return None
    if a.unit is not None and b.unit is None and not is_money(a.unit):
        # "1.46% to 3,789.99": a share, then a level; a range repeats its unit (money's
        # sign may stand once for both: "$2-3bn")
        return None
    if not low < b.value:
        return None
    unit = a.unit or b.unit
    phrase = text[m.start() : m.end()]
    role = "percent" if unit in _SHARES else "money" if is_money(unit) else "count"
    figure = _figure(phrase, None, span_bounds(low, b.value, _qualifier(m)), unit)
    return FigureMatch(m.start(), m.end(), figure, role)


class Density:
    """A cap on figures read per segment (sentence): past it the scan jumps to the segment end.

    Prose never holds a hundred figures in one sentence; a run of thousands ("1-1-1-...",
    "1% 1% ...") is not news, and reading each of them made such text cost seconds per MB.
    Counting stops at `cap + 1` per segment, so a caller that keeps the first `cap` and warns
    at the next sees exactly what an uncapped scan would have given it.
    """

    def __init__(self, segments: Sequence[tuple[int, int]], cap: int) -> None:
        self.starts = [a for a, _ in segments]
        self.ends = [b for _, b in segments]
        self.cap = cap
        self.counts: dict[int, int] = {}

    def _segment(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.ends[i] else None

    def count(self, figures: Sequence[FigureMatch]) -> None:
        for f in figures:
            if (i := self._segment(f.start)) is not None:
                self.counts[i] = self.counts.get(i, 0) + 1

    def full_until(self, offset: int) -> int | None:
        """The end of the segment holding `offset` once that segment has had its share."""
        i = self._segment(offset)
        return self.ends[i] if i is not None and self.counts.get(i, 0) >= self.cap else None


def _scan(
    text: str, pos: int, endpos: int, density: Density | None, starts: list[int] | None
) -> list[FigureMatch]:
    """Figures between two masks, read left to right as FIGURE.search would find them;
    `starts` (when given) are the only offsets where FIGURE can match."""

    def search(pos: int) -> re.Match[str] | None:
        if starts is None:
            return FIGURE.search(text, pos, endpos)
        for k in range(bisect.bisect_left(starts, pos), len(starts)):
            at = starts[k]
            if at >= endpos:
                return None
            pattern = FIGURE_AT_DIGIT if "0" <= text[at] <= "9" else FIGURE
            if m := pattern.match(text, at, endpos):
                return m
        return None

    found: list[FigureMatch] = []
    counted = 0
    while pos < endpos and (m := search(pos)):
        if density is not None:
            density.count(found[counted:])
            counted = len(found)
            if (full := density.full_until(m.start())) is not None:
                pos = full  # this segment has had its share: the rest of it is not read
                continue
        pos = m.end()
        if m.group("vague") is not None:
            found.append(_vague(text, m))
            continue
        a = _atom(m, "a")
        if a is None:
            continue
        if m.group("bdig") is not None or m.group("bword") is not None:
            b = _atom(m, "b")
            ranged = _range(text, m, a, b) if b is not None else None
            if ranged is not None:
                found.append(ranged)
                continue
            if m.group("between") is not None:
                pos = m.end("between")
                continue
            pos = a.end  # read the second number on its own
            found.append(_single(text, m, a, a.end))
            continue
        if m.group("between") is not None:
            pos = m.end("between")
            continue
        found.append(_single(text, m, a, m.end()))
        pos = max(pos, found[-1].end)
    return found


def _fraction(text: str, m: re.Match[str]) -> FigureMatch:
    """ "at least half of the buildings" -> percent, [50, inf): a share of the group named."""
    if m.group("many"):
        numerator = float(UNITS.index(m.group("many").lower()))
        parts = m.group("parts").lower()
        denominator = DENOMINATORS[parts[:-1] if parts != "halves" else "half"]
    else:
        numerator = 1.0
        denominator = DENOMINATORS[(m.group("one") or "half").lower()]
    value = round(100 * numerator / denominator, 2)
    start, qualifier = qualifier_before(text, m.start())
    b = bound(value, qualifier or _EXACT)
    b = b._replace(rule=f"{b.rule}; a fraction of a group read as a percent")
    phrase = text[start : m.end()]
    return FigureMatch(start, m.end(), _figure(phrase, value, b, "percent"), "percent")


def _unit_one(text: str, m: re.Match[str]) -> FigureMatch | None:
    """ "almost a kilometer" -> [almost 1) km; "about half an hour" -> ~0.5 h; None for a
    bare "a year" or "an hour", an idiom or a rate more often than a measure."""
    value = 1.0
    if m.group("half"):
        value = 0.5
    elif part := m.group("part"):
        value = 1.0 / DENOMINATORS[part.lower()]
    if m.group("andhalf"):
        value += 0.5
    start, qualifier = qualifier_before(text, m.start())
    if qualifier is None and value == 1.0:
        return None
    b = bound(value, qualifier or _EXACT)
    b = b._replace(rule=f"{b.rule}; one {m.group('unit').lower()} written as 'a'")
    unit = canonical(m.group("unit"))
    return FigureMatch(start, m.end(), _figure(text[start : m.end()], value, b, unit), "count")


def requalify(figure: Figure, qualifier: Qualifier, words: str) -> Figure:
    """A figure hedged by a qualifier stated elsewhere: 'at least 175 dead and 1,400 injured'.

    `words` names where the qualifier came from, for the rule a reviewer reads.
    """
    if figure.value is None or figure.qualifier is not _EXACT:
        return figure
    b = bound(figure.value, qualifier)
    return _figure(figure.text, figure.value, b._replace(rule=f"{b.rule} ({words})"), figure.unit)


def find_figures(
    text: str,
    segments: Sequence[tuple[int, int]] = (),
    cap: int | None = None,
    tokens: Scan | None = None,
) -> list[FigureMatch]:
    """Every number-bearing phrase in text, with a role so callers can drop years, dates, times.

    With `segments` (sentences as (start, end)) and `cap`, each segment yields at most
    `cap + 1` figures of each kind (labels, figures): enough for a caller to keep `cap`
    and say that the rest was not read. `tokens`: the text's scan, when the caller has one.
    """
    return _find_figures(text, segments, cap, tokens or scan(text))


# where a mask with `opens` can start (Mask.opens): the whole text's matches, tried there only
_OPENINGS: dict[str, Callable[[Scan], list[int]]] = {
    "months": Scan.month_starts,
    "before months": Scan.before_month_starts,
    "lines": Scan.line_starts,
}


def _find_figures(
    text: str, segments: Sequence[tuple[int, int]], cap: int | None, tokens: Scan | None
) -> list[FigureMatch]:
    """find_figures; with `tokens` None every pattern runs over the whole text (the
    reference the windowed scan is tested against)."""
    density = Density(segments, cap + 1) if cap is not None else None
    whole = [(0, len(text))]
    masks = tokens.windows("digits", lambda: tokens.digits) if tokens else whole
    shares = tokens.windows("fractions", lambda: tokens.fractions) if tokens else whole
    masked: list[FigureMatch] = []
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    held: dict[re.Pattern[str], bool] = {}  # masks share some needs ("of 12", a month)
    # a mask matches in the windows only, and what it needs is part of its match
    windowed = tokens.within("digits", lambda: tokens.digits) if tokens else text
    for role, pattern, group, needs, opens in MASKS:
        if needs is not None and needs not in held:
            held[needs] = needs.search(windowed) is not None
        if needs is not None and not held[needs]:
            continue  # the text lacks what every match holds
        matches = (
            finditer_at(pattern, text, _OPENINGS[opens](tokens))
            if tokens is not None and opens is not None
            else finditer_in(pattern, text, masks)
        )
        for m in matches:
            s, e = m.span(group)
            i = bisect.bisect_left(taken, (s, e))
            if (i == 0 or taken[i - 1][1] <= s) and (i == len(taken) or e <= taken[i][0]):
                taken.insert(i, (s, e))
                masked.append(_label(text, s, e, role))
    relative = [
        FigureMatch(r.start, r.end, r.figure, "percent" if r.figure.unit == "ratio" else "count")
        for r in (*find_ratios(text, tokens), *find_multipliers(text))
    ]
    fractions = (_fraction(text, m) for m in finditer_in(FRACTION, text, shares))
    units = (
        tokens.windows("unit ones", lambda: tokens.anchored(UNIT_ONE_WORDS)) if tokens else whole
    )
    ones = filter(None, (_unit_one(text, m) for m in finditer_in(UNIT_ONE, text, units)))
    for share in (*fractions, *ones, *relative):
        s, e = share.start, share.end
        i = bisect.bisect_left(taken, (s, e))
        if (i == 0 or taken[i - 1][1] <= s) and (i == len(taken) or e <= taken[i][0]):
            taken.insert(i, (s, e))
            masked.append(share)
    starts = figure_starts(tokens) if tokens else None
    if starts is not None and cap is not None and len(starts) <= cap:
        density = None  # each figure starts at its own candidate: no segment can fill up
    found = list(masked)
    pos = 0
    for s, e in taken:
        found += _scan(text, pos, s, density, starts)
        pos = max(pos, e)
    found += _scan(text, pos, len(text), density, starts)
    return sorted((_signed(text, f) for f in found), key=lambda f: (f.start, f.end))


def _signed(text: str, fm: FigureMatch) -> FigureMatch:
    """A figure with the sign the text writes before it: "-2.5%", "minus 3", "down 1.4 points"."""
    figure = fm.figure
    hedged = figure.qualifier in (_EXACT, _ABOUT)
    if fm.role not in FIGURE_ROLES or figure.value is None or figure.value <= 0 or not hedged:
        return fm
    sign = sign_before(text, fm.start)
    if sign is None:
        return fm
    start, written = sign
    if written == "down" and figure.unit is None:
        return fm  # "locked down two districts", "shot down 3 drones": a count, not a change
    negated = figure.model_copy(
        update={
            "text": text[start : fm.end],
            "value": -figure.value,
            "low": None if figure.high is None else -figure.high,
            "high": None if figure.low is None else -figure.low,
            "low_open": figure.high_open,
            "high_open": figure.low_open,
            "rule": f"{figure.rule}; negative: '{written}' before the figure",
        }
    )
    return _figure_match((start, fm.end, negated, fm.role))


def parse_figure(phrase: str) -> Figure | None:
    """'more than 230' -> Figure(low=230, low_open=True, high=None, qualifier=more_than)."""
    matches = find_figures(phrase)
    for match in matches:
        if match.role in FIGURE_ROLES:
            return match.figure
    return matches[0].figure if matches else None


def parse_number(token: str) -> float | None:
    """'2,828' -> 2828; '816 000' -> 816000; 'fifty' -> 50; '1.5 million' -> 1.5e6; else None."""
    words = " ".join(token.strip().lower().split())
    plural = re.fullmatch(
        r"(?:tens\s+of\s+|hundreds\s+of\s+)?(dozen|hundred|thousand|million|billion)s", words
    )
    if plural:
        # "hundreds", "dozens": the magnitude named; parse_figure gives the interval.
        return MAGNITUDES[plural.group(1)]
    if re.fullmatch(r"1[\d,]*['’]?s", words):
        return float(_SEPARATORS.sub("", re.sub(r"['’]?s$", "", words)))
    m = FIGURE.search(token)
    if m is None or m.group("vague") is not None:
        return None
    a = _atom(m, "a")
    return None if a is None else a.value


__all__ = [
    "FIGURE_ROLES",
    "ROLES",
    "FigureMatch",
    "Scan",
    "find_figures",
    "fmt",
    "is_money",
    "parse_figure",
    "parse_number",
    "requalify",
    "scan",
]
