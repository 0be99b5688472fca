"""Which claims state the same real-world quantity (stage `link`).

Claims that count the same thing (same side's people, same happening, same
event date or the same running total at the same date) get one readable key,
within and across articles: ``2024-01-03/ukrainians-returned``,
``since-2022-02@2024-01-03/ukrainians-returned``. Rules decide first; pairs the
rules cannot decide go to an optional `assist` (an LLM), whose None leaves the
rules' answer (keep apart) and a note on the claim.

Precision first: a wrong link turns two true figures into a false conflict,
so a pair links only on positive evidence of sameness:

- never across stories (figcheck._stories: articles about other events);
- never across measure classes: dead, injured, missing, affected, ... differ,
  and so do people, homes, money, magnitudes, ages, distances and durations;
- never across sub-areas ("in Ludian county" vs "in Qiaojia county"), nor a
  sub-area's figure with an area-less one;
- figures that cannot both hold link only as two sources in one article, or
  as a stable fact (population, magnitude, budget) in two articles: one voice
  giving two figures counts two things, and tolls from two reports are two
  moments of the count (350 in an address, 413 in a later update);
- ages and durations only within one article; magnitudes, distances and other
  units only when their wording agrees.

Blocking keeps this linear-ish: claims are bucketed by story, scope and date,
and a claim is compared only with one representative of each group already in
its bucket, never with all claims.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from figcheck._attribution import same_speaker
from figcheck._collector import collector_paused
from figcheck._compare import Interval, loose, stated, strict
from figcheck._lexicon import CASUALTY_ACTIONS, TOLL_ACTIONS
from figcheck._quantity import Quantity, mark_siblings, nouns_compatible, read_quantity
from figcheck._stories import stories
from figcheck.models import Article, Claim, Qualifier, Scope

Assist = Callable[[Claim, Claim], bool | None]

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Decision:
    """The rules' answer for a pair: True/False, or None when they cannot decide."""

    same: bool | None
    reason: str


def same_quantity(
    a: Claim, b: Claim, qa: Quantity, qb: Quantity, *, pair: tuple[Bounds, Bounds] | None = None
) -> Decision:
    """Whether two claims count the same quantity, from their readings (see module docstring).

    Any feature known on both sides and different settles it (False); only
    then do unknown features make the pair undecided (None). `pair`: the two
    claims' (strict, loose) intervals, when the caller has them.
    """
    apart = _apart(a, b, qa, qb, pair)
    if apart:
        return Decision(False, apart)
    if qa.unit is not None and not qa.count:
        return _same_thing_measured(a, b, qa, qb, pair)
    if not _known(qa) or not _known(qb):
        return Decision(False, "nothing known about what one claim counts")
    if qa.date != qb.date and a.article != b.article:
        return Decision(None, "one date is unknown or assumed from publication")
    if a.scope == Scope.cumulative and qa.since != qb.since:
        return Decision(None, "one running total has no start date")
    if qa.place != qb.place:
        return Decision(None, "a sub-area is named for one claim only")
    if qa.side != qb.side:
        return Decision(None, "whose figure it is is unknown for one claim")
    if qa.action != qb.action:
        return Decision(None, "what happened is unknown for one claim")
    if qa.state != qb.state:
        return Decision(None, "where the captives stand is unknown for one claim")
    nouns = nouns_compatible(qa.noun, qb.noun)
    if qa.action is not None and (qa.side is not None or nouns is True):
        return Decision(True, _agree_reason(qa))
    score = _similar(qa.descriptor, qb.descriptor)
    if score >= 90 and (qa.action or qa.noun or qb.noun or qa.unit):
        return Decision(True, f"measures read alike ({score:.0f}/100)")
    if qa.action is not None and _fits(a, b, pair):
        return Decision(True, f"same {qa.action} count, same date and place, figures agree")
    if qa.action is not None and (qa.noun or qb.noun):
        return Decision(None, "what is counted is unknown for one claim")
    if score >= 70:
        return Decision(None, f"measures partly alike ({score:.0f}/100)")
    return Decision(False, f"measures differ ({score:.0f}/100)")


def _same_thing_measured(
    a: Claim, b: Claim, qa: Quantity, qb: Quantity, pair: tuple[Bounds, Bounds] | None
) -> Decision:
    """Magnitudes, distances, ages, durations: the same only when worded alike."""
    if _aftershock(qa) != _aftershock(qb):
        return Decision(False, "a main quake's magnitude and an aftershock's")
    if qa.unit in ("age", "duration") and a.article != b.article:
        return Decision(False, f"{qa.unit}s in different articles are of different things")
    if qa.date != qb.date:
        return Decision(None, "one date is unknown or assumed from publication")
    if qa.place != qb.place:
        return Decision(None, "a place is named for one claim only")
    words = {*qa.descriptor.split(), *qb.descriptor.split()}
    if qa.unit == "magnitude" and not (_AFTERSHOCK & words):
        if _one_voice(a, b) and not _fits(a, b, pair):
            return Decision(None, "one voice gives two magnitudes: two quakes")
        return Decision(True, "magnitude of the same day's quake")
    rich_a, rich_b = _rich(qa.descriptor), _rich(qb.descriptor)
    score = _similar(rich_a, rich_b)
    if score >= 90:
        return Decision(True, f"same {qa.unit}, measures read alike ({score:.0f}/100)")
    if not (rich_a and rich_b) and _fits(a, b, pair):
        return Decision(True, f"same {qa.unit} and figure, nothing tells them apart")
    return Decision(None, f"{qa.unit} of possibly different things ({score:.0f}/100)")


# words that name a unit or a generic event, not which thing is measured
_UNIT_WORDS = frozenset(
    [
        "kilometers",
        "kilometres",
        "kilometer",
        "kilometre",
        "km",
        "miles",
        "mile",
        "meters",
        "metres",
        "feet",
        "foot",
        "ft",
        "kg",
        "lb",
        "kilograms",
        "pounds",
        "degrees",
        "celsius",
        "fahrenheit",
        "magnitude",
        "years",
        "year",
        "old",
        "days",
        "months",
        "weeks",
        "hours",
        "decades",
        "count",
        "figure",
        "quake",
        "earthquake",
        "tremor",
        "struck",
        "located",
    ]
)


def _rich(descriptor: str) -> str:
    return " ".join(w for w in descriptor.split() if w not in _UNIT_WORDS)


Bounds = tuple[Interval, Interval]  # a claim's strict and loose intervals (figcheck._compare)


def _bounds(claim: Claim) -> Bounds:
    return strict(claim), loose(claim)


def _fits(a: Claim, b: Claim, pair: tuple[Bounds, Bounds] | None) -> bool:
    """_compare.fit(...).fits, from intervals link computed once per claim when given: a
    claim meets many representatives, and recomputing them for every pair dominated link."""
    (strict_a, loose_a), (strict_b, loose_b) = pair or (_bounds(a), _bounds(b))
    return strict_a.intersect(strict_b) is not None or loose_a.intersect(loose_b) is not None


_AFTERSHOCK = frozenset({"aftershock", "aftershocks", "foreshock", "foreshocks"})


def _aftershock(q: Quantity) -> bool:
    return bool(_AFTERSHOCK & set(q.descriptor.split()))


def _toll(claim: Claim, q: Quantity) -> bool:
    """A casualty or damage toll of one event: event and running-total readings are one count."""
    return q.action in CASUALTY_ACTIONS and claim.since is None and claim.scope != Scope.other


def _for_linking(claim: Claim, q: Quantity, article: Article | None) -> Quantity:
    """The reading link keys by: stable attributes by story, tolls by the moment of reporting.

    A quake's magnitude does not change from one day's report to the next, so it
    is undated (the story already keeps other events apart). A toll ("Sunday's
    quake killed at least 398", published Monday) is the count as reported that
    day, not on the event's day: its moment is the publication date, or a later
    as_of. Different values at different moments stay different keys.
    """
    if q.unit == "magnitude":
        return replace(q, date=None, date_assumed=False)
    if _toll(claim, q) and article is not None and article.published is not None:
        moment = max(claim.as_of or article.published, article.published)
        return replace(q, date=moment, date_assumed=False)
    return q


def _surely_apart(a: Claim, b: Claim, qa: Quantity, qb: Quantity) -> bool:
    """A cheap subset of _apart's tests: True only where _apart finds some reason, so
    link can skip most of the pairs a bucket holds without building a Decision."""
    return (
        qa.unit != qb.unit
        or qa.part != qb.part
        or (qa.part and a.article != b.article)
        or bool(qa.side and qb.side and qa.side != qb.side)
        or bool(qa.action and qb.action and qa.action != qb.action)
        or bool(qa.place and qb.place and qa.place != qb.place)
        or bool(qa.state and qb.state and qa.state != qb.state)
    )


def _apart(
    a: Claim, b: Claim, qa: Quantity, qb: Quantity, pair: tuple[Bounds, Bounds] | None
) -> str | None:
    """The first feature known for both claims that differs, as a reason; None if none does."""
    if a.scope != b.scope and not (_toll(a, qa) and _toll(b, qb)):
        return f"different scope ({a.scope.value} vs {b.scope.value})"
    dated = qa.date and qb.date and not qa.date_assumed and not qb.date_assumed
    if dated and qa.date != qb.date:
        return f"different dates ({qa.date} vs {qb.date})"
    if a.scope == Scope.cumulative and qa.since and qb.since and qa.since != qb.since:
        return "running totals from different start dates"
    if qa.unit != qb.unit:
        return f"different units ({qa.unit} vs {qb.unit})"
    if qa.part != qb.part:
        return "one is a part of a larger figure, the other is not"
    if qa.part and (a.article != b.article or _similar(qa.descriptor, qb.descriptor) < 85):
        return "parts naming different sub-groups"
    if qa.side and qb.side and qa.side != qb.side:
        return f"different sides ({qa.side} vs {qb.side})"
    if qa.place and qb.place and qa.place != qb.place:
        return f"different places ({qa.place} vs {qb.place})"
    if qa.action and qb.action and qa.action != qb.action:
        return f"different happenings ({qa.action} vs {qb.action})"
    if qa.state and qb.state and qa.state != qb.state:
        return f"captives in different states ({qa.state} vs {qb.state})"
    if nouns_compatible(qa.noun, qb.noun) is False:
        return f"different things counted ({qa.noun} vs {qb.noun})"
    if not _fits(a, b, pair):
        return _moments_apart(a, b, qa)
    if _toll(a, qa) and _toll(b, qb) and not _close(a, b):
        return "tolls too far apart to be one count stated twice"
    return None


_TOLL_RATIO = 1.5


def _close(a: Claim, b: Claim) -> bool:
    """One toll stated twice gives about one figure ("at least 12" and "500" are two counts);
    a vague amount ("hundreds dead") names no figure to compare."""
    return Qualifier.vague in (a.qualifier, b.qualifier) or _within(a, b, _TOLL_RATIO)


def _moments_apart(a: Claim, b: Claim, qa: Quantity) -> str | None:
    """Why two figures that cannot both hold are still not one quantity stated two ways.

    One voice in one article giving two figures is counting two things; tolls
    (running totals, and the dead, injured, missing... of an event, which
    are updated as counting goes on) from two reports are two moments of the
    count. What remains linkable is two sources in one article on one event,
    and stable facts across articles (a population, a magnitude, a budget).
    """
    if _one_voice(a, b):
        return "one voice states two figures: two different quantities"
    if a.scope == Scope.cumulative:
        return "running totals from different reports: different moments of the total"
    if a.article != b.article and qa.action in TOLL_ACTIONS:
        return "tolls from different reports: different moments of the count"
    if a.article == b.article and not (a.source and b.source):
        return "an attributed figure and the outlet's own: not surely the same moment"
    if qa.action == "population" and not _within(a, b, _SAME_PLACE_RATIO):
        return "populations too far apart to be of one place"
    return None


_SAME_PLACE_RATIO = 1.25


def _within(a: Claim, b: Claim, ratio: float) -> bool:
    """The stated figures are within `ratio` of each other."""
    va, vb = stated(a), stated(b)
    if not va or not vb:
        return False
    return max(va, vb) / min(va, vb) <= ratio


def _one_voice(a: Claim, b: Claim) -> bool:
    """Same article and same attributed source (or both the outlet's own)."""
    return a.article == b.article and same_speaker(a.source, b.source)


def _known(q: Quantity) -> bool:
    return bool(q.side or q.action or (q.noun and q.noun != "events") or q.unit)


def _agree_reason(q: Quantity) -> str:
    bits = [q.side or "", q.noun or "", q.action or "", str(q.date or "")]
    return "same " + " ".join(b for b in bits if b)


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return float(fuzz.token_set_ratio(a, b))


def _bucket(claim: Claim, q: Quantity, story: str) -> tuple[str, str, str]:
    """Coarse block: story, scope and date (since@as_of for totals); only a block's claims meet."""
    date = "" if q.date is None else str(q.date)
    if claim.scope == Scope.cumulative and q.since is not None:
        date = f"{q.since[0]:04d}-{q.since[1]:02d}@{date}"
    return story, "toll" if _toll(claim, q) else claim.scope.value, date


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def _name(claim: Claim, q: Quantity) -> str:
    """Readable key for a group, from its first claim's reading."""
    if q.side == "each":
        who = "each-side"
    elif q.side:
        who = f"{q.side}s"
        if q.noun == "civilians":
            who += "-civilians"
    else:
        who = q.noun if q.noun and q.noun != "people" else ""
    what = q.action or ""
    thing = "-".join(x for x in (who, what) if x)
    if q.part or not thing or not q.action:
        words = _slug(" ".join(q.descriptor.split()[:4]))
        thing = "-".join(x for x in (thing, words) if x) or "figure"
    date = str(q.date) if q.date else "undated"
    if claim.scope == Scope.cumulative:
        since = f"since-{claim.since.isoformat()}" if claim.since else "total"
        return f"{since}@{date}/{thing}"
    return f"{date}/{thing}"


def link(claims: list[Claim], articles: list[Article], assist: Assist | None = None) -> list[Claim]:
    """Copies of `claims` with `key` set so claims of the same quantity share it."""
    if assist is not None:  # an LLM client's garbage is its own business: collect as usual
        return _link(claims, articles, assist)
    with collector_paused():
        return _link(claims, articles, assist)


def _link(claims: list[Claim], articles: list[Article], assist: Assist | None) -> list[Claim]:
    by_id = {a.id: a for a in articles}
    story = stories(articles)
    readings = mark_siblings(claims, [read_quantity(c, by_id.get(c.article)) for c in claims])
    readings = [
        _for_linking(c, q, by_id.get(c.article)) for c, q in zip(claims, readings, strict=True)
    ]
    intervals = [_bounds(c) for c in claims]
    groups: list[list[int]] = []  # member indexes; groups[g][0] is the representative
    blocks: dict[tuple[str, str, str], list[int]] = defaultdict(list)  # bucket -> group ids
    notes: dict[int, list[str]] = defaultdict(list)
    for i, (claim, q) in enumerate(zip(claims, readings, strict=True)):
        bucket = _bucket(claim, q, story.get(claim.article, claim.article))
        chosen: int | None = None
        undecided: list[tuple[int, str]] = []
        for g in blocks[bucket]:
            rep = groups[g][0]
            if _surely_apart(claim, claims[rep], q, readings[rep]):
                continue  # same_quantity would say False; its reason is not kept
            decision = same_quantity(
                claim, claims[rep], q, readings[rep], pair=(intervals[i], intervals[rep])
            )
            if decision.same:
                chosen = g
                break
            if decision.same is None:
                undecided.append((g, decision.reason))
        if chosen is None:
            for g, reason in undecided:
                rep = groups[g][0]
                answer = assist(claim, claims[rep]) if assist else None
                if answer:
                    chosen = g
                    notes[i].append(f"linked to {claims[rep].id} by LLM assist ({reason})")
                    break
                how = "LLM assist gave no answer" if assist else "no LLM assist configured"
                notes[i].append(f"link with {claims[rep].id} undecided by rules ({reason}); {how}")
        if chosen is None:
            chosen = len(groups)
            groups.append([])
            blocks[bucket].append(chosen)
        groups[chosen].append(i)
    return _keyed(claims, readings, groups, notes)


def _keyed(
    claims: list[Claim],
    readings: list[Quantity],
    groups: list[list[int]],
    notes: dict[int, list[str]],
) -> list[Claim]:
    keys: dict[int, str] = {}
    used: dict[str, int] = {}
    for members in groups:
        rep = members[0]
        name = _name(claims[rep], readings[rep])
        count = used.get(name, 0) + 1
        used[name] = count
        key = name if count == 1 else f"{name}-{count}"
        for i in members:
            keys[i] = key
    out: list[Claim] = []
    for i, claim in enumerate(claims):
        update: dict[str, object] = {"key": keys[i]}
        if notes.get(i):
            update["notes"] = [*claim.notes, *notes[i]]
        out.append(claim.model_copy(update=update))
    return out
