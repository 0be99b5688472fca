"""What a claim counts, read from its measure, quote and sentence.

link and crosscheck both need the same reading of a claim (whose people, what
happened to them, what kind of thing, is it a part of a larger figure), so it
is computed once here. Every feature may be None: the callers treat an
unknown feature as "cannot decide", never as a match.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from figcheck.models import Article, Claim, Scope
from figcheck.normalise._figpatterns import COORDINATION_GAP
from figcheck.normalise._numwords import TENS, UNITS
from figcheck.normalise._qualifiers import PREFIXES
from figcheck.normalise._scan import cased, finditer_folded, folded
from figcheck.read._lexicon import (
    ACTION_WORDS,
    CAPTIVE_STATES,
    CAPTIVITY_RE,
    COUNTRY_DEMONYM,
    DEMONYMS,
    EACH_RE,
    MAJORITY_RE,
    MAYBE_SAME_PEOPLE,
    MEMBERSHIP_RE,
    NAME_STOPWORDS,
    NOT_NOW_RE,
    NOUN_WORDS,
    PARTITIVE_AFTER_RE,
    PARTITIVE_BEFORE_RE,
    PEOPLE_CLASSES,
    STOPWORDS,
    SUPERLATIVE_RE,
    UNIT_WORDS,
    WEAK_ACTION_WORDS,
    WON_MAJORITY_RE,
)
from figcheck.read._measures import NUMBER, POSSESSIVE_S, non_count, read_place, read_unit
from figcheck.read._stories import mid_sentence_names, normal_name

# the punctuation comes first so the engine scans for it instead of trying four
# lookbehinds at every character (the lookbehinds' "." is the punctuation itself)
_SENTENCE_END = re.compile(r"[.!?](?<!\bMr.)(?<!\bMrs.)(?<!\bDr.)(?<!\bSt.)[\"”’)]*\s+|\n")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_POSSESSIVE = re.compile(r"\b(our|its|their)\b", re.IGNORECASE)
_SPEAKER = re.compile(
    r"\b([A-Z][a-z]+)(?:'s|’s)?\s+(?:\w+\s+){0,2}?"
    r"(?:president|presidency|ministry|minister|army|government|official|officials|office"
    r"|commissioner|ombudsman|authorities|forces|military|spokesman|spokeswoman)\b",
    re.IGNORECASE,
)


def _compile_words(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


_ACTION_OF: dict[str, tuple[int, str]] = {}
for _order, (_name, _words) in enumerate(ACTION_WORDS.items()):
    for _w in _words:
        _ACTION_OF.setdefault(_w.lower(), (_order, _name))
_ANY_ACTION = _compile_words(tuple(_ACTION_OF))
_ANY_ACTION_LOWER = cased(_ANY_ACTION)  # normalise._scan.finditer_folded
_DEMONYM_RE = re.compile(
    r"\b(" + "|".join(sorted(DEMONYMS, key=len, reverse=True)) + r")s?\b", re.I
)
_DEMONYM_PLURAL = re.compile(
    r"\b(?:" + "|".join(sorted(DEMONYMS, key=len, reverse=True)) + r")s\b", re.IGNORECASE
)
# the same, case-sensitive, for lower-cased text (normalise._scan.folded)
_DEMONYM_LOWER = cased(re.compile(_DEMONYM_RE.pattern.lower(), _DEMONYM_RE.flags))
_DEMONYM_PLURAL_LOWER = cased(re.compile(_DEMONYM_PLURAL.pattern.lower(), _DEMONYM_PLURAL.flags))

# sentences and texts read per claim; enough for the claims of any article (reuse is within
# one article), small enough that a 50,000-article run does not keep every sentence
_MEMO = 8192


@lru_cache(maxsize=_MEMO)
def _names_demonym_plural(text: str) -> bool:
    """Memoised: a 70-way alternation is slow and measures repeat across claims."""
    lower = folded(text)
    if lower is None:
        return _DEMONYM_PLURAL.search(text) is not None
    return _DEMONYM_PLURAL_LOWER.search(lower) is not None


_COUNTRY_RE = re.compile(
    r"\b(" + "|".join(sorted(COUNTRY_DEMONYM, key=len, reverse=True)) + r")\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    """A claim's coarse reading: enough to bucket, link and relate figures."""

    side: str | None  # demonym of whose people ("ukrainian"), "each" for per-side bounds
    action: str | None  # ACTION_WORDS class ("returned", "killed", ...)
    noun: str | None  # NOUN_WORDS class ("military", "people", "events", ...)
    unit: str | None  # "percent", "money" or None for counts
    part: bool  # a subset of a larger figure stated nearby ("87 of those freed")
    membership: bool  # the part is assigned to a category ("were from ..."): parts add up
    majority: bool  # "a majority of 87": the part is more than half of its whole
    superlative: bool  # the sentence calls the event the largest/record/...
    windowed: bool  # ... within a window it names ("since 1994", "in two decades")
    date: dt.date | None  # as_of, else the article's publication date
    date_assumed: bool  # True when `date` came from the publication date
    since: tuple[int, int] | None  # (year, month) a running total starts
    sentence: tuple[int, int]  # bounds of the claim's sentence in the article
    descriptor: str  # content words naming the sub-group or thing, for slugs and fuzzy match
    place: str | None = (
        None  # a sub-area named with the figure ("in Ludian county"), not the lead's
    )
    state: str | None = None  # CAPTIVE_STATES class of captives ("released", "held", ...)
    subject: str | None = None  # the name the figure's clause is about ("dow", "s&p")

    @property
    def count(self) -> bool:
        """A count of things (people, homes, money, percent), not a magnitude, age or distance."""
        return not non_count(self.unit)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end): cheap regex splitting, good enough for news prose."""
    starts, stops = _boundaries(text)
    i = bisect.bisect_right(starts, start) - 1
    left = starts[i] if i >= 0 else 0
    j = bisect.bisect_left(stops, end)
    right = stops[j] if j < len(stops) else len(text)
    return left, min(right, len(text))


def sentences_between(text: str, first: int, second: int) -> int:
    """How many non-empty sentences start after offset `first` up to `second`."""
    starts, _ = _boundaries(text)
    lo, hi = bisect.bisect_right(starts, first), bisect.bisect_right(starts, second)
    return sum(1 for s in starts[lo:hi] if s < len(text) and not text[s].isspace())


@lru_cache(maxsize=4096)
def sentence_starts(text: str) -> list[int]:
    """Offsets where non-empty sentences start: a claim's sentence number indexes this."""
    starts, _ = _boundaries(text)
    return [s for s in starts if s < len(text) and not text[s].isspace()] or [0]


@lru_cache(maxsize=4096)
def _boundaries(text: str) -> tuple[list[int], list[int]]:
    """Where sentences start and (one past where they) end, computed once per article."""
    starts, stops = [0], []
    for m in _SENTENCE_END.finditer(text):
        stops.append(m.start() + 1)
        starts.append(m.end())
    return starts, stops


Vocabulary = dict[str, tuple[int, str]]  # word or phrase -> (class order, class)
_TOKEN = re.compile(r"[a-z]+")


def _first_class(vocabulary: Vocabulary, text: str, *, by_position: bool) -> str | None:
    """The class named in text: first in list order, or first by position in the text.

    Looks words and two/three-word phrases up in a dict: far faster than one
    regex alternation of a hundred words, which matters at 50k claims.
    """
    words = _TOKEN.findall(text.lower())
    best: tuple[int, str] | None = None
    for i, word in enumerate(words):
        hit = None
        if word in _PHRASE_STARTS:
            for size in (3, 2):
                hit = vocabulary.get(" ".join(words[i : i + size]))
                if hit:
                    break
        hit = hit or vocabulary.get(word)
        if hit is None:
            continue
        if by_position:
            return hit[1]
        if best is None or hit[0] < best[0]:
            best = hit
    return best[1] if best else None


@lru_cache(maxsize=_MEMO)
def _class_of(vocabulary: str, text: str, *, by_position: bool) -> str | None:
    """_first_class of a named vocabulary, memoised: quotes and measures repeat across claims."""
    return _first_class(_VOCABULARIES[vocabulary], text, by_position=by_position)


def _vocabulary(classes: dict[str, tuple[str, ...]]) -> Vocabulary:
    vocabulary: Vocabulary = {}
    for order, (name, words) in enumerate(classes.items()):
        for word in words:
            vocabulary.setdefault(word, (order, name))
            if " " in word:
                _PHRASE_STARTS.add(word.split()[0])
    return vocabulary


_PHRASE_STARTS: set[str] = set()


def _nearest_action(sentence: str, offset: int, end: int) -> str | None:
    """Action word nearest the figure in its sentence, for thin measures.

    A word with another figure between it and this one belongs to that figure
    ("rises to 350 with 2,068 injured": "injured" is the 2,068's).
    """
    best: tuple[int, int, str] | None = None
    for start, stop, order, name in _action_hits(sentence):
        if stop <= offset:
            distance, between = offset - stop, sentence[stop:offset]
            if _AMONG_BEFORE.search(between):
                continue  # "several deaths among the 56,000 who made the pilgrimage": a whole
        elif start >= end:
            if _governs(sentence, stop):
                continue  # "overturned, killing at least 36": the 36's word, not this one's
            distance, between = start - end, sentence[end:start]
        else:
            distance, between = 0, ""
        if start < end and (
            _LIST_AFTER_HEADER.search(between) or _LIST_AFTER_FIRST.fullmatch(between)
        ):
            # "seats ...: ANC 159, DA 87": the header word counts every item; "41 deaths,
            # Georgia 33, Florida 19": the first item's word counts the items after it
            between = ""
        if NUMBER.search(_past_appositive(between) if start >= end else between):
            continue
        if best is None or (distance, order) < best[:2]:
            best = (distance, order, name)
    return best[2] if best else None


# a list after its header's colon, up to this item: "the allocation of seats is: ANC 159,
# DA 87" (names and their figures, then this item's name)
_LIST_AFTER_HEADER = re.compile(
    r":(?:\s*[A-Z][\w.&'’-]*(?:\s+[\w.&'’-]+){0,3}\s+\d[\d,.]*\s*,)*"
    r"\s*(?:and\s+)?[A-Z][\w.&'’-]*(?:\s+[\w.&'’-]+){0,3}\s*$"
)


# the items of a list after its first, up to this item's name: ", Georgia 33, Florida "
_LIST_AFTER_FIRST = re.compile(
    r"(?:,\s+(?:and\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}\s+\d(?:[\d,.]*\d)?)*"
    r"(?:,\s+|\s+and\s+|,\s+and\s+)[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}\s+"
)


# the figure is the whole an action happened among, not the count of it
_AMONG_BEFORE = re.compile(r"\b(?:among|out\s+of)\s+(?:the\s+|its\s+|their\s+)?$", re.I)
# between an action word and the figure it governs ("deaths of", "killing at least"), not
# a figure of another kind ("jobless for 27 weeks")
_GOVERNED_GAP = re.compile(
    r"\s+(?:of\s+)?(?:(?:"
    + "|".join(re.escape(p) for p in sorted(PREFIXES, key=len, reverse=True))
    + r")\s+)?",
    re.IGNORECASE,
)


# a breakdown set off by commas after a figure: "121 people, more than 100 of them women
# and seven children, died" - its figures are parts, the verb after it is the whole's
_APPOSITIVE = re.compile(
    r"^(?P<head>[^,]{0,30}),[^,]*\b(?:of\s+them|among\s+them|including|mostly|most\s+of\s+them)"
    r"\b[^,]*,(?P<tail>[^,]{0,30})$",
    re.IGNORECASE,
)


def _past_appositive(between: str) -> str:
    """The text between a figure and a later word, less a breakdown set off by commas."""
    m = _APPOSITIVE.match(between)
    return m.group("head") + m.group("tail") if m else between


@lru_cache(maxsize=4096)
def _action_hits(sentence: str) -> tuple[tuple[int, int, int, str], ...]:
    """Every action word of a sentence in one pass (one alternation, not one per class),
    with its class and the class's rank; memoised: a sentence's figures share it."""
    hits = []
    for start, end in finditer_folded(_ANY_ACTION, _ANY_ACTION_LOWER, sentence):
        word = sentence[start:end]
        if word == "March" and start > 0:
            continue  # the month, not a march
        order, name = _ACTION_OF[" ".join(word.lower().split())]
        hits.append((start, end, order, name))
    return tuple(hits)


@lru_cache(maxsize=_MEMO)
def _demonym(text: str) -> str | None:
    lower = folded(text)
    m = _DEMONYM_RE.search(text) if lower is None else _DEMONYM_LOWER.search(lower)
    return text[m.start(1) : m.end(1)].lower() if m else None


def _speaker_side(sentence: str, source: str | None) -> str | None:
    """Nationality of whoever says "our": the source, or "Ukrainian President ..." nearby."""
    if source:
        side = _demonym(source) or _country_side(source)
        if side:
            return side
    for m in _SPEAKER.finditer(sentence):
        word = m.group(1).lower()
        if word in DEMONYMS:
            return word
        if word in COUNTRY_DEMONYM:
            return COUNTRY_DEMONYM[word]
    return None


def side_named(text: str) -> str | None:
    """The nationality a phrase names: "Russian Defense Ministry", "Ukraine's presidency"."""
    return _demonym(text) or _country_side(text)


@lru_cache(maxsize=_MEMO)
def _country_side(text: str) -> str | None:
    m = _COUNTRY_RE.search(text)
    return COUNTRY_DEMONYM[m.group(1).lower()] if m else None


_FROM_COUNTRY = re.compile(r"\s+from\s+((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})")
# "53 of the passengers were Nepalese", "12 were from Thailand": whose they are, said of them
_SAID_OF = re.compile(
    r"\s+(?:were|are|was|is)\s+(?:all\s+|also\s+)?(from\s+)?"
    r"((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})"
)


def _side(claim: Claim, sentence: str, offset: int) -> str | None:
    quote = claim.quote
    side = _demonym(quote)
    if side:
        return side
    side = _demonym(claim.measure)
    if side:
        return side
    origin = _FROM_COUNTRY.match(sentence, offset + len(quote))
    if origin:
        # "165 people from Indonesia, 98 from India": where the counted come from
        side = _country_side(origin.group(1))
        if side:
            return side
    said = _SAID_OF.match(sentence, offset + len(quote))
    if said:
        name = said.group(2)
        side = _country_side(name) if said.group(1) else _demonym(name)
        if side:
            return side
    possessive = _POSSESSIVE.search(quote)
    if possessive:
        if possessive.group(1).lower() == "our":
            return _speaker_side(sentence, claim.source)
        # "its citizens": the country named last before the figure
        before = sentence[:offset]
        countries = list(_COUNTRY_RE.finditer(before))
        if countries:
            return COUNTRY_DEMONYM[countries[-1].group(1).lower()]
    return None


def _descriptor(claim: Claim, text: str, sentence_end: int, before: str = "") -> str:
    """Content words of the measure, or of the clause after a part's figure.

    A measure that only names a unit ("percentage points") says nothing of what
    is measured; the clause before the figure does ("the labor force
    participation rate rose to 62.8 percent"), less its verbs and dates.
    """
    described = _content_words(claim.measure)
    if described and set(described.split()) <= UNIT_WORDS and before:
        subject = _subject_words(before)
        if subject:
            return subject
    if described:
        return described
    tail = text[claim.end : sentence_end].lower()
    return " ".join([w for w in _WORD.findall(tail) if w not in STOPWORDS][:6])


_CLAUSE_BREAK = re.compile(r"[,;:()\u2014]")


@lru_cache(maxsize=_MEMO)
def _subject_words(before: str) -> str:
    """Content words of the clause that ends where a figure starts, verbs left out."""
    # the nearest clause that names something: in "the Dow rose 303.7 points, or 1%, to
    # 30,668" the figure's own clauses (" or 1%", " to ") name nothing
    for clause in reversed(_CLAUSE_BREAK.split(before.lower())):
        words = [
            w
            for w in _WORD.findall(clause)
            if w not in STOPWORDS
            and w not in NAME_STOPWORDS
            and w not in UNIT_WORDS
            and not w.endswith("ed")
        ]
        if words:
            return " ".join(words[-5:])
    return ""


@lru_cache(maxsize=_MEMO)
def _content_words(measure: str) -> str:
    """Memoised: measures repeat across claims."""
    return " ".join(w for w in _WORD.findall(measure.lower()) if w not in STOPWORDS)


_REACH = 400  # a figure's context: its sentence, cut to this many characters each side


@lru_cache(maxsize=_MEMO)
def _window_flags(
    text: str, start: int, end: int
) -> tuple[bool, bool, bool, bool, bool, bool, int, int]:
    s0, s1 = sentence_bounds(text, start, end)
    # a "sentence" of 100 KB (one unpunctuated paragraph) would make every per-figure scan
    # quadratic; news sentences are far shorter, so the reach only bounds hostile text
    s0, s1 = max(s0, start - _REACH), min(s1, end + _REACH)
    before = text[max(s0, start - 80) : start]
    after = text[end : min(s1, end + 60)]
    quote = text[start:end]
    part = bool(PARTITIVE_AFTER_RE.match(after)) or _breakdown_before(before)
    part = part or bool(PARTITIVE_AFTER_RE.match(quote[_leading_figure_end(quote) :]))
    sentence = text[s0:s1]
    each = bool(EACH_RE.search(text[max(s0, start - 40) : min(s1, end + 15)]))
    majority = bool(MAJORITY_RE.search(text[max(s0, start - 20) : end])) or _won_majority(
        text[max(s0, start - _MAJORITY_REACH) : start]
    )
    membership, superlative, windowed = _sentence_flags(sentence)
    return (part, membership, each, majority, superlative, windowed, s0, s1)


_MAJORITY_REACH = 100  # "won a majority in the National Assembly, taking 159 seats"


def _won_majority(before: str) -> bool:
    """The clause before a figure says its party won or holds a majority, now."""
    matches = list(WON_MAJORITY_RE.finditer(before))
    if not matches:
        return False
    won = matches[-1]
    said = before[max(0, won.start() - 40) : won.start()]
    return not NOT_NOW_RE.search(said) and not NOT_NOW_RE.search(before, won.end())


# what may follow a list's last comma before its next figure: nothing but "and" ("..., and
# 10 Thais"), or another item, which opens with its figure ("13 Israelis, 10 Thai citizens
# and one Filipino"); "..., in exchange for 39 prisoners" opens a clause of its own
_LIST_GAP = re.compile(
    rf"\s*(?:(?:and|or|also|another|plus)\s+)*(?:\Z|(?:\d|(?:{'|'.join(UNITS + TENS)})\b))",
    re.IGNORECASE,
)


def _breakdown_before(before: str) -> bool:
    """A breakdown's cue before the figure ("including 13 Israelis and 10 Thais") whose
    list the figure is still in: after the last comma, only "and"/"or" or another item
    opening with its figure may come before it, so "including 13 Israelis and 10 Thais,
    in exchange for 39 prisoners" ends the list."""
    cues = list(PARTITIVE_BEFORE_RE.finditer(before))
    if not cues:
        return False
    cue = cues[-1]
    between = before[cue.end() :]
    comma = max(between.rfind(","), between.rfind(";"))
    return comma < 0 or _LIST_GAP.match(between, comma + 1) is not None


@lru_cache(maxsize=_MEMO)
def _sentence_flags(sentence: str) -> tuple[bool, bool, bool]:
    """Memoised per sentence: a sentence with several figures is searched once."""
    windows = [
        _WINDOWED.match(sentence, m.end(), m.end() + _WINDOW_REACH) is not None
        for m in SUPERLATIVE_RE.finditer(sentence)
    ]
    return bool(MEMBERSHIP_RE.search(sentence)), bool(windows), bool(windows) and all(windows)


# a superlative whose clause bounds its window ("the deadliest hurricane on mainland US
# soil since Katrina", "the largest increase since 1994", "its biggest drop in three
# decades", "the worst of the past 50 years") claims to top only what came after a
# point, which may lie after an earlier, larger event
_WINDOWED = re.compile(
    r"[^,;.]*?\b(?:since|in\s+(?:(?:more\s+than|nearly|almost|over|about)\s+)?"
    r"(?:a|\w+)\s+(?:years?|decades?|centur(?:y|ies))|in\s+(?:years|decades)"
    r"|of\s+the\s+(?:past|last))\b",
    re.IGNORECASE,
)
_WINDOW_REACH = 80  # characters after the superlative word its window may be named in


_DIGITS = re.compile(r"\d(?:[\d,.]*\d)?")
_FIRST_WORD = re.compile(r"\b[a-z]+\b", re.IGNORECASE)


def _leading_figure_end(quote: str) -> int:
    """End of the figure inside a quote: its digits, else its first word ("Eight servicemen")."""
    m = _DIGITS.search(quote) or _FIRST_WORD.search(quote)
    return m.end() if m else 0


_CACHE: dict[tuple[object, ...], Quantity] = {}
_CACHE_LIMIT = 20_000  # enough to read one run's claims twice (eval, gold claims); bounded memory


_ACTIONS = _vocabulary(ACTION_WORDS)
_NOUNS = _vocabulary(NOUN_WORDS)
_VOCABULARIES = {"actions": _ACTIONS, "nouns": _NOUNS}


def read_quantity(claim: Claim, article: Article | None) -> Quantity:
    """Read a claim against its article; without the article only measure and quote are used.

    Memoised on everything the reading depends on, so link and cross_check (which
    sees link's copies of the same claims) read each claim once.
    """
    key = (
        claim.start,
        claim.end,
        claim.quote,
        claim.measure,
        claim.source,
        claim.unit,
        claim.as_of,
        claim.scope,
        claim.since,
        article.text if article else None,
        article.published if article else None,
    )
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        found = _CACHE[key] = _read(claim, article)
    return found


def _read(claim: Claim, article: Article | None) -> Quantity:
    text = article.text if article else ""
    if article and 0 <= claim.start <= claim.end <= len(text):
        part, membership, each, majority, superlative, windowed, s0, s1 = _window_flags(
            text, claim.start, claim.end
        )
    else:
        text = claim.quote
        s0, s1 = 0, len(text)
        part = bool(PARTITIVE_AFTER_RE.match(text[_leading_figure_end(text) :]))
        membership = each = superlative = windowed = False
        majority = bool(MAJORITY_RE.search(text))
    sentence = text[s0:s1]
    offset = max(0, claim.start - s0) if article else 0
    if EACH_RE.search(claim.measure):
        each = True
    described = f"{claim.quote} {claim.measure}"
    before = sentence[max(0, offset - 30) : offset]
    after = sentence[offset + len(claim.quote) : offset + len(claim.quote) + 30]
    unit = read_unit(claim, before, after)
    action = _action(claim, sentence, offset) if not non_count(unit) else None
    noun = _head_noun(claim.quote) or _class_of("nouns", described, by_position=True)
    if noun is None and _names_demonym_plural(described):
        noun = "people"  # "116 Ukrainians"
    if noun is None and article:
        noun = _nearest_noun(
            sentence, offset, offset + len(claim.quote), _names_itself(claim.quote)
        )
    if noun is None and part:
        noun = "people" if action in ("returned", "killed", "injured", "captured") else None
    if non_count(unit):
        part = majority = False
    side = "each" if each else _side(claim, sentence, offset)
    stable = action == "population"  # a population is not dated by the day it is quoted
    date = None if stable else claim.as_of
    assumed = False
    if date is None and claim.scope != Scope.other and article and article.published and not stable:
        date, assumed = article.published, True
    since = (claim.since.year, claim.since.month) if claim.since else None
    return Quantity(
        side=side,
        action=action,
        noun=noun,
        unit=unit,
        part=part,
        membership=membership,
        majority=majority,
        superlative=superlative,
        windowed=windowed,
        date=date,
        date_assumed=assumed,
        since=since,
        sentence=(s0, s1),
        descriptor=_descriptor(claim, text, s1, sentence[max(0, offset - 120) : offset])
        + _aftershock(unit, sentence, offset),
        place=read_place(claim, sentence, offset, article, part) if article else None,
        state=_state(claim, sentence, offset, noun, action),
        # a headline in title case ("Hamas Frees 3 Hostages") capitalises every word
        subject=None
        if _title_case(sentence)
        else _subject(
            sentence[max(0, offset - _SUBJECT_REACH) : offset],
            offset,
            mid_sentence_names(text) if article else frozenset(),
        ),
    )


_SUBJECT_REACH = 120  # characters of the figure's sentence read back for its subject
# a name: capitalised words, joined by "&" or a space ("S&P 500", "Nasdaq Composite")
_CAPITAL = r"[A-Z][\w’'-]*(?:&[A-Z]\w*)?"
_SUBJECT_NAME = re.compile(rf"\b{_CAPITAL}(?:\s+(?:{_CAPITAL}|\d+\b))*")
# a name that speaks ("Powell said", "according to the ministry") is a source, not a subject
_SPEAKS_AFTER = re.compile(
    r"^\s*(?:[’']s\s+\w+\s+)?(?:said|says|told|announced|estimated|reported|noted)\b", re.I
)
_SPEAKS_BEFORE = re.compile(r"\b(?:according\s+to|said|says|told)\s+(?:the\s+)?$", re.I)
_WHERE_BEFORE = re.compile(r"\b(?:in|at|across|into|near|throughout)\s+(?:the\s+)?$", re.I)
_SUBJECT_BREAK = re.compile(r"[;()\u2014]|,\s+(?:and|but|while|whereas)\b")
# a name's short form in brackets: "African National Congress (ANC)", "uMkhonto weSizwe (MK)"
_SHORT_FORM = re.compile(r"(?:\b[A-Za-z][\w’'-]*\s+){1,5}\(([A-Z][A-Z&]{1,6}|[A-Z][a-z]?[A-Z]+)\)")


@lru_cache(maxsize=_MEMO)
def _subject(before: str, offset: int, names: frozenset[str]) -> str | None:
    """The name a figure's clause is about, nearest first: "the S&P 500 gained 54.51
    points", "the Dow added about 300 points, or 1%, closing at 30,668.27".

    Names of sources (a name that says or is quoted) and of days and months are not
    subjects; a sentence's first word is a name only when the article also uses it
    mid-sentence (`names`: "Nasdaq rose 2%", not "Officials said"). It is read for
    what a figure measures when no category word says so (an index, a rate, a
    company's sales): two outlets naming one subject state one measure.
    """
    at_start = offset <= len(before)  # the window reaches the sentence's first word
    # "the Democratic Alliance (DA), the main opposition party, came second": the short
    # form in brackets is the name other outlets use, and the brackets end no clause
    before = _SHORT_FORM.sub(r"\1", before)
    clause = _SUBJECT_BREAK.split(before)[-1]
    for m in reversed(list(_SUBJECT_NAME.finditer(clause))):
        whole = m.group(0).split()
        if m.start() == 0 and at_start and normal_name(whole[0]) not in names:
            whole = whole[1:]  # "Officials said ...": a capital because it starts the sentence
        words = [w for w in whole if not _not_a_name(POSSESSIVE_S.sub("", w))]
        if not words:
            continue
        first = POSSESSIVE_S.sub("", words[0].lower())
        if _SPEAKS_AFTER.match(clause[m.end() :]) or _SPEAKS_BEFORE.search(clause[: m.start()]):
            continue
        if _WHERE_BEFORE.search(clause[: m.start()]):
            continue  # "won the majority in the National Assembly": where, not who
        return first
    return None


_LETTERED = re.compile(r"\b[^\W\d_][\w’'-]*")


@lru_cache(maxsize=_MEMO)
def _title_case(sentence: str) -> bool:
    # short forms ("ANC 159, DA 87") are capitals in any sentence: only words say its case
    words = [w for w in _LETTERED.findall(sentence[: _SUBJECT_REACH * 2]) if not w.isupper()]
    capitals = len([w for w in words if w[0].isupper()])  # a list: no generator to resume
    return len(words) >= 3 and capitals >= 0.7 * len(words)


def _not_a_name(word: str) -> bool:
    """A capital that starts a sentence or names a day, a month, a title ("The", "Since")."""
    lower = word.lower()
    return lower in STOPWORDS or lower in NAME_STOPWORDS or word.isdigit()


_STATES = _vocabulary(CAPTIVE_STATES)
_CAPTIVE_NOUNS = frozenset({"hostages", "prisoners"})


def _classes(vocabulary: Vocabulary, text: str) -> list[str]:
    """Every class named in text, in order (phrases before their first word)."""
    words = _TOKEN.findall(text.lower())
    found: list[str] = []
    skip = 0
    for i, word in enumerate(words):
        if i < skip:
            continue
        hit, size = None, 1
        if word in _PHRASE_STARTS:
            for size in (3, 2):
                hit = vocabulary.get(" ".join(words[i : i + size]))
                if hit:
                    break
        if hit is None:
            hit, size = vocabulary.get(word), 1
        if hit is not None:
            found.append(hit[1])
            skip = i + size
    return found


@lru_cache(maxsize=_MEMO)
def _head_noun(quote: str) -> str | None:
    """ "four hostage handoffs", "two prisoner swaps": the last noun heads the phrase, and
    a count of events is not a count of the people they concern."""
    classes = _classes(_NOUNS, quote)
    return "events" if len(classes) > 1 and classes[-1] == "events" else None


# "35 are presumed dead": after a bare figure these describe it, they do not name its noun
_PREDICATES = re.compile(r"\b(?:dead|injured|wounded)\b", re.IGNORECASE)


@lru_cache(maxsize=_MEMO)
def _names_itself(quote: str) -> bool:
    """The quote names what it counts after its figure ("24 locals"), in words the noun
    classes do not know: it does not borrow a neighbour's ("four soldiers, 24 locals")."""
    tail = _PREDICATES.sub(" ", quote[_leading_figure_end(quote) :])
    return any(w.lower() not in STOPWORDS for w in _QUOTE_WORD.findall(tail))


def _nearest_noun(sentence: str, offset: int, end: int, own: bool = False) -> str | None:
    """A bare figure's noun from its sentence ("Of the 79 hostages, 35 are presumed dead";
    "more than 47,400 have been killed, most of them Palestinians"): the nearest kind of
    people within a few words and no other figure between. Only people: "days" or "homes"
    near a bare toll ("almost three days after ..., bringing the toll to 600") are not it.

    A figure that names its `own` thing in words the classes do not know ("four soldiers,
    24 locals and 117 Bengalis") is an item among others: the words after the figure
    before it, or after the next separator, name the other items, not it.
    """
    after = sentence[end:]
    cut = NUMBER.search(after)
    after = after[: cut.start()] if cut else after
    if own:
        after = _SEPARATOR.split(after, maxsplit=1)[0]
    before = sentence[:offset]
    figures = list(NUMBER.finditer(before))
    if own and figures:
        before = ""
    elif figures:
        before = before[figures[-1].end() :]
    after = " ".join(_PREDICATES.sub(" ", after).split()[:_NEAR_WORDS])
    before = " ".join(before.split()[-_NEAR_WORDS:])
    following = [c for c in _classes(_NOUNS, after) if c in PEOPLE_CLASSES]
    preceding = [c for c in _classes(_NOUNS, before) if c in PEOPLE_CLASSES]
    if following and preceding:
        return None if following[0] != preceding[-1] else following[0]
    if following:
        return following[0]
    if preceding:
        return preceding[-1]
    return "people" if _names_demonym_plural(after) else None


_SEPARATOR = re.compile(r"[,;]|\b(?:and|or)\b")


_NEAR_WORDS = 8


def _state(
    claim: Claim, sentence: str, offset: int, noun: str | None, action: str | None
) -> str | None:
    """Where the counted captives stand, from the words closest to the figure.

    Read only for captives (their noun, a release or capture, or a sentence
    about hostages or prisoners); a quake's toll has no such state. A verb
    right before the figure governs it ("freed 3 hostages", "leaving 79
    hostages", "return nearly 2,600 of its citizens held in captivity"); then
    the quote and measure, the clause after the figure, the wider words before
    it. "dead" anywhere in a window wins ("35 of those still held are presumed
    dead"). No other figure may stand between a word and this figure.
    """
    captive = noun in _CAPTIVE_NOUNS or action in ("returned", "captured")
    if not captive and not _about_captives(sentence or claim.quote):
        return None
    before = sentence[max(0, offset - 40) : offset]
    figures = list(NUMBER.finditer(before))
    before = before[figures[-1].end() :] if figures else before
    # the verb governing the figure is in its own clause: "released, while an estimated
    # 82 are still held" is not governed by "released"
    governing = " ".join(_CLAUSE_BREAK.split(before)[-1].split()[-2:])
    for text, pick in (
        (governing, "last"),
        (claim.quote, "released"),
        (claim.measure, "released"),
        (None, "first"),  # the clause after the figure, cut only if needed
        (before, "last"),
    ):
        if text is None:
            end = offset + len(claim.quote)
            text = sentence[end : end + 80]
            cut = NUMBER.search(text)
            text = text[: cut.start()] if cut else text
        found = _state_classes(text)
        if "dead" in found:
            return "dead"
        if pick in found:  # a measure's "held captive ... recovered" is a return
            return pick
        if found:
            return found[-1] if pick == "last" else found[0]
    return None


@lru_cache(maxsize=_MEMO)
def _about_captives(sentence: str) -> bool:
    """Memoised: many claims share a sentence."""
    return CAPTIVITY_RE.search(sentence) is not None


@lru_cache(maxsize=_MEMO)
def _state_classes(text: str) -> tuple[str, ...]:
    """Memoised: quotes and measures repeat across claims."""
    return tuple(_classes(_STATES, text))


_WEAK = _vocabulary(WEAK_ACTION_WORDS)
_AFTERSHOCK_RE = re.compile(r"\b(?:aftershocks?|foreshocks?)\b", re.IGNORECASE)


def _aftershock(unit: str | None, sentence: str, offset: int) -> str:
    """Marks a magnitude said of aftershocks, so it is never taken for the main quake's."""
    if unit == "magnitude" and _AFTERSHOCK_RE.search(sentence[max(0, offset - 60) : offset + 40]):
        return " aftershocks"
    return ""


# a verb that takes jobs away, right before the figure or right after its quote: "lost
# 34,000 jobs" and "1,200 jobs will be cut" are jobs lost, never the jobs added
_LOSS_VERB = r"(?:lost|lose|loses|losing|shed|sheds|shedding|cut|cuts|cutting|slashed|slashing"
_LOSS_VERB += r"|eliminated|eliminating|axed|axing|scrapped|scrapping)"
_LOSS_BEFORE = re.compile(rf"\b{_LOSS_VERB}\b", re.IGNORECASE)
_LOSS_AFTER = re.compile(
    rf"\s+(?:were|was|will\s+be|would\s+be|are|to\s+be|have\s+been|had\s+been|being)\s+"
    rf"{_LOSS_VERB}\b",
    re.IGNORECASE,
)


def _jobs_lost(sentence: str, offset: int, end: int) -> bool:
    """Whether the figure's own verb takes the jobs it counts away."""
    before = sentence[max(0, offset - 60) : offset]
    if any(_GOVERNED_GAP.fullmatch(before, m.end()) for m in _LOSS_BEFORE.finditer(before)):
        return True
    return _LOSS_AFTER.match(sentence, end) is not None


def _action(claim: Claim, sentence: str, offset: int) -> str | None:
    action = _action_read(claim, sentence, offset)
    if action == "hired" and _jobs_lost(sentence, offset, offset + len(claim.quote)):
        return "cut"
    return action


def _action_read(claim: Claim, sentence: str, offset: int) -> str | None:
    """What happened to the counted things: the quote's own word, else the measure's first,
    else the action word nearest the figure in its sentence, else a bare "toll" (deaths).

    The quote wins ("eleven injuries"); then the measure, by class order ("held
    captive ... recovered" is a return); in the sentence the nearest word
    ("killing at least 175 people and injuring more than 1,400").
    """
    action = _class_of("actions", claim.quote, by_position=False)
    if action is None:
        action = _class_of("actions", claim.measure, by_position=False)
    if action is not None:
        return action
    borrowed = _nearest_action(sentence, offset, offset + len(claim.quote))
    if borrowed is None:
        borrowed = _first_class(
            _WEAK, f"{claim.quote} {claim.measure} {sentence}", by_position=True
        )
    if (
        borrowed in _PEOPLE_ACTIONS
        and _names_other_thing(claim.quote)
        and not _governed(sentence, offset)
        and not _predicated(sentence, offset + len(claim.quote))
    ):
        return None  # "58 confirmed cases" beside "19 deaths": cases are not killed
    return borrowed


def _governs(sentence: str, stop: int) -> bool:
    """The action word ending at `stop` is right before a figure of its own."""
    gap = _GOVERNED_GAP.match(sentence, stop)
    return gap is not None and sentence[gap.end() : gap.end() + 1].isdigit()


def _governed(sentence: str, offset: int) -> bool:
    """An action word right before the figure is its own ("the deaths of five pilgrims",
    "killed 12 miners"), whatever the quote names: it is no neighbour's."""
    return any(
        stop <= offset and _GOVERNED_GAP.fullmatch(sentence, stop, offset)
        for _, stop, _, _ in _action_hits(sentence)
    )


# the words between a count and its own verb: "fish had died", "43,000 fish are now
# estimated to have died", "species were estimated to have potentially been killed",
# "animals found dead"
_PREDICATE_GAP = re.compile(
    r"\s+(?:(?:had|have|has|were|was|are|is|been|be|now|all|already|estimated|found|"
    r"believed|feared|thought|reported|confirmed|said|to|[a-z]+ly)\s+){1,6}",
    re.IGNORECASE,
)


def _predicated(sentence: str, end: int) -> bool:
    """An action word is the verb of the figure's own clause, right after the quote
    ("over 43,000 fish are now estimated to have died"): the counted thing's fate,
    whatever it is, not a neighbour's."""
    return any(
        start >= end and _PREDICATE_GAP.fullmatch(sentence, end, start)
        for start, _, _, _ in _action_hits(sentence)
    )


# what happens to people only: a quote that names another thing never borrows these
_PEOPLE_ACTIONS = frozenset(
    {"killed", "injured", "missing", "returned", "captured", "arrested", "rescued", "trapped"}
)
_QUOTE_WORD = re.compile(r"[A-Za-z][a-z]{2,}")


@lru_cache(maxsize=_MEMO)
def _names_other_thing(quote: str) -> bool:
    """The quote names what it counts after its figure, and that is not people
    ("58 confirmed cases", "four fuel trucks"); a bare figure names nothing."""
    tail = quote[_leading_figure_end(quote) :]
    words = [w.lower() for w in _QUOTE_WORD.findall(tail) if w.lower() not in STOPWORDS]
    if not words:
        return False
    noun = _class_of("nouns", tail, by_position=True)
    return noun not in PEOPLE_CLASSES and not _names_demonym_plural(tail)


def nouns_compatible(a: str | None, b: str | None) -> bool | None:
    """True/False when the noun classes decide; None when one is unknown."""
    if a is None or b is None:
        return None
    if a == b:
        return True
    if frozenset((a, b)) in MAYBE_SAME_PEOPLE:
        return None
    return {a, b} <= PEOPLE_CLASSES and "people" in (a, b)


def nouns_related(a: str | None, b: str | None) -> bool:
    """Kinds a per-side bound or an exchange's size may span: hostages and prisoners freed
    for them are both "detainees" of one swap."""
    if nouns_compatible(a, b) is not False:
        return a is not None and b is not None
    return {a, b} <= PEOPLE_CLASSES


def is_people(noun: str | None) -> bool:
    return noun in PEOPLE_CLASSES


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def mark_respectively(claims: list[Claim], readings: list[Quantity], text: str) -> list[Quantity]:
    """Readings where "A and B ... N and M respectively" gives each figure its name.

    "The DA and the MK party made gains, taking 87 and 58 seats respectively": the
    figures of one coordinated run take the names before them in order, so each tally
    is its own party's. Only when the sentence has as many names as the run has figures.
    """
    out = list(readings)
    runs: list[list[int]] = []
    for i, claim in enumerate(claims):
        q = out[i]
        if not _RESPECTIVELY.search(text, claim.end, q.sentence[1]):
            continue
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and claims[last].article == claim.article
            and out[last].sentence == q.sentence
            and COORDINATION_GAP.fullmatch(text, claims[last].end, claim.start)
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        if len(run) < 2:
            continue
        first = claims[run[0]]
        # each short form stands alone: "the Liberal Party (LP) and the Greens (GA)"
        before = _SHORT_FORM.sub(r"\1,", text[out[run[0]].sentence[0] : first.start])
        names = [
            POSSESSIVE_S.sub("", words[0]).lower()
            for m in _SUBJECT_NAME.finditer(before)
            if (
                words := [w for w in m.group(0).split() if not _not_a_name(POSSESSIVE_S.sub("", w))]
            )
        ]
        if len(names) < len(run):
            continue
        for i, name in zip(run, names[-len(run) :], strict=True):
            out[i] = replace(out[i], subject=name)
    return out


# what joins two clauses of one breakdown: "150 were rescued and 30 are still missing"
_NEXT_CLAUSE = re.compile(r"[^.;:,]{0,60}?(?:,\s*|\s+)(?:and|while|but|whereas)\s+\Z", re.I)


def mark_siblings(
    claims: list[Claim], readings: list[Quantity], text: str | None = None
) -> list[Quantity]:
    """Readings where a category claim right after a part is a part too.

    "87 of those freed were from the regular forces. Eight servicemen were from
    military intelligence": "Eight" carries no partitive cue of its own but
    continues the breakdown, so it is a part of the same whole. So does the next
    clause of the part's own sentence ("Of the 200 on board, 150 were rescued and 30
    are still missing"). Whether such parts add up is decided as for any part
    (crosscheck.parts: items of one list of counts do; others are checked alone).
    """
    out = list(readings)
    order = sorted(range(len(claims)), key=lambda i: (claims[i].article, claims[i].start))
    previous: int | None = None
    for i in order:
        q = out[i]
        if previous is not None and claims[previous].article == claims[i].article:
            p = out[previous]
            close = claims[i].start - claims[previous].end < 400
            kin = q.noun is None or q.noun == p.noun or is_people(q.noun)
            category = p.membership and q.membership and close
            clause = (
                text is not None
                and q.sentence == p.sentence
                and (q.action is not None or q.noun is not None)
                and _NEXT_CLAUSE.fullmatch(text, claims[previous].end, claims[i].start) is not None
            )
            if not q.part and p.part and kin and (category or clause):
                out[i] = replace(q, part=True)
        previous = i
    return out


# "70 of the 72 people", "159 out of the 400 seats": the whole is the figure right after
_OF_THE_NEXT = re.compile(r"\s*(?:out\s+)?of\s+(?:(?:the|all|its|their)\s+)?", re.IGNORECASE)
# "159 seats in the 400-seat chamber": a whole sized in the part's own noun
_IN_THE_NEXT = re.compile(r"\s*in\s+(?:the|a|an|its|their)\s+", re.IGNORECASE)
_SIZED = re.compile(r"[\d.,]+(?:\s+(?:million|billion))?-([a-z]+)\b", re.IGNORECASE)


def wholes_after(
    claims: list[Claim], readings: list[Quantity], text: str
) -> tuple[list[Quantity], dict[str, str]]:
    """Readings where a figure is a part of the figure right after it, and which one.

    A part's whole is usually stated first ("Of the 72 people on board, 70 died"), and
    crosscheck looks back for it; "70 of the 72 people" and "159 seats in the 400-seat
    chamber" state it right after, where looking back would take an earlier sentence's
    figure for the whole. Claims of one article, one sentence, one unit.
    """
    out = list(readings)
    wholes: dict[str, str] = {}
    order = sorted(range(len(claims)), key=lambda i: claims[i].start)
    for i, j in itertools.pairwise(order):
        a, b = claims[i], claims[j]
        if out[i].sentence != out[j].sentence or b.start < a.end or out[i].unit != out[j].unit:
            continue
        if _OF_THE_NEXT.fullmatch(text, a.end, b.start) is None and not (
            _IN_THE_NEXT.fullmatch(text, a.end, b.start) and _sized_in(a.quote, b.quote)
        ):
            continue
        wholes[a.id] = b.id
        out[i] = replace(out[i], part=True)
    return out, wholes


def _sized_in(part: str, whole: str) -> bool:
    """ "400-seat chamber" is sized in the "seats" of "159 seats"."""
    sized = _SIZED.match(whole)
    if sized is None:
        return False
    noun = sized.group(1).lower()
    return any(w in (noun, f"{noun}s", f"{noun}es") for w in part.lower().split())


def noun_class(text: str) -> str | None:
    """The rules' class of what a word or phrase counts ("servicemen" -> military)."""
    return _class_of("nouns", text, by_position=True)


def action_class(text: str) -> str | None:
    """The rules' class of a category word ("freed" -> returned, "died" -> killed)."""
    return _class_of("actions", text, by_position=False)
