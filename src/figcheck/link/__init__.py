"""Which claims state the same real-world quantity (stage `link`).

Sameness is value-blind: it is decided from what each claim's `Reading`
says it counts (thing, category or state, side, place), its story and its
timing, never from the figures. Two figures that cannot both hold are exactly
what cross-checking exists to report, so a disagreement must never be the
reason two claims get different keys. A property test changes figures and
checks that the keys do not change.

- never across stories (articles about other events) or units that do not convert
  ("75 basis points" and "three-quarters of a percentage point" in two reports may
  be one; in one report a conversion beside its figure is a claim of its own);
- a count that changes while it is counted (a toll, a running total) gets one
  key per moment it was stated for: two reports of the same day share it, the
  next day's figure is the next key of the series (crosscheck relates them);
- any feature known for both claims and different keeps them apart; a feature
  one claim leaves unknown joins the group that fits it best, and only when
  one group fits better than every other (ambiguity keeps it apart, noted);
- a link needs positive evidence: the same category, a specific thing counted,
  the same side, or measures worded alike.

An optional story-level linker (an LLM, `figcheck.llm.linker`) sees every
claim of a story at once and proposes groups; code validates its ids and the
rules' hard constraints (unit, story, a running total against a single figure,
changing counts the text dates to different days) before merging anything.

Blocking keeps this near-linear: claims meet only the groups of their own
(story, unit, scope, category) block, and a block that grows past
`_BLOCK_LIMIT` groups is split, with a note on the claims it touches.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from figcheck.models import Article, Claim, Links, Reading, Scope, collector_paused, compact_copy
from figcheck.normalise._numwords import TENS, UNITS
from figcheck.normalise._qualifiers import MAGNITUDES, PREFIXES, VAGUE, VAGUE_MULTIPLIERS
from figcheck.normalise.units import family
from figcheck.read._lexicon import (
    ACTION_WORDS,
    CAPTIVE_STATES,
    DEMONYMS,
    STOPWORDS,
    TALLIES,
    TOTAL_RE,
    UNIT_WORDS,
    WEAK_ACTION_WORDS,
)
from figcheck.read._quantity import nouns_compatible
from figcheck.read._stories import claim_stories

_SLUG = re.compile(r"[^a-z0-9]+")
_BLOCK_LIMIT = 400  # groups one claim is compared with at most; larger blocks are split
_SAME_NAME = 80  # a place's name spelt two ways ("Marrakech", "Marrakesh") is one place
_GENERIC_NOUNS = frozenset({"people", "figure", "events"})
# words that name a war's course: "15 months of fighting", "of intense conflict", "of war"
_WAR = frozenset(
    {"war", "fighting", "conflict", "offensive", "bombardment", "hostilities", "invasion"}
)
_SAME_EVENT_DAYS = 7  # reports of one event without an event date come within a week
_REPORTED_WITHIN_DAYS = 45  # a figure dated in the text is reported within weeks
_SAME_SERIES_DAYS = 120  # a toll's text dates (event, updates) stay within a season
_UNREAD = Reading(reader="none")

StoryLinker = Callable[[list[Claim]], "Links | list[list[str]] | None"]
"""Proposes groups of claim ids and relations (one story's claims in); None = no answer."""


@dataclass(frozen=True)
class Decision:
    """Whether two readings may state one quantity, and why (for notes and tests)."""

    same: bool
    reason: str
    score: int = 0
    # the link rests on a category ("killed", "on board") alone: no side, no thing named,
    # no words or subject in common; weak ground on which to call two figures one
    by_category: bool = False


def reading(claim: Claim) -> Reading:
    return claim.reading or _UNREAD


def same_quantity(a: Claim, b: Claim) -> Decision:
    """Whether two claims (of one story) state one quantity, from their readings alone."""
    return _decide(a, b, reading(a), reading(b))


def _decide(a: Claim, b: Claim, ra: Reading, rb: Reading) -> Decision:
    apart = _apart(a, b, ra, rb)
    if apart:
        return Decision(False, apart)
    score, why, by_category = _evidence(a, b, ra, rb)
    if score <= 0:
        return Decision(False, why or "nothing read tells that they count the same thing")
    return Decision(True, why, score, by_category)


def _apart(a: Claim, b: Claim, ra: Reading, rb: Reading) -> str | None:
    """The first feature known for both claims that differs, as a reason; None if none does."""
    if ra.unit != rb.unit and (a.article == b.article or family(ra.unit) != family(rb.unit)):
        # in one report a figure in another unit is a conversion stated beside it ("366 km
        # (227 miles)"): a claim of its own, checked as a conversion; across reports
        # "75 basis points" and "three-quarters of a percentage point" may be one quantity
        return f"different units ({ra.unit} vs {rb.unit})"
    if a.article == b.article and ra.listed is not None and ra.listed == rb.listed:
        # "24 locals and 117 Rohingya": whatever the figures, items of one list are
        # counts of different things
        return "items of one list of counts"
    if ra.changing != rb.changing:
        return "a changing count and a fixed one"
    if _family(a, ra) != _family(b, rb):
        return "a running total and a single figure"
    if ra.changing and ra.moment != rb.moment:
        return f"a changing count stated at different moments ({ra.moment} vs {rb.moment})"
    if ra.since and rb.since and ra.since != rb.since and _totals(a, b):
        return "running totals from different start dates"
    if ra.date and rb.date and ra.date != rb.date:
        across = a.article != b.article
        events = a.scope == Scope.event and b.scope == Scope.event
        if _dated(ra) and _dated(rb) and not (ra.changing and (across or not events)):
            # a toll's text date may be its event's or its update's ("Sunday's quake
            # killed 398", said Monday): across reports, or against a running toll, the
            # moment decides; two event tolls of one report on two dates are two events
            return f"different dates ({ra.date} vs {rb.date})"
        apart = abs((ra.date - rb.date).days)
        if _dated(ra) and _dated(rb) and apart > _SAME_SERIES_DAYS:
            return f"dates {apart} days apart ({ra.date} vs {rb.date}): different events"
        stable = ra.changing or ra.unit == "magnitude"
        if _dated(ra) != _dated(rb):
            # a publication date stands in for a date the text does not give: it only
            # bounds the event from above ("in August", reported on 1 September)
            stated, published = (ra.date, rb.date) if _dated(ra) else (rb.date, ra.date)
            if not stable and not 0 <= (published - stated).days <= _REPORTED_WITHIN_DAYS:
                return f"stated for {stated}, reported {published}: different events"
        elif not stable and apart > _SAME_EVENT_DAYS:
            return (
                f"no common event date: {ra.date} vs {rb.date}"
                " (publication date where the text gives none)"
            )
    if ra.role != rb.role:
        return f"a {ra.role or 'level'} and a {rb.role or 'level'} are different quantities"
    if _subset(ra) != _subset(rb):
        return f"an increment or remainder is not the total ({ra.subset} vs {rb.subset})"
    if _subset(ra) == "more" and a.article != b.article:
        # "found three more bodies", "pulled five more bodies out": each report's increment
        # counts from its own last figure
        return "increments in different reports count from different figures"
    if ra.part != rb.part and (
        a.article == b.article
        or (
            _similar(_rich(ra.descriptor), _rich(rb.descriptor)) < 85
            and not (ra.place and ra.place == rb.place)
        )
    ):
        # one outlet lists "one Filipino" in a breakdown, another reports it alone: across
        # reports a part and a lone figure counting one named thing (or one place's
        # share: "119,000 of them in Paris", "119,000 marchers in Paris") are one quantity
        return "one is a part of a larger figure, the other is not"
    if ra.part and _similar(ra.descriptor, rb.descriptor) < 85 and not _one_sub_group(a, b, ra, rb):
        return "parts naming different sub-groups"
    # a sub-area's count is not the whole area's; but "winds of 209 km/h near Sittwe" says
    # where a storm's speed was measured, not which share of it
    measured_where = not ra.count and not (ra.place and rb.place)
    if ra.place != rb.place and not measured_where:
        return (
            f"different places ({ra.place or 'the whole area'} vs {rb.place or 'the whole area'})"
        )
    # side, then action (spelt out: getattr by name cost more than the tests)
    if ra.side and rb.side and ra.side != rb.side:
        return f"different side ({ra.side} vs {rb.side})"
    if ra.action and rb.action and ra.action != rb.action:
        return f"different action ({ra.action} vs {rb.action})"
    if (
        ra.action in TALLIES
        and ra.action == rb.action
        and ra.subject
        and rb.subject
        and ra.subject != rb.subject
    ):
        # "the DA has 3,494,750 votes", "the MK party collected 2,338,381 votes": a vote or
        # seat tally belongs to the party or candidate its clause is about
        return f"tallies of different parties or candidates ({ra.subject} vs {rb.subject})"
    if bool(ra.side) != bool(rb.side) and a.article == b.article:
        # one report names whose figure it is for one claim only: the whole and one side's
        return "one side's figure and an unsided one in the same report"
    if bool(ra.side) != bool(rb.side) and TOTAL_RE.search(a.quote if rb.side else b.quote):
        # "a total of 1,301 people died" is everyone's, never one country's 165
        return "a total and one side's figure"
    if ra.state and rb.state and ra.state != rb.state and not _acted_alike(ra, rb):
        return f"different state ({ra.state} vs {rb.state})"
    nouns = nouns_compatible(ra.noun, rb.noun)
    if nouns is False:
        return f"different things counted ({ra.noun} vs {rb.noun})"
    if nouns is None and ra.noun and rb.noun and _similar(ra.descriptor, rb.descriptor) < 90:
        return f"{ra.noun} and {rb.noun} may be different people"
    if _item_and_everyone(a, b, ra, rb):
        return "an item of a list of counts and a figure for everyone"
    if _named_apart(a, b, ra, rb):
        return f"different things named ({a.quote!r} vs {b.quote!r})"
    if ra.anchor and rb.anchor and not _same_anchor(ra.anchor, rb.anchor):
        return f"lengths of different things ({ra.anchor} vs {rb.anchor})"
    if ra.unit == "magnitude" and _aftershock(ra) != _aftershock(rb):
        return "a main quake's magnitude and an aftershock's"
    if ra.unit == "age" and a.article != b.article:
        return f"{ra.unit}s in different articles are of different things"
    return None


def _evidence(a: Claim, b: Claim, ra: Reading, rb: Reading) -> tuple[int, str, bool]:
    """How much the two readings positively share (0 = nothing), a reason, and whether
    a category alone is shared (`Decision.by_category`)."""
    if not ra.count and ra.unit is not None:
        if ra.unit == "magnitude":
            return 3, "magnitude of the story's quake", False
        score = _similar(_rich(ra.descriptor), _rich(rb.descriptor))
        if score >= 90:
            return 2, f"same {ra.unit}, measures read alike ({score:.0f}/100)", False
        if ra.unit == "duration" and _WAR & _words(ra.descriptor) and _WAR & _words(rb.descriptor):
            return 2, "durations of the war", False
        if ra.anchor and rb.anchor and _same_anchor(ra.anchor, rb.anchor):
            # "southwest of Marrakech", "of the city of Marrakesh": one distance, spelt apart
            return 2, f"distances from {ra.anchor}", False
        return 0, f"{ra.unit} of possibly different things ({score:.0f}/100)", False
    shared: list[str] = []
    score = 0
    by_category = True
    # action, side, state (spelt out: getattr by name cost more than the tests)
    if ra.action and ra.action == rb.action:
        score += 3
        shared.append(str(ra.action))
    if ra.side and ra.side == rb.side:
        score += 2
        shared.append(str(ra.side))
        by_category = False
    if ra.state and ra.state == rb.state:
        score += 2
        shared.append(str(ra.state))
    common = bool(shared)  # one of them known for both and the same
    specific = ra.noun if ra.noun not in _GENERIC_NOUNS else rb.noun
    if ra.noun and rb.noun and nouns_compatible(ra.noun, rb.noun) and specific:
        score += 1 if specific in _GENERIC_NOUNS else 2
        shared.append(specific)
        by_category = by_category and specific in _GENERIC_NOUNS
    similar = _similar(_rich(ra.descriptor), _rich(rb.descriptor))
    if similar >= 90 and not common:
        # with nothing else in common, "people" in both says nothing of which people, nor
        # "customers" in a story where most figures count customers
        plain = _STORY_WORDS.get({}).get(a.article, _ANYONE)
        if _similar(_named(ra.descriptor, plain), _named(rb.descriptor, plain)) < 90:
            similar = 0.0
    if similar >= 90:
        score += 2
        shared.append(f"measures alike {similar:.0f}/100")
        by_category = False
    if _about_one_name(a, b, ra, rb):
        # no category word says what is measured ("rose 1.46% to 3,789.99"), but both
        # clauses are about one name (the S&P 500): one measure of it
        score += 2
        shared.append(f"about {ra.subject}")
        common = True
        by_category = False
    # a class of people alone ("civilians": children, women) is evidence only with words alike
    named = bool(ra.noun and ra.noun == rb.noun and ra.noun not in _GENERIC_NOUNS)
    named = named and similar >= 60
    if not common and similar < 90 and not named:
        return 0, "no category, side or specific thing counted in common", False
    if ra.changing:
        shared.append(f"stated {ra.moment or 'undated'}")
    return score, "same " + ", ".join(shared), by_category and not named


def _about_one_name(a: Claim, b: Claim, ra: Reading, rb: Reading) -> bool:
    """Both clauses name one subject, no category word reads what either counts, and
    their quotes name the same thing or nothing ("3,789.99", not "a five-session run")."""
    if not ra.subject or ra.subject != rb.subject:
        return False
    one_unread_tally = (_unread(ra) and rb.action in TALLIES) or (
        _unread(rb) and ra.action in TALLIES
    )
    if one_unread_tally and ra.unit == "percent":
        # a party's share read with no category ("the DA came second with 21.81 percent")
        # is that party's share of the vote another clause reads as votes
        return True
    if not (_unread(ra) and _unread(rb)):
        return False
    ta, tb = _things(a), _things(b)
    return (_vague(ta) and _vague(tb)) or bool(ta & tb)


def _one_sub_group(a: Claim, b: Claim, ra: Reading, rb: Reading) -> bool:
    """Two parts whose own words or group name one sub-group, however their measures
    are worded ("seven children" among the dead in two reports; "117 Rohingya")."""
    if ra.side and ra.side == rb.side and ra.side != "each":
        return True
    shared = (_things(a) & _things(b)) - _CATEGORIES
    return not _vague(shared)


def _unread(r: Reading) -> bool:
    """No category word read what the figure counts: its subject name is what says so."""
    return not r.action and r.noun in (None, *_GENERIC_NOUNS)


def _acted_alike(ra: Reading, rb: Reading) -> bool:
    """One known action for both, and one state only says how captives were first taken.

    "Taken" describes who the captives are ("13 hostages taken on 7 October were
    freed"), not where they stand now; with the same action read for both claims
    ("returned") it does not overrule it. Held, released and dead always do.
    """
    return bool(ra.action and ra.action == rb.action) and "taken" in (ra.state, rb.state)


# a category word stands for its category: "68 passengers" names those on board, as
# "on board" does; "19 deaths" and "19 people killed" name one thing
_CATEGORY_OF = {
    word: name
    for table in (ACTION_WORDS, CAPTIVE_STATES, WEAK_ACTION_WORDS)
    for name, words in table.items()
    for phrase in words
    for word in phrase.split()
    if word not in STOPWORDS or phrase == word  # "of" in "population of" names nothing
}
_CATEGORIES = frozenset(_CATEGORY_OF.values())
# words that name anyone: "72 people" may be the passengers or the crew
_ANYONE = frozenset({"people", "person", "persons", "individuals", "figure", "total", "number"})
# a story's own plain words (plain_words), by article, while `_link_keys` links it
_STORY_WORDS: ContextVar[dict[str, frozenset[str]]] = ContextVar("_STORY_WORDS")
_STORY_WORDS_FROM = 10  # figures a story needs before its commonest words count as plain
_PLAIN_SHARE = 3  # a word describing one figure in three of its story is plain there


_WORD = re.compile(r"[a-z]+")
# qualifier words come from the normaliser's own table; these pronouns point at a whole
_QUALIFYING = frozenset(w for phrase in PREFIXES for w in phrase.split()) | {
    *("another", "other", "those", "these", "them", "whom", "which", "its", "their", "the"),
}


def _things(claim: Claim) -> frozenset[str]:
    return _things_named(claim.quote, claim.figure_text or "")


@lru_cache(maxsize=65536)
def _things_named(quote: str, figure: str) -> frozenset[str]:
    """The words of a claim's own quote that name what it counts ("crew members", not
    "four"), a category word standing for its category ("passengers": on board).

    The figure itself is taken out first ("the fifth", "several", "about fifty"), so
    names never depend on how the figure is written; other verb forms ("counted",
    "including") say how, not what: they are dropped.
    """
    if figure:
        quote = quote.replace(figure, " ", 1)
    found: set[str] = set()
    for word in _WORD.findall(quote.lower()):
        stem = word.removesuffix("s")
        category = _CATEGORY_OF.get(word) or _CATEGORY_OF.get(stem)
        if category:
            found.add(category)
        elif len(word) > 2 and not word.endswith(("ed", "ing")) and not {word, stem} & _NOT_THINGS:
            found.add(stem)
    return frozenset(found)


# number words of figures given without their figure text (gold claims): the normaliser's
_NUMBER_WORDS = (
    frozenset(
        word
        for phrase in (*UNITS, *TENS, *MAGNITUDES, *VAGUE, *VAGUE_MULTIPLIERS)
        for word in phrase.split()
    )
    | {f"{magnitude}s" for magnitude in MAGNITUDES}
    | {"half", "quarter", "third", "trillion"}
)


def _item_and_everyone(a: Claim, b: Claim, ra: Reading, rb: Reading) -> bool:
    """An item of a list of counts ("117 Rohingya, four soldiers and 24 local residents")
    names a sub-group; a figure that names no one in particular ("145 people") is the
    whole they make up, in any report."""
    if (ra.listed is None) == (rb.listed is None):
        return False
    item, other = (a, b) if ra.listed is not None else (b, a)
    # "175 dead and 1,400 injured" lists categories, not sub-groups
    group = _things(item) - _CATEGORIES
    return not _vague(group) and _vague(_things(other))


def _named_apart(a: Claim, b: Claim, ra: Reading, rb: Reading) -> bool:
    """Two counts whose quotes name different things ("four crew members", "68
    passengers", "three infants") with no word in common.

    A shared category (on board, killed) is not enough when each figure names what it
    counts and the names differ; a general word ("people"), one noun class (soldiers,
    troops) or a quote that names nothing ("1.09 million") never keeps them apart.
    """
    if not (ra.count and rb.count) or _one_nationality(ra, rb):
        return False
    # _names_clash against the one name of b, without building a set of it per pair
    things = _things(a)
    return not _vague(things) and _other_name(things, ra.noun, rb.noun, _things(b))


def _one_nationality(ra: Reading, rb: Reading) -> bool:
    """Both name one side ("one Irish citizen", "one Irish national"): the side is what they
    count, and the words beside it (citizen, national, hostage) say how they were counted."""
    return bool(ra.side) and ra.side == rb.side and ra.side != "each"


def _names_clash(
    things: frozenset[str], r: Reading, others: set[tuple[str | None, frozenset[str]]]
) -> bool:
    """Whether a count naming `things` names something else than any of `others`."""
    if not r.count or _vague(things):
        return False
    return any(_other_name(things, r.noun, noun, theirs) for noun, theirs in others)


def _other_name(
    things: frozenset[str], own: str | None, noun: str | None, theirs: frozenset[str]
) -> bool:
    """Whether a count naming `things` (its noun class `own`) names something else than
    `theirs` (of noun class `noun`)."""
    return not (own and own == noun) and not _vague(theirs) and not (things & theirs)


def name_other_things(a: Claim, b: Claim) -> bool:
    """Whether two counts' own words name different things and share none ("15 protest",
    "60 explosive devices"), whatever else is read of them: a value-blind test the
    cross-checker asks of figures it weighs across events, which link never grouped."""
    things = _things(a)
    return not _vague(things) and _other_name(things, None, None, _things(b))


def _vague(things: frozenset[str]) -> bool:
    """A quote that names nothing, or only anyone ("72 people")."""
    return not things or things <= _ANYONE


def _family(claim: Claim, r: Reading) -> str:
    """A running total since a start date is not a single event's figure; but a count that
    changes while it is counted (an outbreak's deaths, a quake's toll) is one series whether
    a report says "since the first case" or not ("19 deaths since mid-September", "claimed
    19 lives"): its moment, not its wording, tells its figures apart."""
    if r.changing:
        return "changing"
    return "total" if claim.scope == Scope.cumulative and r.since is not None else "figure"


def _totals(a: Claim, b: Claim) -> bool:
    return a.scope == Scope.cumulative and b.scope == Scope.cumulative


def _dated(r: Reading) -> bool:
    return r.date is not None and not r.date_assumed


_UNIT_WORDS = UNIT_WORDS
# what a quote's words may be besides the thing counted (set up after _UNIT_WORDS)
_NOT_THINGS = STOPWORDS | DEMONYMS | _QUALIFYING | _UNIT_WORDS | _NUMBER_WORDS


_AFTERSHOCK = frozenset({"aftershock", "aftershocks", "foreshock", "foreshocks"})


def _rich(descriptor: str) -> str:
    """The words of a measure that say which thing is measured, not in which unit."""
    return " ".join(w for w in descriptor.split() if w not in _UNIT_WORDS)


def _same_anchor(a: str, b: str) -> bool:
    """One place, however spelt ("Marrakech", "Marrakesh"), or one length of a thing."""
    return fuzz.ratio(a, b) >= _SAME_NAME


def _named(descriptor: str, plain: frozenset[str] = _ANYONE) -> str:
    """A count's descriptor less the words that name anyone ("people", "persons") and,
    within a story, those most of its figures share."""
    return " ".join(w for w in _rich(descriptor).split() if w not in plain)


def plain_words(claims: list[Claim], stories: dict[str, str]) -> dict[str, frozenset[str]]:
    """Each article's plain words: `_ANYONE`, and the words of its story's measures that
    describe a third or more of the story's figures.

    In a data breach's reports nearly every figure counts "customers", as every figure
    of a flood counts "people": the word says which story a figure is from, not which
    of its quantities. Learnt from each story's own figures rather than listed, so a
    vote count's "votes" or an index's "points" are plain words in their own stories.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    sizes: Counter[str] = Counter()
    for claim in claims:
        story = stories.get(claim.article, claim.article)
        sizes[story] += 1
        counts[story].update(set(_rich(reading(claim).descriptor).split()))
    plain: dict[str, frozenset[str]] = {}
    for story, words in counts.items():
        if sizes[story] >= _STORY_WORDS_FROM:
            common = {w for w, n in words.items() if n * _PLAIN_SHARE >= sizes[story]}
            plain[story] = _ANYONE | common
    return {article: plain.get(story, _ANYONE) for article, story in stories.items()}


def _aftershock(r: Reading) -> bool:
    return bool(_AFTERSHOCK & _words(r.descriptor))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return float(fuzz.token_set_ratio(a, b))


@dataclass
class _Group:
    rep: int  # the first member: its claim stands for the group
    profile: Reading  # its reading, unknown features filled from later members
    members: list[int] = field(default_factory=list)
    # (noun, things named) of its members, each distinct pair once: a claim is checked
    # against these, not against every member, so a big group costs no more
    names: set[tuple[str | None, frozenset[str]]] = field(default_factory=set)
    # members by article: a claim must also be compatible with its own report's members
    by_article: dict[str, list[int]] = field(default_factory=dict)
    merged: bool = False  # its members moved to an earlier group (`_merge_tied`)

    def absorb(self, r: Reading) -> None:
        """Features the group did not know yet, learnt from a new member."""
        update = {
            name: getattr(r, name)
            for name in ("action", "side", "state", "noun")
            if getattr(r, name) and not getattr(self.profile, name)
        }
        if update:
            self.profile = self.profile.model_copy(update=update)


def _block(claim: Claim, r: Reading, story: str) -> tuple[str, ...]:
    """Coarse block: only a block's claims can state one quantity."""
    moment = str(r.moment) if r.changing else ""
    return (
        story,
        family(r.unit) or "",
        _family(claim, r),
        moment,
        _subset(r) or "",
        r.role or "",
    )


def _subset(r: Reading) -> str | None:
    """An increment matters against a count that grows ("179 more deaths" is not the toll);
    a fixed figure's "more" is wording: "added 187,000 more workers" is the jobs added."""
    return None if r.subset == "more" and not r.changing else r.subset


def block_of(claim: Claim, story: str) -> tuple[str, ...]:
    """The block a claim is linked in: claims of different blocks never share a key,
    so a corpus can be linked block by block (figcheck.engine) with the same result."""
    return _block(claim, reading(claim), story)


def number_keys(claims: list[Claim], group_of: Callable[[Claim], Hashable]) -> list[Claim]:
    """Keys of a corpus linked in parts, renamed as `link` of the whole names them.

    `claims` come in corpus order; `group_of` tells each claim's group apart
    from other parts' groups (e.g. its block and the key linking gave it there).
    A group is named from its first claim, and a name already taken by an
    earlier group gets the next suffix (-2, -3), as in `_keyed`.
    """
    names: dict[Hashable, str] = {}
    used: dict[str, int] = {}
    out: list[Claim] = []
    for claim in claims:
        group = group_of(claim)
        if group not in names:
            name = _name(claim, reading(claim))
            used[name] = used.get(name, 0) + 1
            names[group] = name if used[name] == 1 else f"{name}-{used[name]}"
        out.append(claim.model_copy(update={"key": names[group]}))
    return out


SPLIT_NOTE = "(block split)"


def link(
    claims: list[Claim],
    articles: Sequence[Article] | None = None,
    *,
    story_linker: StoryLinker | None = None,
    stories: dict[str, str] | None = None,
    plain: dict[str, frozenset[str]] | None = None,
) -> list[Claim]:
    """Copies of `claims` with `key` set so claims of the same quantity share it.

    `articles` is accepted for symmetry with cross_check and not read: the
    claims' readings carry what linking needs. `stories` (article id -> story
    id, as `claim_stories` of the whole corpus says) and `plain` (as
    `plain_words` of the whole corpus says) let a part of a corpus be linked
    exactly as it would be inside the whole.
    """
    del articles
    with collector_paused():
        keyed = _link(claims, stories, plain)
    if story_linker is not None:
        from figcheck.link._story import apply_story_links

        keyed = apply_story_links(keyed, story_linker)
    return keyed


def link_keys(
    claims: list[Claim], *, stories: dict[str, str] | None = None
) -> tuple[list[str], dict[int, list[str]]]:
    """What `link` (without a story linker) would set: each claim's key, and the notes it
    would add, by position; the claims are not copied.

    A corpus partition's claims are written out as soon as they are keyed
    (figcheck.engine.stream), so a copy of each, about 370 bytes a claim beside
    the claims themselves at the peak of linking a story whole, bought nothing.
    """
    with collector_paused():
        return _link_keys(claims, stories)


def _link(
    claims: list[Claim],
    stories: dict[str, str] | None = None,
    plain: dict[str, frozenset[str]] | None = None,
) -> list[Claim]:
    keys, notes = _link_keys(claims, stories, plain)
    return _keyed(claims, keys, notes)


def _link_keys(
    claims: list[Claim],
    stories: dict[str, str] | None = None,
    plain: dict[str, frozenset[str]] | None = None,
) -> tuple[list[str], dict[int, list[str]]]:
    stories = claim_stories(claims) if stories is None else stories
    readings = [reading(c) for c in claims]
    token = _STORY_WORDS.set(plain_words(claims, stories) if plain is None else plain)
    try:
        return _link_stories(claims, readings, stories)
    finally:
        _STORY_WORDS.reset(token)


def _link_stories(
    claims: list[Claim], readings: list[Reading], stories: dict[str, str]
) -> tuple[list[str], dict[int, list[str]]]:
    named = [_things(c) for c in claims]
    groups: list[_Group] = []
    # block -> category -> side -> day -> group ids: a claim meets only groups that could match
    blocks: dict[tuple[str, ...], Index] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    )
    notes: dict[int, list[str]] = defaultdict(list)
    for i, claim in enumerate(claims):
        r = readings[i]
        index = blocks[_block(claim, r, stories.get(claim.article, claim.article))]
        held, candidates = _candidates(index, r, _BLOCK_LIMIT)
        if held > _BLOCK_LIMIT:
            notes[i].append(
                f"its block held {held} possible quantities: compared with the"
                f" latest {_BLOCK_LIMIT} {SPLIT_NOTE}"
            )
        if not _may_show_evidence(r):
            candidates = []  # no group could give it positive evidence: it starts its own
        scored: list[tuple[tuple[int, ...], int]] = []
        for g in candidates:
            group = groups[g]
            if group.merged:
                continue  # its members are an earlier group's now, met through that one
            decision = _decide(claim, claims[group.rep], r, group.profile)
            if (
                decision.same
                and not _one_nationality(r, group.profile)
                and _names_clash(named[i], r, group.names)
            ):
                continue  # the group's other members name another thing
            if decision.same and _apart_in_report(claims, readings, i, group):
                continue  # a member of its own report is another quantity
            if decision.same:
                scored.append((_rank(decision, r, group.profile), g))
        chosen: int | None = None
        if scored:
            scored.sort(key=lambda t: t[0], reverse=True)
            if len(scored) > 1 and scored[1][0][:3] == scored[0][0][:3]:
                scored = _by_support(claims, readings, i, groups, scored)
            tied = [g for rank, g in scored if rank == scored[0][0]]
            if len(tied) > 1 and _merge_tied(claims, readings, groups, tied):
                chosen = min(tied)
                notes[i].append(
                    "fits groups that nothing keeps apart equally well: they are one quantity"
                )
            elif len(tied) > 1:
                rivals = ", ".join(claims[groups[g].rep].id for g in tied[:3])
                notes[i].append(f"could be the same quantity as any of {rivals}: kept apart")
            else:
                chosen = scored[0][1]
        if chosen is None:
            chosen = len(groups)
            groups.append(_Group(chosen, r))
            groups[chosen].rep = i
            index[r.action or ""][r.side or ""][_day(r)].append(chosen)
        group = groups[chosen]
        group.members.append(i)
        group.by_article.setdefault(claim.article, []).append(i)
        group.absorb(r)
        if r.count and not _vague(named[i]):
            group.names.add((r.noun, named[i]))
    return _keys(claims, readings, [g.members for g in groups if not g.merged]), notes


_MERGE_TIES = 3  # groups tied for one claim that may be merged, at most


def _merge_tied(
    claims: list[Claim], readings: list[Reading], groups: list[_Group], tied: list[int]
) -> bool:
    """Merge the groups a claim fits equally well into the earliest, when nothing keeps
    any two of them apart; True if merged.

    Claims join groups one at a time, so two reports of one quantity that shared no
    feature when they met ("five Indians", "Five Indian passengers") start two groups; a
    later claim that fits both equally well ("Five Indians aboard") shows they count one
    thing, unless their representatives, the things their members name or two members of
    one report tell them apart, or they share no category, side or state. Value-blind:
    only readings are compared.
    """
    if len(tied) > _MERGE_TIES:
        return False
    for g, h in itertools.combinations(sorted(tied), 2):
        a, b = groups[g], groups[h]
        if not _decide(claims[a.rep], claims[b.rep], a.profile, b.profile).same:
            return False
        if not share_a_category(a.profile, b.profile):
            return False  # a class of people alone ("women") says nothing of whose
        if _groups_name_apart(a, b) or _apart_across(claims, readings, a, b):
            return False
    into = groups[min(tied)]
    for g in sorted(tied)[1:]:
        other = groups[g]
        into.members.extend(other.members)
        for article, members in other.by_article.items():
            into.by_article.setdefault(article, []).extend(members)
        into.names |= other.names
        into.absorb(other.profile)
        other.members, other.by_article, other.merged = [], {}, True
    return True


def share_a_category(a: Reading, b: Reading) -> bool:
    """One action, side or state known for both and the same."""
    return any(
        x is not None and x == y
        for x, y in ((a.action, b.action), (a.side, b.side), (a.state, b.state))
    )


def _groups_name_apart(a: _Group, b: _Group) -> bool:
    """Some member of each names what it counts, and the names differ."""
    return any(
        not _vague(things) and _other_name(things, noun, theirs_noun, theirs)
        for noun, things in a.names
        for theirs_noun, theirs in b.names
    )


def _apart_across(claims: list[Claim], readings: list[Reading], a: _Group, b: _Group) -> bool:
    """A member of one group and a member of the other from one report are kept apart by
    a hard rule (bounded as `_apart_in_report`)."""
    for article, mine in a.by_article.items():
        for m in mine[-_SAME_REPORT_CHECKS:]:
            for n in b.by_article.get(article, [])[-_SAME_REPORT_CHECKS:]:
                if _apart(claims[m], claims[n], readings[m], readings[n]) is not None:
                    return True
    return False


def _rank(decision: Decision, r: Reading, profile: Reading) -> tuple[int, int, int, int, int]:
    """How well a claim fits a group that may state its quantity, best first.

    The evidence score decides; among groups it cannot tell apart, one in the claim's
    own unit (a report's "72 km" joins the other reports' kilometres, not the miles
    one of them gives beside them), then one whose text gives the claim's own date
    (not a publication date standing in for it) fits better, then the one more of
    whose members agree with it (`_by_support`, computed only for such ties), then
    one about the same named subject ("the Dow added about 300 points": the Dow's change,
    not the Nasdaq's), then the one that knows least the claim does not say: "24
    hostages" (no side, no state) fits the group of "24 freed" better than one side's
    "13 Israeli hostages taken". Only a tie on all is ambiguous. (Wording similarity
    as a further tie-break was tried and joined more wrong groups than right ones.)
    """
    same_day = int(_dated(r) and _dated(profile) and r.date == profile.date)
    same_subject = int(bool(r.subject) and r.subject == profile.subject)
    unsaid = int(bool(profile.side) and not r.side) + int(bool(profile.state) and not r.state)
    return decision.score, int(r.unit == profile.unit), same_day, same_subject, -unsaid


_SUPPORT_CHECKS = 8  # members of a tied group a claim is compared with, at most


def _by_support(
    claims: list[Claim],
    readings: list[Reading],
    i: int,
    groups: list[_Group],
    scored: list[tuple[tuple[int, ...], int]],
) -> list[tuple[tuple[int, ...], int]]:
    """The groups tied for a claim, ranked further by how many of their members it states
    the same quantity as.

    A group is compared through its profile, so one crowd estimate fits the crowd's
    group of ten reports and a stray "one stage" read as a protest count equally
    well. Most of the ten agree with it and the stray one alone: the support of a
    group's members (its latest few, so a big group costs no more) tells them apart.
    Equal support stays a tie, and the claim is kept apart as before.
    """
    best = scored[0][0][:3]
    claim, r = claims[i], readings[i]

    def support(g: int) -> int:
        members = groups[g].members[-_SUPPORT_CHECKS:]
        return sum(_decide(claim, claims[m], r, readings[m]).same for m in members)

    tied = [((*best, support(g), *rank[3:]), g) for rank, g in scored if rank[:3] == best]
    return sorted(tied, key=lambda t: t[0], reverse=True)


_SAME_REPORT_CHECKS = 8  # members of one report a joining claim is checked against, at most


def _apart_in_report(claims: list[Claim], readings: list[Reading], i: int, group: _Group) -> bool:
    """Whether a member of the claim's own report is kept apart from it by a hard rule.

    The group's representative may come from another outlet, where "one side's
    figure and an unsided one in the same report" or "items of one list" cannot
    be seen; within one report they are decisive. Bounded, so one huge report
    costs no more than a few checks per claim.
    """
    same = group.by_article.get(claims[i].article, [])
    return any(
        _apart(claims[i], claims[m], readings[i], readings[m]) is not None
        for m in same[-_SAME_REPORT_CHECKS:]
    )


def _day(r: Reading) -> str:
    """The date a fixed figure's text gives (its event's): two such dates never match."""
    return str(r.date) if _dated(r) and not r.changing and r.unit != "magnitude" else ""


Index = dict[str, dict[str, dict[str, list[int]]]]


def _pick(level: dict[str, Any], value: str | None) -> list[Any]:
    """A known feature looks in its own slot and the unknown one; an unknown looks in all."""
    if not value:
        return list(level.values())
    return [level[k] for k in (value, "") if k in level]


def _candidates(index: Index, r: Reading, limit: int) -> tuple[int, list[int]]:
    """How many groups of the same or an unknown category, side and event day the block
    holds, and the latest `limit` of them, in order.

    Each slot's ids grow in creation order and no id is in two slots, so the latest
    `limit` of the union are among the latest `limit` of each slot: sorting only those
    keeps a block of n groups from costing n log n for every claim that meets it.
    """
    slots: list[list[int]] = []
    for sides in _pick(index, r.action):
        for days in _pick(sides, r.side):
            slots.extend(_pick(days, _day(r)))
    held = sum(len(ids) for ids in slots)
    found: list[int] = []
    for ids in slots:
        found.extend(ids[-limit:] if limit > 0 else ())
    found.sort()
    return held, found[-limit:] if limit > 0 else []


def _may_show_evidence(r: Reading) -> bool:
    """Whether `_evidence` could score a claim read as `r` above 0 against any reading.

    A count whose reading has no category, side or state, no subject, no specific noun
    and a descriptor that is nothing but words naming anyone ("230 people") shares
    nothing positive with any group, whatever the group's profile: every evidence path
    in `_evidence` starts from one of those features of the claim's own reading. Telling
    so once per claim spares comparing it with every group of its block, all of which
    would decide "not the same" (tests/test_link.py checks this against `_evidence`).
    """
    if not r.count and r.unit is not None:
        return True  # measures are scored on their descriptors' words alone
    if r.action or r.side or r.state or r.subject:
        return True
    if r.noun and r.noun not in _GENERIC_NOUNS:
        return True
    return bool(_named(r.descriptor))


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def _name(claim: Claim, r: Reading) -> str:
    """Readable key for a group, from its first claim's reading."""
    if r.side == "each":
        who = "each-side"
    elif r.side:
        who = f"{r.side}s"
        if r.noun == "civilians":
            who += "-civilians"
    else:
        who = r.noun if r.noun and r.noun != "people" else ""
    thing = "-".join(x for x in (who, r.action or "", r.place or "") if x)
    if r.part or not thing or not r.action:
        words = _slug(" ".join(r.descriptor.split()[:4]))
        thing = "-".join(x for x in (_slug(thing), words) if x) or "figure"
    if r.changing:
        when = str(r.moment) if r.moment else "undated"
    else:
        when = str(r.date) if r.date else "undated"
    if claim.scope == Scope.cumulative:
        since = f"since-{claim.since.isoformat()}" if claim.since else "total"
        return f"{since}@{when}/{_slug(thing)}"
    return f"{when}/{_slug(thing)}"


def _keys(claims: list[Claim], readings: list[Reading], groups: list[list[int]]) -> list[str]:
    """Each claim's key, by position: its group's name, suffixed (-2, -3) when an earlier
    group took the name."""
    keys = [""] * len(claims)  # by claim: a list, as a dict costs ~100 bytes a claim more
    used: dict[str, int] = {}
    for members in groups:
        rep = members[0]
        name = _name(claims[rep], readings[rep])
        count = used.get(name, 0) + 1
        used[name] = count
        key = name if count == 1 else f"{name}-{count}"
        for i in members:
            keys[i] = key
    return keys


def _keyed(claims: list[Claim], keys: list[str], notes: dict[int, list[str]]) -> list[Claim]:
    out: list[Claim] = []
    for i, claim in enumerate(claims):
        update: dict[str, object] = {"key": keys[i]}
        if notes.get(i):
            update["notes"] = [*claim.notes, *notes[i]]
        out.append(compact_copy(claim, update))
    return out
