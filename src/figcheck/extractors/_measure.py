"""What a figure counts: the noun phrase after it, the verb of its clause, and its scope.

No parser: English news puts the counted thing right after the number
("248 Russian soldiers", "nearly 2,600 of its citizens", "four waves of
Ukrainian attacks") and the event right after that ("were repatriated",
"have returned home"). The span runs over modifiers to the head noun, one or
two "of"-phrases and a coordinated noun ("soldiers and civilians"), and stops at
function words, verbs (-ed/-ing after the first word), other numbers and
punctuation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from figcheck.models import Scope, tuple_builder
from figcheck.normalise._scan import cased, folded, holds, last_words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that end a noun phrase: articles/prepositions/pronouns/auxiliaries/adverbs/time words.
_STOP = _words(
    """
    the a an this that these those which who whom whose what where when why how and or but nor
    so yet for in on at to from by with without into onto over under about above below after
    before since during until till through across against among between within per via as than
    like including include includes included were was is are be been being am have has had
    having do does did will would shall should can could may might must not also each both all
    either neither more most less least other others such only just still even again already
    ever never very too much many some any no here there then now today yesterday tomorrow
    tonight ago earlier later he she it they we you i his her its their our your my him them us
    me if while because although though whether amid amidst near around toward towards upon
    respectively apiece altogether overall total so-called said says say told reported according
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december last next this year years month
    """
)
# Time words allowed as the head itself ("two years", "three weeks"): durations.
_DURATIONS = _words(
    """
    second seconds minute minutes hour hours day days week weeks month months year years decade
    decades century centuries
    """
)
_NUMBER_WORDS = _words(
    """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred hundreds thousand thousands million millions billion billions dozen dozens half
    """
)
_IRREGULAR_PLURALS = _words("men women children people police staff personnel cattle livestock")
_PERSON_PLURALS = _words("people men women children")  # "people live": never a compound
_NOT_PLURAL = _words("news series species means arms sports")
_DETERMINERS = _words(
    """
    the our its their his her your my those these them whom a an
    """
)
_WORD = re.compile(r"\s*(?:\((?P<paren>[A-Za-z][\w’'\-]*)\)|(?P<word>[A-Za-z][\w’'\-]*))")
_PARTICIPLE_IRREGULAR = _words(
    """
    held hurt lost left shot sent brought found kept fled slain struck hit taken given seen born
    built sold bought paid won freed dead injured wounded missing swept fell rose came went took
    made sank broke tore shook grew ran began drove flew spread burnt died
    """
)
_VERB_AFTER = re.compile(
    r"\s+(?:(?:had|has|have|were|was|are|is|been|being|be|got|get|reportedly|also|now|"
    r"already|still|all|each|allegedly)\s+)*(?P<verb>[a-z]+(?:ed|en)|"
    + "|".join(sorted(_PARTICIPLE_IRREGULAR))
    + r")\b"
)
# what a copula after the figure says the counted things are, when no participle does:
# "44.7 per cent were partly open", "8.9 per cent were completely closed" (an adverb that
# grades the state is kept: fully open and partly open are different shares)
_PREDICATE_AFTER = re.compile(
    r"\s+(?:were|was|are|is|remain(?:ed|s)?|stayed)\s+(?:(?P<grade>[a-z]+ly)\s+)?"
    r"(?P<state>not\s+[a-z]+|[a-z]+)\b"
)
_VERB_BEFORE = re.compile(
    r"\b(?P<verb>[a-z]+ed|freed|held|hurt|(?:kill|injure|wound|displace|evacuate|arrest|detain|"
    r"rescue|free|release|hire|cut|lay|sell|buy|hit)s)\s+$"
)
_TOLL_BEFORE = re.compile(
    r"\b(?P<what>(?:[a-z]+\s+)?(?:toll|tally|count|population|turnout)|number\s+of\s+[a-z]+"
    r"(?:\s+[a-z]+)?)\b[^,.;:]{0,40}$"
)
# a word in every match of _TOLL_BEFORE, as written (the pattern is case-sensitive): the
# clause before a figure is searched only when it holds one, where the pattern tried a
# word at every word start of up to 300 characters
_TOLL_STEMS = ("toll", "tally", "count", "population", "turnout", "number")
_CUMULATIVE = re.compile(
    r"\b(?:so\s+far|to\s+date|running\s+total|since|cumulative(?:ly)?|toll)\b",
    re.IGNORECASE,
)
# a sum ("a total of 24", "a tally of 3.5 million") is one event's unless the clause counts
# up to now: a present perfect ("have crossed") or a period running to now ("this year")
_SUMMED = re.compile(
    r"\b(?:in\s+total|a\s+total\s+of|totall?ing|overall|altogether|in\s+all|tally)\b",
    re.IGNORECASE,
)
_UP_TO_NOW = re.compile(
    r"\b(?:ha(?:ve|s)\s+(?:now\s+|so\s+far\s+|been\s+)?[a-z]+(?:ed|en|wn|un|ne)\b|"
    r"this\s+(?:year|month|week|season))",
    re.IGNORECASE,
)
# a word in every match of _CUMULATIVE, _BACKGROUND and _SUMMED (normalise._scan.may_hold):
# no more than each needs, as each is looked for in every figure's clause ("overall" and
# "tally" hold "all"; "all" and "altogether" are in no running-total cue)
_CUMULATIVE_STEMS = ("far", "date", "total", "since", "cumulative", "toll")
_BACKGROUND_STEMS = ("recent", "both", "year", "day", "annually")
_SUMMED_STEMS = ("total", "all", "altogether")
_SUPERLATIVE_BEFORE = re.compile(
    r"\b(?:[a-z]{2,}est|first|most|least|biggest|worst|best|only)\b[^,.;:]{0,40}$", re.IGNORECASE
)
_BACKGROUND = re.compile(
    r"\b(?:recent\s+(?:years|decades)|both\s+sides|every\s+(?:year|day)|"
    r"each\s+(?:year|day)|annually|per\s+(?:year|day)|a\s+(?:year|day))\b",
    re.IGNORECASE,
)
_FEW = re.compile(r"\b(?:several|a\s+few|few|some|many|numerous|various)\b", re.IGNORECASE)
_SCALES = _words("magnitude category level grade")
_MAX_WORDS = 6
_MAX_OF = 2


class NounPhrase(NamedTuple):
    """The counted thing after a figure: span end and its words (parentheses dropped).

    A named tuple: one is built per figure, in a third of the time a frozen dataclass takes.
    """

    end: int
    words: tuple[str, ...]


# built by tuple.__new__, without the class's Python-level __new__ (models.tuple_builder)
_noun_phrase = tuple_builder(NounPhrase)


def _is_plural(word: str) -> bool:
    lower = word.lower()
    return (
        len(lower) > 3
        and lower.endswith("s")
        and not lower.endswith(("ss", "us", "is", "ics", "'s", "’s"))
        and lower not in _NOT_PLURAL
    )


def is_participle(word: str) -> bool:
    lower = word.lower()
    return lower.endswith(("ed", "ing")) or lower in _PARTICIPLE_IRREGULAR


def _np(text: str, pos: int, limit: int, depth: int, bare: bool) -> NounPhrase:
    """Words of the noun phrase starting at `pos`; `bare` when no noun has been taken yet."""
    taken: list[tuple[str, int]] = []  # (word, end offset)
    i = pos
    while i < limit and len(taken) < _MAX_WORDS:
        m = _WORD.match(text, i, limit)
        if m is None:
            break
        word = m.group("paren") or m.group("word") or ""
        lower = word.lower()
        if lower == "of" and depth < _MAX_OF and (taken or bare):
            sub_pos = m.end()
            det = _WORD.match(text, sub_pos, limit)
            det_word = (det.group("word") or "") if det else ""
            if det_word.lower() in _SCALES or (taken and det_word.lower() in _NUMBER_WORDS):
                # "four aftershocks of magnitude 4.5", "a father of two": another figure
                break
            prefix: list[tuple[str, int]] = [("of", m.end())]
            if det is not None and det_word.lower() in _DETERMINERS:
                if det_word.lower() == "them":
                    return _phrase(pos, [*taken, *prefix, (det_word, det.end())])
                prefix.append((det_word, det.end()))
                sub_pos = det.end()
            sub = _np(text, sub_pos, limit, depth + 1, bare=True)
            if sub.words:
                words = [*(w for w, _ in taken), *(w for w, _ in prefix), *sub.words]
                return _noun_phrase((sub.end, tuple(words)))
            break
        if lower in ("and", "or") and taken:
            nxt = _WORD.match(text, m.end(), limit)
            nxt_word = (nxt.group("word") or "") if nxt else ""
            if (
                not nxt_word
                or nxt_word.lower() in _STOP
                or nxt_word.lower() in _NUMBER_WORDS
                or is_participle(nxt_word)
            ):
                break
            if not (_is_plural(nxt_word) or nxt_word.lower() in _IRREGULAR_PLURALS):
                break
            taken.append((lower, m.end()))
            i = m.end()
            continue
        if lower in _DURATIONS:
            taken.append((word, m.end()))
            i = m.end()
            continue
        if not taken and depth == 0 and lower in ("other", "more"):
            # "20 other volunteers", "two more people"; a bare "Two more" ends there.
            taken.append((word, m.end()))
            i = m.end()
            nxt = _WORD.match(text, i, limit)
            nxt_word = (nxt.group("word") or "") if nxt else ""
            if lower == "more" and not (
                _is_plural(nxt_word) or nxt_word.lower() in _IRREGULAR_PLURALS | _DURATIONS
            ):
                break
            continue
        if lower in _STOP or (taken and is_participle(word)):
            break
        if (
            taken
            and word[0].islower()
            and (
                _is_plural(taken[-1][0])
                or (taken[-1][0].lower() in _PERSON_PLURALS and not _is_plural(word))
            )
        ):
            # A plural head followed by a bare word: that word is the verb ("countries continue").
            break
        taken.append((word, m.end()))
        i = m.end()
        # A comma between adjectives ("humanitarian, economic and energy issues").
        comma = _ADJ_LIST.match(text, i, limit)
        if comma:
            taken.append((",", i + 1))
            i += 1
    return _phrase(pos, taken)


_ADJ_LIST = re.compile(r",(?=\s*[a-z]+(?:,\s*[a-z]+)*\s+(?:and|or)\s+[a-z]+)")


def _phrase(pos: int, taken: list[tuple[str, int]]) -> NounPhrase:
    while taken and (
        taken[-1][0] in (",", "and", "or", "of") or taken[-1][0].lower() in _DETERMINERS
    ):
        if taken[-1][0].lower() == "them":
            break
        taken.pop()
    if not taken:
        return _noun_phrase((pos, ()))
    last, end = taken[-1]
    if last[-1] in "’'":
        # "in the last 67 years’": a closing quote, not part of the noun.
        taken[-1] = (last[:-1], end - 1)
    return _noun_phrase((taken[-1][1], tuple(w for w, _ in taken)))


def noun_phrase(text: str, figure_end: int, limit: int) -> NounPhrase:
    """The counted noun phrase right after a figure ending at `figure_end`."""
    return _np(text, figure_end, limit, 0, bare=True)


_MONEY_PURPOSE = re.compile(r"\s+in\s+(?:new\s+|additional\s+|emergency\s+)?(?P<what>[a-z]+)\b")


def money_purpose(text: str, figure_end: int, limit: int) -> NounPhrase:
    """ "$12 million in aid": what an amount of money is for."""
    m = _MONEY_PURPOSE.match(text, figure_end, limit)
    if m is None or m.group("what") in _STOP or m.group("what") in _DURATIONS:
        return _noun_phrase((figure_end, ()))
    return _noun_phrase((m.end(), tuple(m.group().split())))


_DESCRIBE_REACH = 300
_LETTER_WORD = re.compile(r"[A-Za-z][\w’'-]*")


def describe(text: str, figure_start: int, np: NounPhrase, clause_start: int, limit: int) -> str:
    """Plain words for what is counted: the noun phrase and its clause's verb."""
    content = [w for w in np.words if w.lower() not in _DETERMINERS and w != ","]
    while content and content[0] in ("of", "in"):
        content = content[1:]
    # the clause before the figure, within a reach: a 100 KB clause stays linear
    before = text[max(clause_start, figure_start - _DESCRIBE_REACH) : figure_start]
    verb = None
    after = _VERB_AFTER.match(text, np.end, limit)
    predicate = None if after else _PREDICATE_AFTER.match(text, np.end, limit)
    if predicate and predicate.group("state").split()[-1] not in _STOP:
        grade = predicate.group("grade")
        state = predicate.group("state").split()
        content = [*content, *([grade] if grade else []), *state]
    elif after:
        verb = after.group("verb")
    else:
        # the verb is the clause's last word: its search skips the rest (up to 300 characters)
        m = _VERB_BEFORE.search(before, last_words(before, 0, len(before), 1))
        if m:
            verb = m.group("verb")
    if not content:
        toll = _TOLL_BEFORE.search(before) if holds(before, _TOLL_STEMS) else None
        if toll:
            content = toll.group("what").split()
        elif verb is None:
            # "Prices rose 4.5 per cent": the clause's last content words say what moved.
            content = [
                w.lower()
                for w in _LETTER_WORD.findall(before)[-3:]
                if w.lower() not in _STOP and w.lower() != "of"
            ]
    words = content + ([verb] if verb and verb not in content else [])
    return _casualty(words, verb)


# What a casualty word counts, so "49 people died", "350 deaths" and "at least 175 dead"
# read alike to the linker, and "102 were injured" does not.
_CASUALTIES = {
    **dict.fromkeys(
        ["dead", "died", "killed", "deaths", "death", "fatalities", "lives", "perished", "drowned"],
        "dead",
    ),
    **dict.fromkeys(["injured", "wounded", "hurt", "injuries", "injury"], "injured"),
    "missing": "missing",
    "affected": "affected",
}
_GENERIC = _words("people persons individuals others")


def _casualty(words: list[str], verb: str | None) -> str:
    """ "people died" -> "people dead"; "injured" -> "people injured"; others unchanged."""
    kinds = [_CASUALTIES[w.lower()] for w in words if w.lower() in _CASUALTIES]
    if not kinds:
        return " ".join(words).strip()
    rest = [w for w in words if w.lower() not in _CASUALTIES and w != verb]
    nouns = [w for w in rest if w.lower() not in _GENERIC]
    head = " ".join(nouns) if nouns else "people"
    return f"{head} {kinds[0]}"


def comparative_since(text: str, since_start: int) -> bool:
    """ "the largest exchange since ..." compares with the past; it starts no running total."""
    return _SUPERLATIVE_BEFORE.search(text, max(0, since_start - 50), since_start) is not None


# enum members bound once: on Python 3.11 each read of `Scope.event` runs the enum
# class's attribute hook (a call of type.__getattribute__)
_EVENT, _CUMULATIVE_SCOPE, _OTHER = Scope.event, Scope.cumulative, Scope.other


def scope(
    text: str,
    sentence: tuple[int, int],
    figure_start: int,
    np: NounPhrase,
    vague: bool,
    previous_end: int | None = None,
) -> Scope:
    """Cumulative on running-total cues; other for durations and vague background figures.

    Cues count from the sentence start ("In total, since 2022, ...") to the end of the
    figure's own clause: a "since" in a later relative clause belongs to another figure.
    With an earlier figure in the sentence (`previous_end`), cues up to the end of that
    figure's clause stay with it.
    """
    head = np.words[: np.words.index("of")] if "of" in np.words else np.words
    if head and head[-1].lower() in _DURATIONS:
        return _OTHER
    start, end = sentence
    # cues are read within a reach of the figure: a 100 KB "sentence" stays linear
    start, end = max(start, figure_start - _SCOPE_REACH), min(end, np.end + _SCOPE_REACH)
    if previous_end is not None and start < previous_end <= figure_start:
        previous_clause = _CLAUSE_END.search(text, previous_end, figure_start)
        start = previous_clause.end() if previous_clause else previous_end
    boundary = _CLAUSE_END.search(text, np.end, end)
    region = text[start : boundary.start() if boundary else end]
    # lower-cased once for the three word tests, which then run case-sensitively on it
    lower = folded(region)
    words, cased_region = (_CASE_BLIND, region) if lower is None else (_CASED, lower)
    if holds(lower, _CUMULATIVE_STEMS) and any(
        m.group().lower() != "since" or not comparative_since(region, m.start())
        for m in words.cumulative.finditer(cased_region)
    ):
        return _CUMULATIVE_SCOPE
    if (
        holds(lower, _SUMMED_STEMS)
        and words.summed.search(cased_region)
        and words.up_to_now.search(cased_region)
    ):
        return _CUMULATIVE_SCOPE
    # its own clause: "..., in what is the worst in recent years" is the comparison's
    if holds(lower, _BACKGROUND_STEMS) and words.background.search(cased_region):
        return _OTHER
    if vague and _FEW.search(text, figure_start, np.end):
        return _OTHER
    return _EVENT


_SCOPE_REACH = 300


class _ScopeWords(NamedTuple):
    """scope()'s word patterns: case-blind for any text, or cased() for folded() text."""

    cumulative: re.Pattern[str]
    summed: re.Pattern[str]
    up_to_now: re.Pattern[str]
    background: re.Pattern[str]


_CASE_BLIND = _ScopeWords(_CUMULATIVE, _SUMMED, _UP_TO_NOW, _BACKGROUND)
_CASED = _ScopeWords(*map(cased, _CASE_BLIND))
# A clause mark, or a word that opens a clause. Each alternative opens with a literal (a
# word's boundary is looked for behind its first letter), which gives the regex engine
# the characters a match can start with: a search skips to them, where "[,;:()“”\"]|\b..."
# tried a match at every position of a figure's clause.
_CLAUSE_END = re.compile(r',|;|:|\(|\)|“|”|"|w(?<!\ww)(?:hich|ho|hile|hereas)\b|b(?<!\wb)ut\b')


@lru_cache(maxsize=4096)
def slug(measure: str) -> str:
    """A provisional key from the measure; the linker replaces it.

    Kept for the measures seen lately: a few dozen measures ("people dead", "count")
    make most claims' keys, and the substitution cost more than the lookup.
    """
    return _NOT_SLUG.sub("-", measure.lower()).strip("-") or "figure"


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
