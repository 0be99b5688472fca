"""The regular expressions behind find_figures, compiled once (benchmarks scan megabytes).

Two kinds: "masks" find numbers that are not figures (dates, times, list
numbers, model names) so the figure pattern never reads them as counts; the
figure pattern reads qualifier + number (+ scale, unit) + suffix, or a range.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from figcheck.models import Qualifier
from figcheck.normalise._numwords import WORD_NUMBER
from figcheck.normalise._qualifiers import PREFIX_PATTERN, PREFIXES, SUFFIX_PATTERN, qualifier_of
from figcheck.normalise.money import SCALED_WORD_PATTERN, SYMBOL_PATTERN, WORD_PATTERN
from figcheck.normalise.units import MEASURE_PATTERN

MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_ORD = r"(?:st|nd|rd|th)"


class Mask(NamedTuple):
    """A pattern for numbers that are not figures, and the group holding the number.

    `needs`: a short pattern that every match of `pattern` holds inside it, led by a
    literal or a character class so that the regex engine skips straight to where it
    can match; searched for in the windows the mask runs in (Scan.within), and a text
    whose windows lack it is not searched for the mask at all (most masks match in few
    articles, and each costs a search around every number). Set only where that search
    costs less than the mask's own (a digit first skips slowly).

    `opens`: where every match starts, named as the scan finds those offsets ("months":
    a month-holding token, "before months": one of the two tokens before one, "lines":
    a line start); the mask is then tried there only (figures.find_figures), not at
    every position of the windows around each digit.
    """

    role: str
    pattern: re.Pattern[str]
    group: str | int
    needs: re.Pattern[str] | None = None
    opens: str | None = None


# in every "1 of 12": a digit and whitespace before "of" (one space after the digit, or a
# second whitespace character of a longer run), at most three digits after it. "of" with a
# number after it alone is in a third of the articles ("of 2024", "of 50,000"), each then
# searched for the three gallery masks around every number; this is in almost none
_OF_NUMBER = re.compile(r"of(?<=\d\sof|\s\sof)\s+\d{1,3}(?!\d)")
_MONTH_NAME = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")  # as MONTH opens
_LABEL = (
    r"(?:Article|Resolution|Flight|Chapter|Section|Clause|Route|Highway|Interstate|"
    r"Room|No\.|Number|Level|Phase|Category|Grade|Platform|Gate|Terminal|Block|Unit|"
    r"Brigade|Division|Regiment|Battalion|Squadron|Corps|Apollo|Windows|Model|Type|"
    r"Proposition|Prop\.|Amendment|Channel|Line|Bus|Track|District|Ward|Precinct|Exit|"
    r"Junction|Pier|Stand|Row|Seat|Episode|Season|Volume|Vol\.|Page|Paragraph)"
)

# Order matters: earlier masks win.
MASKS: list[Mask] = [
    # "mid-2022", "pre-2014": a year, before the rule below reads it as a name.
    Mask(
        "year",
        re.compile(r"(?<![\w-])(?:mid|pre|post|early|late|end|start)-(\d{4}s?)\b", re.I),
        1,
        re.compile(r"-\d{4}"),
    ),
    # "Covid-19", "F-16", "G7", "MH17", "S-400", "2S7": letters glued to digits name a thing.
    # ("magnitude-6.1" is a scale reading, not a name: the rules extractor labels it.)
    Mask(
        "other",
        re.compile(r"(?<![\w$£€¥₹₽₴])(?![Mm]agnitude-\d)[A-Za-z]+-?\d[\w-]*(?:\.\d+)?"),
        0,
        re.compile(r"\d(?:(?<=[A-Za-z]\d)|(?<=[A-Za-z]-\d))"),  # a digit after a letter
    ),
    # A photo-gallery counter ("1 of 12") alone on its line, or closing a caption line.
    Mask(
        "other",
        re.compile(r"(?m)^[ \t]*(\d{1,3}\s+of\s+\d{1,3})[ \t]*(?:$|(?=[A-Z|]))"),
        1,
        _OF_NUMBER,
    ),
    Mask(
        "other",
        re.compile(r"(?m)(?<=[.!?\"”’)]\s)(\d{1,3}\s+of\s+\d{1,3})[ \t]*$"),
        1,
        _OF_NUMBER,
    ),
    Mask(
        "other",
        re.compile(r"\b(?:[Pp]hoto|[Ii]mage|[Pp]icture|[Ss]lide)s?\s+(\d{1,3}\s+of\s+\d{1,3})\b"),
        1,
        _OF_NUMBER,
    ),
    Mask(
        "other",
        re.compile(r"(?<![\w.,])\d+[A-Za-z]+\d[\w-]*"),
        0,
        re.compile(r"\d[A-Za-z]"),  # in the windows: few digits have a letter after them
    ),
    # "Article 5", "Resolution 2334", "Flight 370", "No. 10": a capitalised label names a thing.
    Mask(
        "other",
        re.compile(rf"\b{_LABEL}\s+(\d[\d.]*[A-Za-z]?)\b"),
        1,
        re.compile(rf"{_LABEL}\s+\d"),
    ),
    # "the 25th Infantry Battalion", "the Army's 1001st Brigade", "the 82nd Airborne": an
    # ordinal before a capitalised name is part of the name (a headline's "Dow Posts 5th
    # Straight Loss" has no article or possessive before it, and stays a figure)
    Mask(
        "other",
        re.compile(r"(?:\b[Tt]he|['’]s)\s+(\d+(?:st|nd|rd|th))\s+(?=[A-Z][a-z])"),
        1,
        re.compile(r"\d(?:st|nd|rd|th)\s"),
    ),
    # "75 Victoria Street", "10 Downing St": a house number in an address
    Mask(
        "other",
        re.compile(
            r"(?<![\w.,])(\d{1,5})\s+(?:[A-Z][a-z]+\s+){1,3}"
            r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Lane|Drive|Square)\b"
        ),
        1,
        re.compile(r"\d\s+[A-Z]"),
    ),
    # "2023-02-04", "4/2/2023", "04.02.2023".
    Mask(
        "date",
        re.compile(r"(?<![\w.,/-])\d{4}-\d{1,2}-\d{1,2}\b"),
        0,
        re.compile(r"-\d{1,2}-"),
    ),
    Mask(
        "date",
        re.compile(r"(?<![\w.,/])\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?![\w/.]\d)"),
        0,
        re.compile(r"[/.]\d{1,2}[/.]\d"),
    ),
    # "24/7", "1/3": slashes between digits are rates or fractions, not counts.
    Mask("other", re.compile(r"(?<![\w.,/])\d+/\d+(?![\w/])"), 0, re.compile(r"/\d")),
    # "10:30", "10.30am", "5 p.m.", "10 am".
    Mask(
        "time",
        re.compile(
            r"(?<![\w.,:])\d{1,2}(?::\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?(?!\w))?"
            r"|\.\d{2}\s*[ap]\.?m\.?(?!\w)|\s*(?:a\.m\.|p\.m\.|[ap]m\b)|\s+(?:noon|midnight)\b)",
            re.I,
        ),
        0,
        # ":30", or "am" / "p.m" after a digit or a space; written cased and opening with
        # one set, which lets the engine skip to its first characters (a case-blind letter
        # or an alternation of a literal and a set would not)
        re.compile(r"[:aApPnm](?:(?<=:)\d|(?<=[\d\s][aApP])\.?[mM]\b|(?<=\d\sn)oon|(?<=\d\sm)idn)"),
    ),
    # Day numbers next to a month: "February 24", "Feb. 4", "24 February", "24th of February".
    Mask(
        "date",
        re.compile(rf"\b{MONTH}\s+(\d{{1,2}}{_ORD}?)(?![\d:]|,\d{{3}}\b|\s*(?:%|per\s?cent))"),
        1,
        _MONTH_NAME,
        "months",
    ),
    Mask(
        "date",
        re.compile(rf"(?<![\w.,])(\d{{1,2}}{_ORD}?)(?:\s+of)?\s+{MONTH}(?![a-z])"),
        1,
        _MONTH_NAME,
        "before months",
    ),
    # List or section numbering at the start of a line: "1." / "2)" / "(3)".
    Mask("list", re.compile(r"(?m)^[ \t>*•-]*\(?(\d{1,2})[.)](?=[ \t])"), 1, opens="lines"),
]

# the vulgar fractions British papers print after a whole number ("1½ million", "2¾ years")
VULGAR_FRACTIONS = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+"
    rf"|\d{{1,3}}(?: \d{{3}})+(?![\d,]|\.\d)|\d+)(?:\.\d+|[{VULGAR_FRACTIONS}])?(?!\d)"
)
_DIGIT = rf"[\d{VULGAR_FRACTIONS}]"  # what a number's digits end with
# currencies and units come from normalise.money and normalise.units (ISO codes, pint names)
_CURRENCY = SYMBOL_PATTERN
_CURRENCY_WORD = rf"(?:US\s+)?(?:{WORD_PATTERN})"
# South Asian English writes a hundred thousand as a lakh and ten million as a crore
_SCALE_WORD = r"(?:thousand|million|billion|trillion|lakhs?|lacs?|crores?)"
_MEASURE = MEASURE_PATTERN


# What each costly alternation below can open with (re.IGNORECASE folds them as it folds
# the alternation's own letters): a look-ahead of one character set, tried before the
# alternation, fails where none of its words can start. The regex engine checks a
# branch's first character itself only for a cased literal or set; under IGNORECASE it
# enters every word of the alternation (a jump and a fail each) at every try, and FIGURE
# tries some thirty of them after each number ("12 people": unit symbols, currency words,
# scale words). tests/test_scan.py checks that each set holds every first character.
_OPENS_SCALE = "(?=[bclmt])"
_OPENS_MEASURE = "(?=[bcfghiklmnost°º])"
_OPENS_CURRENCY_WORD = "(?=[a-np-vyz])"
_OPENS_WORD_NUMBER = "(?=[aefhnoqstz])"
_OPENS_VAGUE = "(?=[1abdhmnst])"
# the same for the percent and suffix groups, whose words follow a space: what a match
# opens with up to its first letter ("%", " per cent", "-percentage", " or more", "+")
_OPENS_PERCENT = r"(?=[\s-]*[%p])"
_OPENS_SUFFIX = r"(?=\s*\+|-|\s+[ao])"


def _atom(p: str, guarded: bool = True) -> str:
    """One number with its currency, scale and unit; group names prefixed so it can repeat.

    `guarded`: with the _OPENS_* look-aheads (the same matches; see above).
    """
    scale, measure, word, currency_word, percent = (
        (_OPENS_SCALE, _OPENS_MEASURE, _OPENS_WORD_NUMBER, _OPENS_CURRENCY_WORD, _OPENS_PERCENT)
        if guarded
        else ("", "", "", "", "")
    )
    return (
        rf"(?:(?P<{p}cur>{_CURRENCY})\s?)?"
        rf"(?:(?P<{p}dig>(?:(?<![\w.,])|(?<=\$[A-Z])|(?<=\$NZ)){_DIGITS})(?:(?P<{p}ord>{_ORD})\b|(?P<{p}apos>['’]?s)\b)?"
        rf"|{word}(?P<{p}word>{WORD_NUMBER}))"
        rf"(?:(?P<{p}sc>[ \t]*{scale}{_SCALE_WORD})\b|(?<={_DIGIT})(?P<{p}abbr>mn|bn|m|k|tn|trn)\b"
        rf"|(?<={_DIGIT})\s?{measure}(?P<{p}meas>{_MEASURE})\b)?"
        rf"(?P<{p}pct>{percent}\s?%|\s*per\s?cent\b|\s+percent\b|(?<={_DIGIT})pc\b"
        r"|[\s-]+percentage[\s-]+points?\b"
        # "a quarter-point hike", "a half point": of a rate, never of an index
        r"|(?:(?<=quarter)|(?<=quarters)|(?<=half))[\s-]points?\b)?"
        rf"(?P<{p}curw>\s+{currency_word}{_CURRENCY_WORD}\b|(?<=illion)\s+{SCALED_WORD_PATTERN}\b)?"
    )


_VAGUE = (
    r"(?:tens|hundreds)\s+of\s+(?:thousands|millions)|dozens|hundreds|thousands|millions|"
    r"billions|scores(?=\s+of\b)|(?:several|a\s+few|a\s+couple\s+of)\s+"
    r"(?:dozen|hundred|thousand|million|billion)(?!\w)|several|a\s+few|a\s+handful|"
    # "numerous people", not "were more numerous than last week" (a predicate, no count)
    r"a\s+couple(?=\s+of\b)|a\s+number(?=\s+of\b)|(?:numerous|multiple)(?=\s+(?!than\b)[a-z])"
    r"|1(?:00|,?000|0,000|00,000|,000,000)['’]?s\b"
)

# "handed over 13 hostages", "turned over 40 suspects": "over" is the verb's particle, not
# "more than" (each lookbehind is fixed-width, as Python's must be)
_PARTICLE_VERBS = ("hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning")
# ("over" is looked for first: one letter rules out most positions before any look-behind)
_NOT_A_PARTICLE = (
    r"(?!(?=over\b)(?:" + "|".join(rf"(?<=\b{verb}\s)" for verb in _PARTICLE_VERBS) + "))"
)
# the signs a figure can open with before its number ("$5", "~40"): with a letter or a digit,
# the only characters FIGURE tries a match at
OPENING_SIGNS = "$€£¥₹₽₴₩₺₦₱₪฿₫~"


def _figure(qualified: bool, guarded: bool = True) -> str:
    """The figure pattern's text; without `qualified` its qualifier group never matches
    (same groups, same numbers), for starts at a digit, where no qualifier can open;
    `guarded`: with the _OPENS_* look-aheads before its costly alternations."""
    qualifier = PREFIX_PATTERN if qualified else "(?!)"
    vague, suffix = (_OPENS_VAGUE, _OPENS_SUFFIX) if guarded else ("", "")
    first, second = _atom("a", guarded), _atom("b", guarded)
    return (
        # Only try at a word start or a currency sign: the pattern is costly per position.
        rf"(?<![\w])(?=[^\W_]|[{OPENING_SIGNS}])"
        rf"(?P<qual>(?<![\w]){_NOT_A_PARTICLE}(?:{qualifier})(?:\s+|(?<=~)\s*))?"
        rf"(?:{vague}(?P<vague>(?<![\w])(?:{_VAGUE}))(?!\w)"
        rf"|(?P<between>\bbetween\s+)?{first}"
        rf"(?:(?P<rsep>(?(between)\s+and\s+|(?:\s*[-–—]\s*|\s+to\s+|\s+or\s+))){second})?)"
        rf"(?P<suf>{suffix}{SUFFIX_PATTERN})?"
    )


def branching(pattern: str) -> str:
    """`pattern` with each greedy optional group "(...)?" written "(?:(...)|)".

    The same pattern to a reader of its matches: both forms try the group, then nothing,
    and set the same groups. The regex engine runs the first as a repeat, allocating and
    freeing a repeat context each time it reaches the group, and FIGURE reaches some
    fifty of them at every candidate start; the second is a branch, a jump. Lazy and
    possessive groups and quantified look-arounds are left as written.
    """
    if "(?#" in pattern:
        raise ValueError("branching() does not read regex comments")
    opened: list[int] = []
    edits: list[tuple[int, int, str]] = []  # (offset, characters replaced, replacement)
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            # a "]" first in the set (after any "^") is a literal
            i += next((len(lead) for lead in ("^]", "]") if pattern.startswith(lead, i + 1)), 0)
        elif ch == "(":
            opened.append(i)
            if pattern.startswith("(?(", i):  # a conditional: skip its "(name)"
                i = pattern.index(")", i + 3)
        elif ch == ")":
            start = opened.pop()
            quantifier = pattern[i + 1 : i + 3]
            lookaround = pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), start)
            if quantifier[:1] == "?" and quantifier[1:] not in ("?", "+") and not lookaround:
                edits += [(start, 0, "(?:"), (i + 1, 1, "|)")]
        i += 1
    out = pattern
    for offset, width, text in sorted(edits, reverse=True):
        out = out[:offset] + text + out[offset + width :]
    return out


FIGURE = re.compile(branching(_figure(qualified=True)), re.IGNORECASE)
# FIGURE, for a match tried at an ASCII digit: every qualifier opens with a letter or "~"
# (checked below; no case folding makes a digit either), so there the engine would try
# each of some eighty qualifiers in vain
FIGURE_AT_DIGIT = re.compile(branching(_figure(qualified=False)), re.IGNORECASE)
if any(phrase[:1].isdigit() for phrase in PREFIXES):
    raise ValueError("a qualifier opens with a digit: FIGURE_AT_DIGIT would miss it")

# Words around "one" that make it a pronoun or an idiom, not a count.
ONE_BEFORE = re.compile(
    r"(?:\b(?:no|any|every|each|the|this|that|which|such|another|only|a|last|no\s+single)\s+)$",
    re.I,
)
ONE_AFTER = re.compile(
    r"^(?:\s+(?:of|another|day|point|way|such|time|thing|by|hand|after|or\s+another)\b"
    r"|['’]s\b|-(?:on-one|off|time|sided|way)\b)",
    re.I,
)
# "rose 5% to 7%", "up from 200 to 300": a change between two figures, not a range.
_CHANGE_VERB = (
    r"rose|rising|risen|fell|fallen|falling|increased?|decreased?|climbed|dropped|"
    r"jumped|grew|grown|cut|raised|reduced|went|up|down|by|gained|added|lost|shed|slid|"
    r"slipped|advanced|declined|rallied|sank|eased|firmed"
)
CHANGE_BEFORE = re.compile(rf"\b(?:{_CHANGE_VERB})\s+$", re.I)
# "from 800,000 to 1,000,000 people" is a range of estimates; a "from" is a change's start
# only after a verb of change in its clause ("the toll rose overnight from 20 to 31")
FROM_BEFORE = re.compile(r"\bfrom\s+$", re.I)
# what joins two coordinated figures: they share the qualifier in front of the first ("at
# least 175 dead and 1,400 injured" are both lower bounds), and "respectively" names them
COORDINATION_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)")
CHANGE_BEFORE_FROM = re.compile(
    rf"\b(?:{_CHANGE_VERB}|doubled|tripled|quadrupled|halved|soared|surged|plunged|slumped|"
    r"tumbled|shrank|edged|inched|widened|narrowed|revised|changed|moved|"
    r"(?:rais|increas|reduc|lower|lift|hik|extend|shift|push|bump|mov)(?:e|es|ed|ing|s)?)\b"
    r"(?:(?!\bthat\b)[^;.]){0,30}\bfrom\s+$",  # "went further and reported that from": a new clause
    re.I,
)

# A share stated as a fraction of a group: "at least half of the buildings", "two-thirds of
# voters". Only before "of" + a group ("a quarter of a century", "a quarter of a million" are
# not shares), so "half an hour" and "the third time" stay out.
FRACTION = re.compile(
    r"(?<![\w-])(?P<frac>half|(?:a|one)[\s-]+(?P<one>third|quarter|fifth|sixth|tenth)"
    r"|(?P<many>two|three|four|five|seven|nine)[\s-]+(?P<parts>thirds|quarters|fifths|tenths))"
    r"(?=\s+of\s+(?!an?\s))",
    re.IGNORECASE,
)
# One unit written "a"/"an" ("almost a kilometer", "more than a decade", "about half an
# hour", "a tenth of an hour", "a mile and a half"): a figure only when a qualifier, a
# fraction or "and a half" says it is measured; a bare "a year" or "an hour" is mostly an
# idiom or a rate ("an hour later", "1,800 calls a year"). "A second" is an ordinal as
# often as not, so seconds stay out.
UNIT_ONE_WORDS = frozenset(
    [
        "minute",
        "hour",
        "day",
        "week",
        "fortnight",
        "month",
        "year",
        "decade",
        "century",
        "mile",
        "kilometre",
        "kilometer",
        "metre",
        "meter",
        "foot",
        "yard",
        "inch",
        "tonne",
        "ton",
        "acre",
        "hectare",
        "kilogram",
        "litre",
        "liter",
        "gallon",
    ]
)
UNIT_ONE = re.compile(
    r"(?<![\w-])(?:(?P<half>half)\s+|(?P<one>a|one)\s+(?P<part>half|third|quarter|tenth)\s+of\s+)?"
    rf"(?P<a>an?)\s+(?P<unit>{'|'.join(sorted(UNIT_ONE_WORDS, key=len, reverse=True))})(?![\w-])"
    r"(?P<andhalf>\s+and\s+a\s+half(?![\w-]))?",
    re.IGNORECASE,
)
# The qualifier in front of a fraction, looked up only where a fraction was found.
QUALIFIER_BEFORE = re.compile(rf"(?<![\w])(?:{PREFIX_PATTERN})\s+$", re.IGNORECASE)


def qualifier_before(text: str, start: int) -> tuple[int, Qualifier | None]:
    """Where a figure found without its qualifier opens once the qualifier right before it
    is taken in ("nearly" + "a third of", "more than" + "a decade"), and which qualifier;
    (start, None) when none stands there."""
    if qual := QUALIFIER_BEFORE.search(text, max(0, start - 30), start):
        return qual.start(), qualifier_of(qual.group(), PREFIXES)
    return start, None
