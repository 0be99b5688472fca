"""What a figure is relative to its quantity's value now: a previous value, a change, a forecast.

News states a quantity together with its neighbours: "the rate rose to 3.8%
from 3.5%" (3.5 is the earlier value), "claims rose by 250 to 237,500" (250 is
the size of the change), "economists had expected 170,000 jobs" or "50
hostages will be freed" (a forecast or a plan, not what happened). Each is a
different quantity from the level it sits beside, however alike the words
around them read; linking keeps them apart by this role.

The cues are grammatical (a preposition right before the figure, a change or
expectation word in the same clause), so they carry over to any domain. Every
window is bounded around the figure: the reading stays linear in the text.
"""

from __future__ import annotations

import re
from typing import Literal

from figcheck.normalise._scan import cased, folded, holds, last_words, may_hold
from figcheck.read._measures import ANCHOR

Role = Literal["previous", "change", "expected", "average"]

_WINDOW = 90  # characters of the figure's clause read before it
_AFTER = 40  # and after it
_AVERAGE_REACH = 40  # "an average of roughly " ends the clause before the figure

_HEDGES = (
    r"(?:about|around|roughly|nearly|almost|some|just|over|under|"
    r"more\s+than|less\s+than|fewer\s+than|an?\s+estimated|a\s+further|another)"
)
# "went up by only around 2%", "rose a mere 0.1%": a belittling word, alone or before a hedge
_HEDGE = rf"(?:(?:only|merely|a\s+mere)(?:\s+{_HEDGES})?|{_HEDGES})"
_CHANGE_WORDS = re.compile(
    r"\b(?:rose|rise[ns]?|rising|fell|falls?|falling|up|down|increas\w*|decreas\w*|"
    r"climb\w*|jump\w*|dropp?\w*|declin\w*|grew|grow\w*|gain\w*|slow\w*|higher|lower|"
    r"revis\w*|tick\w*|edg\w*|surg\w*|plung\w*|soar\w*|dipp?\w*|slipp?\w*|eas(?:ed|ing)|"
    r"cut|reduc\w*|shrank|shrunk|expand\w*|widen\w*|narrow\w*|swell\w*|swollen|"
    r"rais(?:e|es|ed|ing)|lift(?:s|ed|ing)?|hik(?:e|es|ed|ing)|lower(?:s|ed|ing)|"
    r"push(?:es|ed|ing)?|boost(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)
# "from 3.5%", "up from", "compared with 2,100", "versus 4.1%": the value a change starts at
_PREVIOUS_BEFORE = re.compile(
    rf"\b(?:from|versus|vs\.?|compared\s+(?:with|to)|against)\s+"
    rf"(?:(?:an?|the)\s+)?(?:(?:upwardly\s+|downwardly\s+)?revised\s+|initial(?:ly)?\s+|"
    rf"previous(?:ly)?\s+|earlier\s+|prior\s+)?"
    # "up from the official figure of 41", "down from an earlier estimate of 300"
    rf"(?:(?:\w+\s+)?(?:figure|toll|count|estimate|tally|total|number)\s+of\s+)?"
    rf"(?:{_HEDGE}\s+)?$",
    re.IGNORECASE,
)
_PREVIOUS_AFTER = re.compile(  # "4.1% a year earlier": at most one word between
    r"^\s*(?:(?!than\b|higher\b|lower\b|more\b|less\b|up\b|down\b)[a-z%]+\s+)?"
    r"(?:a\s+(?:year|month|week|quarter)\s+(?:earlier|ago|before)|"
    r"the\s+(?:previous|prior|preceding)\s+(?:year|month|week|quarter|day))\b",
    re.IGNORECASE,
)
# "an average of 271,000 a month", "averaging 3%": a mean over a period or a group, not
# the count of one month or one member
_AVERAGE_BEFORE = re.compile(
    rf"\b(?:an?\s+average\s+of|averag(?:e|es|ed|ing)|an?\s+mean\s+of|on\s+average)\s+"
    rf"(?:{_HEDGE}\s+)?$",
    re.IGNORECASE,
)
_AVERAGE_AFTER = re.compile(r"^\s*(?:[a-z%]+\s+){0,2}?on\s+average\b", re.IGNORECASE)
_AVERAGE_STEMS = ("averag", "mean")  # a word in every match of the two patterns above
# "by 250", "a rise of 4%": the size of a change, not the level
_CHANGE_BEFORE = re.compile(
    rf"(?:\bby\s+|\b(?:rise|increase|drop|decline|fall|gain|jump|decrease|cut|reduction|"
    rf"surge|slump|loss|growth)\s+of\s+)(?:(?:an?|the)\s+)?(?:{_HEDGE}\s+)?$",
    re.IGNORECASE,
)
# "rose 0.2 percent", "down 1.4 points": a movement verb right before the figure
_MOVED_BEFORE = re.compile(
    rf"\b(?:rose|rises?|rising|risen|fell|falls?|falling|fallen|sank|sunk|(?<!ed\s)(?<!shut\s)(?<!set\s)(?<!put\s)"
    rf"(?<!cut\s)(?<!took\s)(?<!let\s)(?<!hit\s)(?:up|down)|grew|grows?|growing|climb(?:ed|s)?|"
    rf"jump(?:ed|s)?|dropp(?:ed)?|drops?|declin(?:ed|es)|slipp(?:ed)?|slips?|gain(?:ed|s)?|grown|"
    rf"surg(?:ed|es)|soar(?:ed|s)?|plung(?:ed|es)|tumbl(?:ed|es)|slid|dipp(?:ed)?|dips?|"
    rf"eas(?:ed|es)|increas(?:ed|es)|decreas(?:ed|es)|advanc(?:ed|es)|retreat(?:ed|s)?|"
    rf"widen(?:ed|s)?|narrow(?:ed|s)?|shrank|contract(?:ed|s)|"
    rf"(?:edg|inch|tick)(?:ed|es|s)\s+(?:up|down|higher|lower))\s+(?:{_HEDGE}\s+)?$",
    re.IGNORECASE,
)
_MOVED_LOWER = cased(_MOVED_BEFORE)  # for lower-cased text (normalise._scan.folded)
# "the Dow added 300 points", "the index shed 2%": a market's move, before points or percent
_ADDED_BEFORE = re.compile(rf"\b(?:add(?:ed|s)|shed|lost|los(?:es|ing))\s+(?:{_HEDGE}\s+)?$", re.I)
_POINTS = re.compile(
    r"\d\s*(?:%|percent\b|per\s+cent\b|(?:percentage\s+|basis\s+)?points?\b)", re.IGNORECASE
)
# "a 0.2 percent rise", "a 4,000 drop"
_CHANGE_AFTER = re.compile(  # "a 75-basis-point rate hike", "a 2% drop"
    r"^\s*-?\s*(?:%|percent|per\s+cent|percentage[\s-]+points?|basis[\s-]+points?|bps?|"
    r"points?)?\s*-?\s*(?:(?:interest[\s-]+)?rates?\s+)?"
    r"(?:rise|increase|gain|drop|decline|fall|jump|decrease|surge|slump|hike|cut|reduction)\b",
    re.IGNORECASE,
)
# "sank some 50 miles south-west of Pylos": a distance after a verb of movement that names
# where it is measured from says where something happened, not how far a quantity moved
_LENGTH = re.compile(r"(?:\d|\b)(?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|ft)\b", re.I)
_EXPECTED = re.compile(
    r"\b(?:expect\w*|forecast\w*|project(?:ed|ion|ions|s)|predict\w*|anticipat\w*|"
    r"consensus|polled|surveyed|looking\s+for|planned|plans?\s+to|set\s+to|pledg\w*|"
    r"promis\w*|vow\w*)\b",
    re.IGNORECASE,
)
_EXPECTED_STEMS = (  # a word in every match of _EXPECTED (normalise._scan.may_hold)
    "expect",
    "forecast",
    "project",
    "predict",
    "anticipat",
    "consensus",
    "polled",
    "surveyed",
    "looking",
    "plan",
    "set",
    "pledg",
    "promis",
    "vow",
)
# "permission had been granted for 8,000 people", "a capacity of 50,000": a limit, not a count;
# read only in the figure's own words (after the figure before it)
_PERMITTED_BEFORE = re.compile(r"\b(?:permission|permitted|capacity)\b", re.IGNORECASE)
_PERMITTED_STEMS = ("permi", "capacity")
_WILL = re.compile(r"\b(?:will|would|shall)\b", re.IGNORECASE)
_WILL_REACH = 25  # "will free 50", "would leave an estimated 190": the figure's own verb
_EXPECTED_AFTER = re.compile(
    r"^[^.;,]{0,30}?\b(?:(?:are|is|were|was)\s+(?:expected|due|set|scheduled)\s+to|"
    r"to\s+be\s+\w+ed|will\s+be|would\s+be|(?:had\s+)?(?:expected|forecast|predicted|"
    r"projected|anticipated|allowed|permitted))\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.!?;:]\s|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
# words every match of the pattern contains (normalise._scan.may_hold skips the rest)
_PREVIOUS_BEFORE_STEMS = ("from", "versus", "vs", "compared", "against")
_PREVIOUS_AFTER_STEMS = ("earlier", "ago", "before", "previous", "prior", "preceding")
_CHANGE_BEFORE_STEMS = ("by", "of")
_CLAUSE_END_STEMS = ("but", "while", "whereas")
_CLAUSE_MARK = re.compile(r"[.!?;:]\s")  # the rest of what _CLAUSE_END finds
_CLAUSE_WORD_LOWER = cased(re.compile(r"\b(?:but|while|whereas)\b", re.IGNORECASE))
_TO_FIGURE = re.compile(r"\bto\s+\S*\d")
_DIGIT_FIGURE = re.compile(r"\d[\d,.]*\s*(?:%|percent|per\s+cent)?")


# "rose 303.7 points, or 1%, to 30,668": ", or" restates the figure before in another unit
# (the first figure's unit words may lie between: " points, or ")
_RESTATES = re.compile(
    r"(?:\s*[a-z%]+){0,3}\s*,\s*or\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+)?",
    re.IGNORECASE,
)


def read_role(text: str, start: int, end: int, restated: bool = False) -> Role | None:
    """The figure at text[start:end] as a previous value, a change or a forecast; None = a level.

    A figure that restates the one before it (", or 1%") takes that figure's role:
    a change given in points and in percent is one change, written twice.
    """
    clause = _clause_before(text, start)
    before = _last_figure(clause)
    # the clause after its last other figure: "rose by 250 to 237,500" gives 237,500 " to "
    own = clause[before[1] :] if before is not None else clause
    if not restated and before is not None and _RESTATES.fullmatch(own):
        offset = start - len(clause)
        return read_role(text, offset + before[0], offset + before[1], restated=True)
    after = text[end : end + _AFTER]
    # each window lower-cased once, for the word tests below (normalise._scan)
    own_lower, after_lower = folded(own), folded(after)
    if (holds(own_lower, _AVERAGE_STEMS) or holds(after_lower, _AVERAGE_STEMS)) and (
        _AVERAGE_BEFORE.search(own[-_AVERAGE_REACH:]) or _AVERAGE_AFTER.search(after)
    ):
        return "average"
    if (
        holds(own_lower, _PREVIOUS_BEFORE_STEMS)
        and _PREVIOUS_BEFORE.search(own)
        and (_CHANGE_WORDS.search(clause) or _TO_FIGURE.search(clause))
    ):
        return "previous"
    if holds(after_lower, _PREVIOUS_AFTER_STEMS) and _PREVIOUS_AFTER.search(after):
        return "previous"
    # a change's words end the clause and are at most five ("a rise of an estimated "): their
    # searches start at those last words (normalise._scan.last_words)
    if (
        holds(own_lower, _CHANGE_BEFORE_STEMS)
        and _CHANGE_BEFORE.search(own, last_words(own, 0, len(own), 5))
        and (not own.rstrip().lower().endswith("by") or _CHANGE_WORDS.search(own))
    ):
        return "change"
    tail = last_words(own, 0, len(own), 4)  # "edged up more than "
    if own_lower is None:
        found = _MOVED_BEFORE.search(own, tail)
    else:
        found = _MOVED_LOWER.search(own_lower, tail)
    # before a count, "added" is a verb of saying: "he added 50 were hurt"
    moved = bool(found) or bool(_ADDED_BEFORE.search(own) and _POINTS.search(text, start, end + 12))
    if moved and _LENGTH.search(text, start, end) and ANCHOR.match(after):
        moved = False  # "sank about 80km (50 miles) from the coast": where, not how far it fell
    if moved or _CHANGE_AFTER.search(after):
        return "change"
    expected = may_hold(clause, _EXPECTED_STEMS) and _EXPECTED.search(clause)
    expected = expected or (holds(own_lower, _PERMITTED_STEMS) and _PERMITTED_BEFORE.search(own))
    if expected or _WILL.search(own[-_WILL_REACH:]):
        return "expected"
    if _EXPECTED_AFTER.search(after):
        return "expected"
    return None


def _clause_before(text: str, start: int) -> str:
    """The figure's clause up to it: no earlier sentence or clause is read."""
    window = text[max(0, start - _WINDOW) : start]
    lower = folded(window)
    if lower is None:
        cut = 0
        for match in _CLAUSE_END.finditer(window):
            cut = match.end()
        return window[cut:]
    # _CLAUSE_END's last match, from its two kinds (they never overlap): the last mark, and
    # the last clause word, found backwards from each word's last place (str.rfind in C)
    cut = 0
    for mark in _CLAUSE_MARK.finditer(window):
        cut = mark.end()
    for word in _CLAUSE_END_STEMS:
        at = lower.rfind(word, cut)
        while at >= cut:
            if _CLAUSE_WORD_LOWER.match(lower, at):
                cut = at + len(word)
                break
            at = lower.rfind(word, cut, at)
    return window[cut:]


def _last_figure(clause: str) -> tuple[int, int] | None:
    """Offsets in `clause` of its last figure before the clause's own words (one that ends
    at the clause's end is the figure itself, not another)."""
    last = None
    for match in _DIGIT_FIGURE.finditer(clause):
        if match.end() < len(clause) - 1:
            last = (match.start(), match.end())
    return last
