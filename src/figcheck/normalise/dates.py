"""Relative and absolute date expressions resolved against the publication date.

Regular expressions find the expressions (dateparser.search is far slower and
reads "one" or "may" as dates); _calendar.py picks the calendar date. A span
covers the expression and its lead word ("on Wednesday", "last August",
"since February 24, 2022"). Month and year mentions resolve to their first
day. Without a publication date, only expressions that carry a year resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from figcheck.normalise._calendar import (
    SEASONS,
    WEEKDAYS,
    day_for,
    month_for,
    month_number,
    season_for,
    shift,
    weekday_for,
)
from figcheck.normalise._numwords import WORD_NUMBER, parse_words
from figcheck.normalise._scan import (
    AGO_WORDS,
    DAY_WORDS,
    MONTH_WORDS,
    RELATIVE_WORDS,
    SINCE_STEMS,
    SINCE_WORDS,
    Scan,
    cased,
    finditer_at,
    finditer_in,
    last_words,
    may_hold,
    scan,
    search_folded,
)


class DateMention(NamedTuple):
    """A date expression; granularity is "day", "week", "month" or "year".

    "event" granularity (date None, kind "since") marks a start named only by
    its event: "since the start of the Russian invasion".

    A named tuple: many are built per article, in a third of the time a frozen dataclass takes.
    """

    start: int
    end: int
    # Resolved day (first day of the month/year for coarse mentions); None if unresolvable.
    date: dt.date | None
    granularity: str  # "day" | "week" | "month" | "year" | "event"
    kind: str  # "point" ("on Wednesday", "last August") | "since" ("since February 24, 2022")
    text: str = ""


_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
    r"(?![a-z])"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
# "on 24 February last year", "in March this year": the year, relative to publication.
_REL_YEAR = r"(?:,?\s+(?P<rel>last|this|next)\s+year\b)"
_REL_OFFSET = {"last": -1, "this": 0, "next": 1}
# Lead words change which date is meant ("last August") or the kind ("since").
_LEAD = re.compile(
    r"\b(?P<lead>since|on|in|last|this|next|by|until|till|from|during|throughout|"
    r"before|after|between|early|late|mid|the\s+end\s+of|end\s+of|the\s+start\s+of|start\s+of|"
    r"the\s+beginning\s+of|beginning\s+of|the\s+middle\s+of|over|of)(?:\s+|-)$",
    re.IGNORECASE,
)
_LEAD_LOWER = cased(_LEAD)  # for folded() text
_SINCE_BEFORE = re.compile(r"(?i:\bsince\b)(?!\s+then\b)[^.;!?\n,]{0,60}$")
_NEEDS_LEAD = {"month", "season", "year"}

Resolver = Callable[[re.Match[str], str, dt.date | None], tuple[dt.date | None, str]]


def _absolute(m: re.Match[str], lead: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    groups = m.groupdict()
    month = month_number(groups["month"]) if groups.get("month") else int(groups["mnum"])
    if groups.get("day") is None:
        return dt.date(int(groups["year"]), month, 1), "month"
    day = int(groups["day"])
    year_text = groups.get("year")
    if groups.get("rel") and published is not None:
        year_text = str(published.year + _REL_OFFSET[groups["rel"]])
    try:
        if year_text is not None:
            year = int(year_text)
            return dt.date(year + 2000 if year < 100 else year, month, day), "day"
    except ValueError:
        return None, "day"
    return (day_for(month, day, published) if published else None), "day"


def _month(m: re.Match[str], lead: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    if published is None:
        return None, "month"
    month = month_number(m.group("month"))
    if rel := m.group("rel"):
        return dt.date(published.year + _REL_OFFSET[rel], month, 1), "month"
    return month_for(month, lead, published), "month"


def _weekday(m: re.Match[str], lead: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    if published is None:
        return None, "day"
    return weekday_for(WEEKDAYS[m.group("weekday").lower()], lead, published), "day"


def _season(m: re.Match[str], lead: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    month = SEASONS[m.group("season").lower()]
    if m.group("year"):
        return dt.date(int(m.group("year")), month, 1), "month"
    return (season_for(month, lead, published) if published else None), "month"


def _year(m: re.Match[str], lead: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    return dt.date(int(m.group("year")), 1, 1), "year"


_OFFSETS = {"last": 1, "past": 1, "previous": 1, "this": 0, "next": -1}
_DAYS = {"yesterday": 1, "today": 0, "tonight": 0, "tomorrow": -1}


def _day_word(m: re.Match[str], lead: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    if published is None:
        return None, "day"
    return shift(published, "day", _DAYS[m.group("word").lower()])


def _relative(m: re.Match[str], lead: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    unit = m.group("unit").lower()
    if published is None:
        return None, unit
    if count := m.groupdict().get("count"):
        amount = float(count) if count.isdigit() else parse_words(count) or 1.0
        if not amount.is_integer():
            return None, unit  # "two and a half years ago": no one day
        return shift(published, unit, int(amount))
    return shift(published, unit, _OFFSETS[m.group("which").lower()])


def _compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# (kind of expression, pattern, resolver): earlier and longer matches win overlaps.
_PATTERNS: list[tuple[str, re.Pattern[str], Resolver]] = [
    ("day", _compile(r"\b(?P<year>\d{4})-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)\b"), _absolute),
    # "4/2/2023" is read day first, as outside the US (and as Reuters and the BBC write).
    (
        "day",
        _compile(r"(?<![\d/.])(?P<day>[0-3]?\d)[/.](?P<mnum>[01]?\d)[/.](?P<year>\d{4})(?![\d/])"),
        _absolute,
    ),
    (
        "day",
        _compile(
            rf"(?:{_WEEKDAY},?\s+)?(?P<month>{_MONTH})\s+{_DAY}(?![\d%]|:\d)(?!,\d{{3}})"
            rf"(?:,?\s+{_YEAR}|{_REL_YEAR})?"
        ),
        _absolute,
    ),
    (
        "day",
        _compile(
            rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?<![\d.,]){_DAY}(?:\s+of)?\s+(?P<month>{_MONTH})"
            rf"(?:,?\s+{_YEAR}|{_REL_YEAR})?"
        ),
        _absolute,
    ),
    ("day", _compile(rf"\b(?P<month>{_MONTH})\.?,?\s+{_YEAR}"), _absolute),
    ("month", _compile(rf"\b(?P<month>{_MONTH}){_REL_YEAR}?"), _month),
    (
        "season",
        _compile(
            r"(?i:\b(?:the\s+)?\b(?P<season>spring|summer|autumn|fall|winter)\b)"
            rf"(?:\s+(?:of\s+)?{_YEAR})?"
        ),
        _season,
    ),
    (
        "day",
        _compile(
            rf"\b(?P<weekday>{_WEEKDAY})(?:['’]s)?"
            r"(?:\s+(?i:night|morning|evening|afternoon))?\b"
        ),
        _weekday,
    ),
    ("day", _compile(r"\b(?P<word>yesterday|today|tonight|tomorrow)\b", re.I), _day_word),
    (
        "day",
        _compile(rf"\b(?:the\s+)?(?P<which>last|past|previous|this|next)\s+{_UNIT}\b", re.I),
        _relative,
    ),
    (
        "ago",
        _compile(rf"\b(?P<count>\d+|an?|{WORD_NUMBER})\s+{_UNIT}\s+ago\b", re.I),
        _relative,
    ),
    ("year", _compile(rf"\b{_YEAR}\b(?!['’]?s\b|[-–]\d)"), _year),
]


_NONE: frozenset[str] = frozenset()


class _Anchor(NamedTuple):
    """What every match of a pattern above holds, so it runs only where a match can be.

    words, digits: the words (lower-cased tokens) or digits each match holds; the pattern
    runs in windows around them. opens: every match starts at one of those tokens, so
    the pattern is tried at them only (for month names: at each token holding one as
    written, Scan.month_starts, where a cased "\\b" and month name can open). needs:
    what every match holds inside it, searched for in the digit windows before the
    pattern (as figures' masks do): most texts hold no "2023-02-04" nor "4/2/2023".
    """

    words: frozenset[str]
    digits: bool
    opens: bool = False
    needs: re.Pattern[str] | None = None


_ANCHORS: list[_Anchor] = [
    _Anchor(_NONE, True, opens=True, needs=re.compile(r"-\d{1,2}-")),
    _Anchor(_NONE, True, needs=re.compile(r"[/.]\d{1,2}[/.]\d")),
    _Anchor(MONTH_WORDS, False),
    _Anchor(MONTH_WORDS, False),
    _Anchor(MONTH_WORDS, False, opens=True),  # "\b" and a month name, as written
    _Anchor(MONTH_WORDS, False, opens=True),
    _Anchor(frozenset(SEASONS), False),
    _Anchor(frozenset(WEEKDAYS), False, opens=True),
    _Anchor(DAY_WORDS, False, opens=True),
    _Anchor(RELATIVE_WORDS, False),
    _Anchor(_NONE, True),  # "ago": searched from each "ago" instead (_matches)
    _Anchor(_NONE, True, opens=True),
]


def _spans(tokens: Scan, words: frozenset[str], digits: bool) -> list[tuple[int, int]]:
    """Where a pattern anchored on `words` (or digits) can match, once per text and anchor."""
    if words is MONTH_WORDS:  # a month name may start inside a token: "AugustFebruary 4"
        return tokens.windows("months", lambda: sorted({*tokens.month_tokens(), *tokens.unfolded}))
    if not words:
        return tokens.windows("digits", lambda: tokens.digits)
    return tokens.windows((words, digits), lambda: tokens.anchored(words, digits))


def _lead(text: str, start: int) -> tuple[str, int]:
    """The lead word right before a date ("since", "last", "end of") and where it starts."""
    # a lead is at most three words ("the end of"): its search skips the rest of the reach
    at = last_words(text, max(0, start - 30), start, 3)
    found = search_folded(_LEAD, _LEAD_LOWER, text, at, start)
    if found is None:
        return "", start
    match, shift = found
    lead = " ".join(match.group("lead").lower().split()).removeprefix("the ")
    return lead, match.start() + shift


def _candidates(text: str, published: dt.date | None, tokens: Scan | None) -> list[DateMention]:
    found: list[DateMention] = []
    # the patterns with `needs` anchor on digits and match inside the digit windows (those
    # that open at a digit too: a match holds no space), their needs inside their match
    windowed = tokens.within("digits", lambda: tokens.digits) if tokens else text
    for (kind, pattern, resolve), anchor in zip(_PATTERNS, _ANCHORS, strict=True):
        if anchor.needs is not None and anchor.needs.search(windowed) is None:
            continue
        for m in _matches(kind, pattern, text, anchor, tokens):
            lead, start = _lead(text, m.start())
            if kind in _NEEDS_LEAD and lead in {"", "of"} and not _self_anchored(m):
                continue  # "March", "fall", "2000" alone are too often not dates
            date, granularity = resolve(m, lead, published)
            end = m.end()
            mention_kind = "since" if lead == "since" else "point"
            found.append(DateMention(start, end, date, granularity, mention_kind, text[start:end]))
    return found


_AGO = re.compile(r"\bago\b", re.IGNORECASE)


def _words_at(
    pattern: re.Pattern[str], words: frozenset[str], text: str, tokens: Scan | None
) -> list[re.Match[str]]:
    """pattern.finditer(text) for a pattern that opens with a word boundary and one of
    `words`: tried at those tokens only when the text has been scanned."""
    if tokens is None:
        return list(pattern.finditer(text))
    return finditer_at(pattern, text, [tokens.starts[i] for i in tokens.anchored(words)])


def _matches(
    kind: str, pattern: re.Pattern[str], text: str, anchor: _Anchor, tokens: Scan | None
) -> list[re.Match[str]]:
    """All matches; "N years ago" is only tried just before an "ago" (number words are costly).

    Every pattern but "ago" runs only around the words it cannot do without (a month, a
    weekday, a digit...: see _scan.py), or at them; without `tokens`, over the whole text.
    """
    if kind != "ago":
        if tokens is None:
            return list(pattern.finditer(text))
        if anchor.opens and anchor.words is MONTH_WORDS:
            return finditer_at(pattern, text, tokens.month_starts())
        if anchor.opens:
            at = tokens.digits if anchor.digits else tokens.anchored(anchor.words)
            return finditer_at(pattern, text, [tokens.starts[i] for i in at])
        return finditer_in(pattern, text, _spans(tokens, anchor.words, anchor.digits))
    found: list[re.Match[str]] = []
    previous = 0
    for ago in _words_at(_AGO, AGO_WORDS, text, tokens):
        if m := pattern.search(text, max(previous, ago.start() - 80), ago.end()):
            found.append(m)
        previous = ago.end()
    return found


def _self_anchored(m: re.Match[str]) -> bool:
    """A season with a year ("summer 2022") or a month's possessive ("July's gain") needs no
    lead word: neither reads as anything but a date."""
    groups = m.groupdict()
    if groups.get("season") is not None and groups.get("year") is not None:
        return True
    month = groups.get("month")
    after = m.string[m.end() : m.end() + 2]
    if month is None and groups.get("year") is not None and _YEAR_OF_EVENT.match(m.string, m.end()):
        return True  # "the 2019 election", "the 2020 census": a year that names its event
    return bool(month and month[0].isupper() and after in ("'s", "\u2019s"))


_YEAR_OF_EVENT = re.compile(
    r"\s+(?:(?:general|presidential|parliamentary|national|local|federal|state)\s+)?"
    r"(?:elections?|vote|polls?|census|referendum|season|budget|campaign|games|olympics|race|"
    r"(?:earth)?quakes?|floods?|storms?|hurricanes?|cyclones?|tsunami|wildfires?|attacks?|"
    r"bombings?|crash|war|uprising|protests?|riots?|pandemic|outbreak|crisis|summit)\b"
)


def _since(text: str, mention: DateMention, earlier_end: int) -> DateMention:
    """'since the start of the invasion in February 2022': a running total's start, said loosely."""
    if mention.kind == "since":
        return mention
    window_start = max(earlier_end, mention.start - 60)
    # most mentions have no "since" before them: a test in C spares the pattern's search
    if not may_hold(text[window_start : mention.start], SINCE_STEMS):
        return mention
    found = _SINCE_BEFORE.search(text, window_start, mention.start)
    if found is None:
        return mention
    start = found.start()
    return DateMention(
        start, mention.end, mention.date, mention.granularity, "since", text[start : mention.end]
    )


# "since the start of the invasion", "since the war began": a running total's start
# named by its event, not its date. Reported with date None so callers still
# know the figure is cumulative (and can date it from elsewhere in the article).
_SINCE_EVENT = re.compile(
    r"\b[Ss]ince\s+(?:the\s+(?:start|beginning|outbreak|onset)\s+of\s+)?"
    r"(?:the\s+|[A-Z][\w’']*\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:war|invasion|conflict|pandemic|attack|offensive|crisis|fighting|occupation|"
    r"hostilities|uprising|revolution|outbreak|siege|blockade|strike|protests?)\b"
    r"(?:\s+(?:began|started|erupted|broke\s+out))?"
)


def _event_since(text: str, chosen: list[DateMention], tokens: Scan | None) -> list[DateMention]:
    """Event-named starts that no date mention follows in the same clause."""
    found: list[DateMention] = []
    for m in _words_at(_SINCE_EVENT, SINCE_WORDS, text, tokens):
        dated = any(
            0 <= d.start - m.end() <= 40 and not re.search(r"[.;!?\n]", text[m.end() : d.start])
            for d in chosen
        )
        inside = any(d.start <= m.start() < d.end for d in chosen)
        if not dated and not inside:
            found.append(DateMention(m.start(), m.end(), None, "event", "since", m.group()))
    return found


def find_dates(
    text: str, published: dt.date | None, tokens: Scan | bool | None = True
) -> list[DateMention]:
    """Date expressions in text (a sentence or a whole article), resolved against `published`.

    `tokens`: the text's scan when the caller has one; False runs every pattern over the
    whole text (the reference the windowed scan is tested against).
    """
    scanned = scan(text) if tokens is True else tokens or None
    chosen: list[DateMention] = []
    candidates = _candidates(text, published, scanned)
    for mention in sorted(candidates, key=lambda d: (d.start, -d.end)):
        if chosen and mention.start < chosen[-1].end:
            continue
        chosen.append(mention)
    resolved = [
        _since(text, mention, chosen[i - 1].end if i else 0) for i, mention in enumerate(chosen)
    ]
    return sorted(resolved + _event_since(text, resolved, scanned), key=lambda d: d.start)
