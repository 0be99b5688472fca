"""Who a sentence attributes its figures to: "..., X said", "according to X", "X told Y that".

Attribution is read from the sentence's surface: a speech verb and the noun
phrase next to it, cut at punctuation and clause words. Short references are
resolved against names the article gave earlier ("Mr. Loubinets" -> "Dmytro
Loubinets"; "he" -> the last person quoted), with a note saying so, because a
reviewer must see when figcheck filled a gap rather than read it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from figcheck.models import tuple_builder
from figcheck.normalise._scan import CUE_WORDS as CUE_WORDS  # the words every attribution holds
from figcheck.normalise._scan import SPEECH_VERBS, finditer_at, may_hold


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VERBS = "|".join(SPEECH_VERBS)
# "police put the figure at 80,000", "organisers put the number of marchers at 500,000":
# who gave an estimate, in the idiom news uses for crowds, tolls and costs
_PUT = (
    r"put(?:s|ting)?(?=\s+(?:the|its|their|his|her)\s+(?:[\w-]+\s+)?"
    r"(?:figure|number|toll|total|count|crowd|turnout|attendance|tally|estimate|size|cost)\b"
    r"(?:\s+of\s+(?:[\w-]+\s+){0,3}?)?\s*at\s)"
)
# "an estimated 40 migrants" hedges a figure; it names no one who estimated. "put forward"
# gives a figure as "claimed" does ("the 280,000 the CGT put forward"); "added 270 points"
# is a market's sum, not a speaker's
_VERB = re.compile(
    rf"(?<!\b[Aa]n\s)(?<!\b[Tt]he\s)\b(?P<verb>{_VERBS}|{_PUT}|put\s+forward)\b"
    r"(?!(?<=added)\s+\d)(?!(?<=adds)\s+\d)"
)
# "81,000 counted by the police prefecture": the speaker is the agent after the verb
_BY_AGENT = re.compile(r"\s+by\s+(?=(?:the\s+)?[A-Za-z])")
_ACCORDING = re.compile(r"\b(?:according\s+to|citing)\s+", re.IGNORECASE)
# Inverted order after a quote or comma: "...,” said the ministry" / "..., announced X".
_INVERTED_MARKS = ',”"’'
_INVERTED = re.compile(
    rf"[{_INVERTED_MARKS}]\s*(?:{_VERBS})\s+(?!that\b|on\b|in\b|it\b)", re.IGNORECASE
)

_BOUNDARY_CHARS = ',;:“”"()[]—–!?'
# the last boundary character (or line break) before a point: found by the regex engine,
# which skips to each in C, rather than by stepping back a character at a time
_STOPS = re.escape(_BOUNDARY_CHARS) + r"\n"
_LAST_BOUNDARY = re.compile(rf"[{_STOPS}](?=[^{_STOPS}]*\Z)")
# Words that start a new clause: a source phrase never runs across them.
_CLAUSE_WORDS = _words(
    """
    that which who whom whose while because but after before when where as if although though
    since until so then however meanwhile also
    """
)
# Words after which an inverted or "according to" source phrase ends.
_TAIL_STOP = _words(
    """
    in on at during after before when while who which that responsible involved speaking quoted
    cited told to from with by for last this on, adding saying as
    """
)
# Words that show a lower-case phrase before a speech verb is not who spoke.
_NOT_SUBJECT = _words(
    """
    it this that there what which who one some many is was are were be been not no never report
    reports reported widely previously
    """
)
# a subject phrase never opens with a preposition or conjunction ("with nobody else
# reported missing", "and the Nasdaq Composite")
_NOT_OPENING = _words(
    """
    with without of in on at for from by among into onto to after before during under over
    than and or nor
    """
)
_PRONOUNS = _words(
    """
    he she they it we i
    """
)
_PERSON_PRONOUNS = _words(
    """
    he she
    """
)
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Gen|Col|Sen|Rep|Gov)\.?\s+(?P<surname>\S+)$")
# two to four capitalised words; written to open with the capital (its word boundary is the
# look-behind after it) so that a search over the whole text skips straight to capitals
_NAME = re.compile(
    r"[A-Z](?<!\w[A-Z])[a-zà-ÿ'’\-]+\s+(?:[A-Z][a-zà-ÿ'’\-]+\s+){0,2}[A-Z][a-zà-ÿ'’\-]+\b"
)
# A name after a title or role word is a person ("Prime Minister Rishi Sunak").
_TITLED = re.compile(
    r"\b(?:President|Minister|Secretary|Governor|Mayor|General|Gen\.|Chancellor|Senator|Sen\.|"
    r"Rep\.|King|Queen|Prince|Pope|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|spokesman|spokeswoman|"
    r"spokesperson|commissioner|chief|director|leader|official|envoy|ambassador|CEO|head)\s+"
    r"((?:[A-Z][\w’'\-]+\s+){0,2}[A-Z][\w’'\-]+)"
)
# how each title or role word above starts, as written (the pattern is case-sensitive):
# every match opens with one, so it is tried only where str.find meets one
_TITLE_STEMS = (
    "President", "Minister", "Secretary", "Governor", "Mayor", "Gen", "Chancellor", "Sen",
    "Rep.", "King", "Queen", "Prince", "Pope", "Mr", "Ms", "Dr", "spokes", "commissioner",
    "chief", "director", "leader", "official", "envoy", "ambassador", "CEO", "head",
)  # fmt: skip
_WORD = re.compile(r"\S+")
_TIME_WORD = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|[a-z][\w’'-]*|\d[\d,]*)"
)
_LEADING_ADVERBIAL = re.compile(
    rf"(?:Later|Earlier|Meanwhile|Separately|Then|On|In|At|Last|This|Also|However|Yesterday|"
    rf"Today|Now|But|And|So|By|After|Before|During)\b(?:\s+{_TIME_WORD})*\s+"
    r"(?=[A-Z]|(?:the|a|an)\s)"  # "Earlier on Saturday the ministry had said"
)
_AUX_BEFORE = re.compile(
    r"\s+(?:has|have|had|also|later|previously|earlier|separately|further|then|again)\s*$"
)
_ACRONYM = re.compile(r"\s\([A-Z][A-Za-z.&]{1,9}\)\s*$")
_MAX_WORDS = 12
_RECENT = 50  # "the ministry" looks back this many sources, keeping long texts linear


class Attribution(NamedTuple):
    """A source phrase and where it sits; `anchor` is the offset of its speech verb or cue.

    A named tuple: many are built per article, in a third of the time a frozen dataclass takes.
    """

    source: str
    start: int
    end: int
    anchor: int
    notes: tuple[str, ...] = ()


# built by tuple.__new__, without the class's Python-level __new__ (models.tuple_builder)
_attribution = tuple_builder(Attribution)


_ARTICLE_BEFORE_NAME = re.compile(r"^(?:[Tt]he|[Aa]n?)\s+(?=[A-Z])")
_ARTICLE_BEFORE_NOUN = re.compile(r"^(?:The|A|An)\s+(?=[a-z])")
_SPACES = re.compile(r"\s+")
_INITIAL = re.compile(r"(?:[A-Z]|Mr|Mrs|Ms|Dr|Gen|St|Jr)\.")
_CAPITAL = re.compile(r"(?<![\w’'])[A-Z]")
_THE_NOUN = re.compile(r"the\s+[a-z][\w\s’'-]*")
_SURNAME = re.compile(r"[A-Z][a-zà-ÿ'’\-]+")


def _lowered(m: re.Match[str]) -> str:
    return m.group().lower()


def _clean(phrase: str) -> str:
    phrase = phrase.strip(" \t,;:'\"“”‘’.")
    phrase = _ARTICLE_BEFORE_NAME.sub("", phrase)
    phrase = _ARTICLE_BEFORE_NOUN.sub(_lowered, phrase)
    return _SPACES.sub(" ", phrase)


def _valid(phrase: str) -> bool:
    words = phrase.split()
    if not words or len(words) > _MAX_WORDS or any(map(str.isdigit, phrase)):
        return False
    first = words[0].lower()
    if first in _NOT_OPENING:
        return False
    if first in _PRONOUNS or words[0][0].isupper():
        return True
    if first in ("the", "a", "an") and any(w[0].isupper() for w in words[1:]):
        return True
    # Lower-case subjects are common nouns ("officials", "the ministry", "local police").
    return len(words) <= 4 and _NOT_SUBJECT.isdisjoint(map(str.lower, words))


def _before(text: str, lo: int, verb_start: int) -> tuple[int, int] | None:
    """The subject phrase ending right before `verb_start` (auxiliaries already skipped)."""
    end = verb_start
    start = end
    while start > lo:
        boundary = _LAST_BOUNDARY.search(text, lo, start)
        if boundary is None:
            start = lo
            break
        at = boundary.start()
        # Step over an acronym in brackets: "The Office for National Statistics (ONS) said".
        acronym = _ACRONYM.search(text, max(lo, at - 13), at + 1) if text[at] == ")" else None
        if acronym is None:
            start = at + 1
            break
        start = acronym.start()
    words = list(_WORD.finditer(text, start, end))
    cut = 0
    for i, w in enumerate(words):
        if w.group().lower().strip(",") in _CLAUSE_WORDS:
            cut = i + 1
    words = words[cut:]
    if not words:
        return None
    return words[0].start(), words[-1].end()


def _before_apposition(text: str, lo: int, end: int) -> tuple[int, int] | None:
    """ "Janan Sayiq, spokesman for the ministry, said": the name before the apposition."""
    end = len(text[lo:end].rstrip()) + lo
    if end <= lo or text[end - 1] != ",":
        return None
    apposition = _before(text, lo, end - 1)
    if apposition is None:
        return None
    name_end = len(text[lo : apposition[0]].rstrip()) + lo
    if name_end <= lo or text[name_end - 1] != ",":
        return apposition
    name = _before(text, lo, name_end - 1)
    if name is not None and text[name[0]].isupper() and _valid(text[name[0] : name[1]]):
        return name
    return apposition


def _after(text: str, start: int, hi: int) -> tuple[int, int] | None:
    """The source phrase starting at `start` ("the Ukrainian coordination office")."""
    words: list[re.Match[str]] = []
    for w in _WORD.finditer(text, start, hi):
        token = w.group()
        bare = token.strip(_BOUNDARY_CHARS + ".")
        if words and bare.lower() in _TAIL_STOP:
            break
        if not bare:
            break
        words.append(w)
        if token[-1] in _BOUNDARY_CHARS or (token.endswith(".") and not _is_initial(token)):
            break
        if len(words) >= _MAX_WORDS:
            break
    if not words:
        return None
    end = words[-1].end()
    while end > start and text[end - 1] in _BOUNDARY_CHARS + ".’'":
        end -= 1
    return words[0].start(), end


def _is_initial(token: str) -> bool:
    return _INITIAL.fullmatch(token) is not None


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: Sequence[int], end: int
) -> list[re.Match[str]]:
    """pattern.finditer(text, starts[0], end), for a pattern whose every match starts at
    one of `starts` (sorted) and ends before the next one: one match per offset."""
    return [m for at in starts if (m := pattern.match(text, at, end))]


def _inverted_at(text: str, start: int, end: int, cues: Sequence[int]) -> list[re.Match[str]]:
    """_INVERTED.finditer(text, start, end), tried only at the mark before each cue word:
    a match is a mark, space and a speech verb, so it starts at the last character
    before the verb that is not space."""
    found: list[re.Match[str]] = []
    pos = start
    for cue in cues:
        at = cue - 1
        while at >= pos and text[at].isspace():
            at -= 1
        if at >= pos and text[at] in _INVERTED_MARKS and (m := _INVERTED.match(text, at, end)):
            found.append(m)
            pos = m.end()
    return found


def _cue_matches(
    text: str, start: int, end: int, cues: Sequence[int] | None
) -> tuple[list[re.Match[str]], list[re.Match[str]], list[re.Match[str]]]:
    """The "according to"/"citing", inverted ("..., said X") and speech-verb matches of
    one sentence.

    With `cues` (the offsets of the sentence's tokens that may be cue words, as
    Scan.anchored(CUE_WORDS) gives them) the patterns are tried there only: each holds a
    cue word at a word boundary, so no match is elsewhere. Without, each pattern searches
    the sentence.
    """
    if cues is not None:
        return (
            _matches_at(_ACCORDING, text, cues, end),
            _inverted_at(text, start, end, cues),
            _matches_at(_VERB, text, cues, end),
        )
    according = may_hold(text[start:end], ("according", "citing"))
    return (
        list(_ACCORDING.finditer(text, start, end)) if according else [],
        list(_INVERTED.finditer(text, start, end)),
        list(_VERB.finditer(text, start, end)),
    )


def find_attributions(
    text: str, start: int, end: int, cues: Sequence[int] | None = None
) -> list[Attribution]:
    """Every attribution in text[start:end] (one sentence), in order of their cue.

    `cues`: offsets in the sentence of every token that may be a cue word, when the caller
    has scanned the text (the patterns then run only there; the result is the same).
    """
    found: dict[int, Attribution] = {}
    according, inverted, verbs = _cue_matches(text, start, end, cues)
    for m in according:
        span = _after(text, m.end(), end)
        if span and _valid(text[span[0] : span[1]]):
            found[m.start()] = _attribution((_clean(text[span[0] : span[1]]), *span, m.start(), ()))
    for m in inverted:
        span = _after(text, m.end(), end)
        if span and _valid(text[span[0] : span[1]]):
            found[m.start()] = _attribution((_clean(text[span[0] : span[1]]), *span, m.start(), ()))
    for m in verbs:
        if any(
            a.start <= m.start() < a.end or a.anchor <= m.start() < a.start for a in found.values()
        ):
            continue
        verb_start = m.start()
        agent = _BY_AGENT.match(text, m.end(), end)
        span = _after(text, agent.end(), end) if agent is not None else None
        if span is not None and _valid(text[span[0] : span[1]]):
            # a passive verb names its speaker after it: "81,000 counted by the police"
            found[verb_start] = Attribution(_clean(text[span[0] : span[1]]), *span, verb_start)
            continue
        # Step back over auxiliaries/adverbs so "has also said" leaves the subject alone.
        subject_end = verb_start
        while True:
            aux = _AUX_BEFORE.search(text, max(start, subject_end - 16), subject_end)
            if aux is None:
                break
            subject_end = aux.start()
        span = _before(text, start, subject_end) or _before_apposition(text, start, subject_end)
        if span is None:
            continue
        phrase = text[span[0] : span[1]]
        lead = _LEADING_ADVERBIAL.match(phrase)
        if lead is not None and lead.end() < len(phrase):
            # "Later the same day Ukraine’s presidency confirmed": the adverbial is no speaker.
            span = (span[0] + lead.end(), span[1])
            phrase = text[span[0] : span[1]]
        if not _valid(phrase):
            # "later the same day Ukraine’s presidency confirmed": the subject is the named part.
            named = _CAPITAL.search(phrase)
            if named is not None and named.start() > 0:
                span = (span[0] + named.start(), span[1])
                phrase = text[span[0] : span[1]]
        if _valid(phrase) and not phrase.lower().startswith(("it ", "this ", "there ")):
            found[verb_start] = _attribution((_clean(phrase), *span, verb_start, ()))
    return [found[k] for k in sorted(found)]


def choose(attributions: list[Attribution], offset: int) -> Attribution | None:
    """The attribution governing a figure at `offset`: the nearest cue in its sentence."""
    if not attributions:
        return None
    return min(attributions, key=lambda a: abs(a.anchor - offset))


@dataclass
class SourceResolver:
    """Resolves short references against names the article has already used."""

    text: str
    _last: str | None = None
    _last_person: str | None = None
    _seen: list[str] = field(default_factory=list)

    _last_person_at: int = -1

    # the names and titled people of the whole text, read only when a short reference
    # ("he", "Mr. Loubinets") needs them: a third of the articles never do

    @cached_property
    def _first_by_surname(self) -> dict[str, tuple[int, str]]:
        """Each surname's first full name in the text, and where it stands."""
        first: dict[str, tuple[int, str]] = {}
        for m in _NAME.finditer(self.text):
            name = m.group()
            if not _HONORIFIC.match(name):
                first.setdefault(name.rsplit(" ", 1)[-1], (m.start(), name))
        return first

    @cached_property
    def _people(self) -> list[tuple[int, str]]:
        """Names after a title or role word ("Prime Minister Rishi Sunak"), in text order."""
        text = self.text
        starts: set[int] = set()
        for stem in _TITLE_STEMS:  # str.find in C, rather than the pattern at every position
            at = text.find(stem)
            while at >= 0:
                starts.add(at)
                at = text.find(stem, at + 1)
        return [(m.start(1), m.group(1)) for m in finditer_at(_TITLED, text, sorted(starts))]

    @cached_property
    def _people_starts(self) -> list[int]:
        return [start for start, _ in self._people]

    def _person_before(self, offset: int) -> str | None:
        """The person "he"/"she" most likely means: last quoted or last titled name before."""
        i = bisect_left(self._people_starts, offset) - 1
        if i >= 0 and self._people[i][0] > self._last_person_at:
            start, name = self._people[i]
            if " " not in name:
                name = self._full_name(name, start) or name
            return name
        return self._last_person

    def resolve(self, attribution: Attribution) -> Attribution:
        source = attribution.source
        notes = list(attribution.notes)
        lowered = source.lower()
        if lowered in _PRONOUNS:
            if lowered in _PERSON_PRONOUNS:
                target = self._person_before(attribution.start)
            else:
                target = self._last
            if target is None:
                return attribution
            notes.append(f"source resolved from {source!r}")
            source = target
        elif _THE_NOUN.fullmatch(source):
            # "the ministry" -> the fuller source seen earlier ("Russia’s defence ministry").
            tail = source.split(None, 1)[1]
            for earlier in reversed(self._seen[-_RECENT:]):
                if earlier.lower().endswith(tail.lower()) and earlier.lower() != lowered:
                    notes.append(f"source resolved from {source!r}")
                    source = earlier
                    break
        else:
            surname = self._surname(source)
            if surname is not None:
                full = self._full_name(surname, attribution.start)
                if full is not None and full != source:
                    notes.append(f"source resolved from {source!r}")
                    source = full
        resolved = _attribution(
            (source, attribution.start, attribution.end, attribution.anchor, tuple(notes))
        )
        self._last = source
        self._seen.append(source)
        if source[0].isupper() and _NAME.search(source):
            self._last_person = source
            self._last_person_at = attribution.end
        return resolved

    @staticmethod
    def _surname(source: str) -> str | None:
        m = _HONORIFIC.match(source)
        if m:
            return m.group("surname")
        if _SURNAME.fullmatch(source):
            return source
        return None

    def _full_name(self, surname: str, before: int) -> str | None:
        first = self._first_by_surname.get(surname)
        if first is None or first[0] >= before or " " not in first[1]:
            return None
        words = first[1].split()
        return " ".join(words[-2:]) if len(words) > 2 else first[1]
