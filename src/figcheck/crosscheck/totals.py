"""Running totals: one value per date, never falling, growing by the events between.

A series is one story's total of one thing (side, happening, kind, sub-area,
start); ages, magnitudes, distances and durations are never totals.

- scope conflict: two running totals of the same thing, same start, same date,
  with values that cannot both hold ("exactly 230 ... since February 2022" vs
  "2,828 since February 24, 2022", said the same day). Only one voice in one
  article, both with a stated start: two reports of a toll on one day are two
  moments of it (350 in an address, 413 in a later update), not a conflict.
- never falling: a later total below an earlier one, for counts that only grow
  (dead, injured, freed, arrested, homes destroyed; not the missing or the
  displaced), and only when the later report is surely later: same article,
  or dated after the earlier article was published.
- growth: total(t2) − events in (t1, t2] must fit total(t1); exactly when an
  article says no other event happened in between ("the first exchange since
  the summer"); otherwise unclear, because which reported figures are
  separate events between the two totals is a guess.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from rapidfuzz import fuzz

from figcheck.crosscheck._attribution import attribute, one_voice
from figcheck.crosscheck._compare import Interval, describe, fit, loose, meet, strict
from figcheck.crosscheck._groups import Board, Group, event_figure
from figcheck.models import Claim, FindingKind, Reading, Scope, Verdict
from figcheck.read._lexicon import MONOTONE_ACTIONS, MONTHS, SEASON_MONTHS
from figcheck.read._quantity import is_people, nouns_compatible

Series = tuple[
    str | None, str | None, str | None, tuple[int, int] | None, str, str | None, str | None
]


_NOUN, _SINCE = 2, 3  # the fields of a Series a report may leave unread


def _thing(q: Reading, story: str) -> Series:
    """Captives freed so far and captives still held are two series, whatever the verbs."""
    noun = "people" if is_people(q.noun) else q.noun
    return q.side, q.action, noun, q.since, story, q.place, q.state


_SAME_WORDING = 90  # descriptors this alike name one total


def check_scope_conflicts(board: Board) -> None:
    """Different-key running totals stated for the same thing, start and date."""
    buckets: dict[tuple[Series, dt.date | None], list[Claim]] = defaultdict(list)
    for claim in board.claims:
        q = board.readings[claim.id]
        if claim.scope != Scope.cumulative or q.part or q.action is None or q.side == "each":
            continue
        if claim.since is None or not q.count or q.subset is not None:
            continue  # "the other 89 bodies", "179 more": a remainder or an increment
        buckets[_thing(q, claim.article), q.date].append(claim)
    for (_, date), claims in buckets.items():
        for i, a in enumerate(claims[:50]):
            for b in claims[i + 1 : 50]:
                if a.key == b.key or not one_voice(a, b, board.articles):
                    continue  # the same-key comparison covers it; two voices are two moments
                if a.keyed_by and b.keyed_by:
                    continue  # a story linker read both and grouped them apart: its call
                qa, qb = board.readings[a.id], board.readings[b.id]
                if nouns_compatible(qa.noun, qb.noun) is not True:
                    continue  # "Eighteen hostages" and "four handoffs" so far: two things
                if _side_by_side(a, b, qa, qb):
                    continue  # "145 dead: four soldiers, 24 locals...": a breakdown, read or not
                if fit(strict(a), strict(b), loose(a), loose(b)).fits:
                    continue
                who = attribute([a, b], board.articles)
                since = board.readings[a.id].since
                start = f"{since[0]}-{since[1]:02d}" if since else "an unstated start"
                arithmetic = (
                    f"{a.id}: {strict(a).text()} vs {b.id}: {strict(b).text()}"
                    f" — both totals since {start} as of {date}"
                    " → cannot both hold"
                )
                board.add(
                    FindingKind.arithmetic,
                    Verdict.inconsistent,
                    [a, b],
                    rule="running-total-scope",
                    relation=f"{a.id} ≠ {b.id} (both stated as the same running total, same date)",
                    arithmetic=arithmetic,
                    note=(
                        f"'{a.quote}' and '{b.quote}' are both given as the running total on"
                        f" {date}; one is probably a single event's figure stated as a total; {who}"
                    ),
                    attribution=who,
                )


def _side_by_side(a: Claim, b: Claim, qa: Reading, qb: Reading) -> bool:
    """Two totals of one report in one or neighbouring sentences, named differently: a total
    and its breakdown whose parts were not read as parts ("145 dead: four soldiers, 24 local
    residents"), not one total told twice."""
    if a.article != b.article or abs(qa.sentence_no - qb.sentence_no) > 1:
        return False
    return fuzz.token_set_ratio(qa.descriptor, qb.descriptor) < _SAME_WORDING


def _covers(cue: str, day: dt.date) -> bool:
    """Does the cue's time ("since the summer", "back to last August") include `day`?"""
    text = cue.lower()
    if MONTHS[day.month - 1] in text:
        return True
    return any(season in text and day.month in months for season, months in SEASON_MONTHS.items())


def _nothing_between(board: Board, claims: list[Claim], t1: dt.date) -> str | None:
    """An article's own words saying no event of this kind happened since t1."""
    for claim in claims:
        for cue in board.readings[claim.id].nothing_since:
            if _covers(cue, t1):
                return cue
    return None


def _series(board: Board) -> Iterator[tuple[Series, list[Group]]]:
    """Totals of one thing from one start, by date; an unstated start joins a stated one."""
    by_series: dict[Series, list[Group]] = defaultdict(list)
    for group in board.groups:
        q = group.q
        # a breakdown's item naming a side ("the dead include 165 people from Indonesia")
        # is that side's running toll, as in a changing count's series (updates)
        unsided_part = q.part and q.side is None
        if not (group.cumulative and not unsided_part and q.action and q.side != "each"):
            continue
        if not q.count:
            continue
        if group.date:
            by_series[_thing(q, board.story_of(group.rep))].append(group)
    for field in (_NOUN, _SINCE):  # an unread noun first: its total may lack a start too
        for thing in [t for t in by_series if t[field] is None]:
            known = [
                t
                for t in by_series
                if t[field] is not None
                and t[:field] == thing[:field]
                and t[field + 1 :] == thing[field + 1 :]
            ]
            if len(known) == 1:
                # "since the start of the invasion", left unresolved; "raised its toll to
                # 183", no word for whom: the one series of the same thing that says it
                by_series[known[0]].extend(by_series.pop(thing))
    for thing, groups in by_series.items():
        if len({g.date for g in groups}) > 1:
            yield thing, _by_day(groups)


def _by_day(groups: list[Group]) -> list[Group]:
    """One group per date: keys of one day's totals merged (two reports of one day's toll,
    or a single event's figure misstated as the total), resolved later by `_standing`."""
    days: dict[dt.date | None, list[Group]] = defaultdict(list)
    for group in groups:
        days[group.date].append(group)
    merged: list[Group] = []
    for day in sorted(days, key=lambda d: d or dt.date.min):
        first, *others = days[day]
        if others:
            claims = [c for g in days[day] for c in g.claims]
            first = replace(
                first,
                claims=claims,
                readings=[q for g in days[day] for q in g.readings],
                rep=min(claims, key=lambda c: strict(c).width),
            )
        merged.append(first)
    return merged


EventsBySide = dict[tuple[str | None, str | None, str, str | None], list[Group]]


def _event_index(board: Board) -> EventsBySide:
    """(side, action, story, place) -> whole event groups sorted by date."""
    index: EventsBySide = defaultdict(list)
    for group in board.groups:
        q = group.q
        if group.event and not q.part and q.count and group.date is not None:
            index[q.side, q.action, board.story_of(group.rep), q.place].append(group)
    for groups in index.values():
        groups.sort(key=lambda g: g.date or dt.date.min)
    return index


def _events_between(index: EventsBySide, thing: Series, t1: dt.date, t2: dt.date) -> list[Group]:
    side, action, noun, _, story, place, _ = thing
    groups = index.get((side, action, story, place), [])
    dates = [g.date or dt.date.min for g in groups]
    lo, hi = bisect.bisect_right(dates, t1), bisect.bisect_right(dates, t2)
    return [g for g in groups[lo:hi] if noun in (None, g.q.noun, "people")]


def check_running_totals(board: Board) -> None:
    """Later totals ≥ earlier ones, and the growth matches the events between."""
    index = _event_index(board)
    for thing, groups in _series(board):
        for earlier, later in itertools.pairwise(groups):
            _check_step(board, index, thing, earlier, later)


def _standing(index: EventsBySide, group: Group, story: str) -> tuple[Claim, list[Claim]]:
    """The claim that stands for a total, and members that are really that day's event figure.

    When one key's totals disagree and a member fits the event of that same day
    ("exactly 230 ... since 2022" beside the swap's "more than 200"), that member
    is the event's count misstated as a total: the total is the other member.
    """
    if meet(group.claims) is not None:
        return group.rep, []
    same_day = [
        g
        for g in index.get((group.q.side, group.q.action, story, group.q.place), [])
        if g.date == group.date
    ]
    misstated = [c for c in group.claims if any(strict(c).intersect(g.interval) for g in same_day)]
    rest = [c for c in group.claims if all(c is not m for m in misstated)] or group.claims
    return max(rest, key=lambda c: strict(c).low or 0.0), misstated


def _told_later(board: Board, a: Claim, b: Claim) -> bool:
    """Whether `b` is surely the later report: stated in `a`'s own article, or for a date
    after `a`'s article was published (a report dated the day of a later-published
    article's figure may well be the later one)."""
    if a.article == b.article:
        return True
    article = board.articles.get(a.article)
    date = board.readings[b.id].date
    return bool(article and article.published and date and date > article.published)


def _fell(a: Claim, b: Claim) -> bool:
    """Whether `b` is below the running total `a`, even with rounding slack."""
    return loose(b).intersect(Interval(loose(a).low, None, loose(a).low_open)) is None


def _fell_finding(board: Board, a: Claim, b: Claim, t1: dt.date, t2: dt.date) -> None:
    who = attribute([a, b], board.articles)
    board.add(
        FindingKind.arithmetic,
        Verdict.inconsistent,
        [b, a],
        rule="running-total-never-falls",
        relation=f"{b.id} ≥ {a.id}",
        arithmetic=f"{strict(b).text()} on {t2} < {strict(a).text()} on {t1} → the total fell",
        note=f"A running total cannot fall: '{b.quote}' ({t2}) after '{a.quote}' ({t1}); {who}",
        attribution=who,
    )


def _check_step(
    board: Board, index: EventsBySide, thing: Series, earlier: Group, later: Group
) -> None:
    a, _ = _standing(index, earlier, thing[4])
    b, misstated = _standing(index, later, thing[4])
    t1, t2 = earlier.date, later.date
    assert t1 is not None and t2 is not None
    if thing[1] not in MONOTONE_ACTIONS:
        return  # the missing, displaced or affected may fall and rise: no arithmetic
    if not _told_later(board, a, b):
        return  # which report is later is unknown
    if _fell(a, b):
        _fell_finding(board, a, b, t1, t2)
        return
    # the day's reports disagree and its highest stands; one of them below the earlier
    # total ("183 by 20 June", then AP's "165" beside another's "236") fell all the same
    # (of the standing figure's own key: a day's groups are merged for the series)
    lower = [
        c
        for c in later.claims
        if c.key == b.key and all(c is not m for m in misstated) and _fell(a, c)
    ]
    fallen = min(lower, key=lambda c: strict(c).low or 0.0) if lower else None
    if fallen is not None and _told_later(board, a, fallen):
        _fell_finding(board, a, fallen, t1, t2)
    pieces = [event_figure(g, misstated) for g in _events_between(index, thing, t1, t2)]
    reps = [claim for claim, _ in pieces]
    grown = strict(b)
    for _, value in pieces:
        grown = grown - value
    names = " - ".join([b.id, *(r.id for r in reps)])
    steps = " − ".join([strict(b).text(), *(value.text() for _, value in pieces)])
    cue = _nothing_between(board, [b, *reps], t1) if reps else None
    if reps and cue:
        f = fit(grown, strict(a), grown, loose(a))
        verdict = Verdict.consistent if f.fits else Verdict.inconsistent
        how = "fits" if f.fits else "does not fit"
        if f.by_rounding:
            how += " within rounding"
        why = f"no other event in between ('{cue}')"
    elif reps:
        ok = grown.intersect(Interval(loose(a).low, None, loose(a).low_open)) is not None
        verdict = Verdict.unclear
        how = "leaves room for other events" if ok else "the events seem to exceed the growth"
        why = "other events in between are not ruled out, nor are these surely separate events"
    else:
        verdict, why = Verdict.unclear, "no event figures found between them"
    if reps:
        arithmetic = f"{steps} = {grown.text()}; {describe(a)} → {how}"
    else:
        rise = strict(b) - strict(a)
        arithmetic = (
            f"{strict(b).text()} − {strict(a).text()} = {rise.text()} added; events unknown"
        )
    board.add(
        FindingKind.arithmetic,
        verdict,
        [b, *reps, a],
        rule="running-total-growth",
        relation=f"{names} ≈ {a.id}",
        arithmetic=arithmetic,
        note=f"Total on {t2} less the events since {t1} vs the total then: {arithmetic}; {why}",
        attribution=attribute([a, b], board.articles) if verdict == Verdict.inconsistent else None,
    )
