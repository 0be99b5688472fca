"""Checks on one event's figures: per-side bounds ("each") and superlatives ("largest").

- each: "Russia and Ukraine had each released more than 230" bounds every
  side's own figure for that event; a side's figure wholly inside the bound is
  consistent, wholly outside inconsistent, partly inside unclear.
- superlative: a sentence calling an event the largest/record/... is checked
  against earlier events of the same kind. An event's size is its side-less
  figure, or the sum of its sides' figures when two or more sides are known.
  Bigger for certain → consistent, not bigger for certain → inconsistent,
  otherwise (an unbounded "more than 300") unclear. Only counts of one
  happening in one story are compared: never a magnitude against homes, an age
  or another story's toll.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict

from figcheck.crosscheck._attribution import summary_vs_detail
from figcheck.crosscheck._compare import Interval, loose, meet, strict
from figcheck.crosscheck._groups import Board, Group, event_figure
from figcheck.link import name_other_things
from figcheck.models import Claim, FindingKind, Reading, Verdict
from figcheck.read._lexicon import TALLIES, TOTAL_RE
from figcheck.read._quantity import is_people, nouns_compatible, nouns_related

EventIndex = dict[tuple[dt.date, str | None, str, str | None], list[Group]]


def _index(board: Board, parts: bool = False) -> EventIndex:
    """(date, action, story, place) -> event groups of whole counts (no per-side bounds, and
    no parts unless `parts`); a district's figure is never the size of the whole event,
    nor its rival."""
    index: EventIndex = defaultdict(list)
    for group in board.groups:
        q = group.q
        if (
            group.event
            and (parts or not q.part)
            and q.side != "each"
            and group.date is not None
            and q.count
        ):
            index[group.date, q.action, board.story_of(group.rep), q.place].append(group)
    return index


def _side_groups(groups: list[Group], noun: str | None) -> list[Group]:
    return [g for g in groups if g.q.side is not None and _noun_ok(noun, g.q.noun)]


def _noun_ok(a: str | None, b: str | None) -> bool:
    """Same kind of thing: related classes, or neither says (a bare "300 were freed")."""
    return nouns_related(a, b) or (a is None and b is None)


def check_each(board: Board, index: EventIndex, wrong: Misstated) -> None:
    for claim in board.claims:
        q = board.readings[claim.id]
        if q.side != "each" or q.part or q.date is None:
            continue
        bound = strict(claim)
        misstated = wrong.get((q.date, q.action), {})
        story = board.story_of(claim)
        for group in _side_groups(index.get((q.date, q.action, story, q.place), []), q.noun):
            if group.q.unit != q.unit:
                continue  # "three ballots each" is no bound on a side's share of the vote
            rep, value = event_figure(group, misstated.get(group.q.side, []))
            if value.within(bound):
                verdict, how = Verdict.consistent, "fits"
            elif value.intersect(bound) is None:
                verdict, how = Verdict.inconsistent, f"is not {bound.text()}"
            else:
                verdict, how = Verdict.unclear, "may or may not fit"
            arithmetic = (
                f"{rep.id} = {value.text()}; each side {bound.text()} → {value.text()} {how}"
            )
            who = (
                summary_vs_detail(claim, rep, board.articles) if verdict == "inconsistent" else None
            )
            note = f"'{claim.quote}' for each side vs {group.q.side} side's '{rep.quote}': {how}"
            board.add(
                FindingKind.arithmetic,
                verdict,
                [claim, rep],
                rule="each-side-bound",
                relation=f"{rep.id} {bound.text()} required by {claim.id}",
                arithmetic=arithmetic,
                note=note + (f"; {who}" if who else ""),
                attribution=who,
            )


Misstated = dict[tuple[dt.date, str | None], dict[str | None, list[Claim]]]


def _misstated(board: Board) -> Misstated:
    """(day, action) -> side -> that day's claims stated as running totals that disagree
    within one article (one key, or keys link kept apart): one is probably the event's
    own figure."""
    pooled: dict[tuple[dt.date, str | None, str | None, str], list[Claim]] = defaultdict(list)
    for group in board.groups:
        q = group.q
        if group.cumulative and group.date and q.count:
            for claim in group.claims:
                pooled[group.date, q.action, q.side, claim.article].append(claim)
    found: Misstated = defaultdict(lambda: defaultdict(list))
    for (day, action, side, _), claims in pooled.items():
        if len(claims) > 1 and meet(claims) is None:
            found[day, action][side].extend(claims)
    return found


def _size(
    groups: list[Group], noun: str | None, misstated: dict[str | None, list[Claim]]
) -> tuple[Interval, list[Claim]] | None:
    """An event's size: a side-less figure, else the sum of two or more sides."""
    sides: dict[str, Group] = {}
    for group in _side_groups(groups, noun):
        sides.setdefault(group.q.side or "", group)
    if len(sides) >= 2:
        total = Interval.point(0)
        claims = []
        for group in sides.values():
            claim, value = event_figure(group, misstated.get(group.q.side, []))
            total = total + value
            claims.append(claim)
        return total, claims
    sideless = [g for g in groups if g.q.side is None and _noun_ok(noun, g.q.noun)]
    if sideless:
        return sideless[0].interval, [sideless[0].rep]
    return None


Size = tuple[Interval, list[Claim]]
Where = tuple[str, str | None]  # (story, place)


def check_superlatives(board: Board, index: EventIndex, wrong: Misstated) -> None:
    days: dict[tuple[str | None, str, str | None], list[dt.date]] = defaultdict(list)
    for day, action, story, place in sorted(index, key=lambda k: k[0]):
        days[action, story, place].append(day)
    sizes: dict[
        tuple[dt.date, str | None, str | None, str | None, Where, str | None], Size | None
    ] = {}

    def size_of(
        day: dt.date,
        action: str | None,
        side: str | None,
        noun: str | None,
        where: Where,
        unit: str | None,
    ) -> Size | None:
        """An earlier event's size, computed once per (day, action, side, noun, story, place,
        unit): sizes in other units (a share, a count of provinces) are no size of it."""
        memo = (day, action, side, noun, where, unit)
        if memo not in sizes:
            groups = [g for g in index.get((day, action, *where), []) if g.q.unit == unit]
            if side is None:
                sizes[memo] = _size(groups, noun, wrong.get((day, action), {}))
            else:
                sizes[memo] = _own(
                    [g for g in groups if g.q.side == side and _noun_ok(noun, g.q.noun)]
                )
        return sizes[memo]

    ranked: dict[tuple[str | None, Where, str | None, str | None, str | None], Ranked] = {}

    def largest_before(
        day: dt.date,
        action: str | None,
        side: str | None,
        noun: str | None,
        where: Where,
        unit: str | None,
    ) -> list[tuple[dt.date, Size]]:
        """The three largest earlier events (ties: earlier day first), from prefix rankings
        built once per (action, story, side, noun) instead of re-sorting every earlier day
        for every superlative sentence."""
        memo = (action, where, side, noun, unit)
        if memo not in ranked:
            sized: list[dt.date] = []
            tops: list[list[tuple[dt.date, Size]]] = [[]]  # tops[i]: among the first i
            for earlier_day in days[(action, *where)]:
                size = size_of(earlier_day, action, side, noun, where, unit)
                if size is not None:
                    sized.append(earlier_day)
                    tops.append(sorted([*tops[-1], (earlier_day, size)], key=_largest_first)[:3])
            ranked[memo] = (sized, tops)
        sized, tops = ranked[memo]
        return tops[bisect.bisect_left(sized, day)]

    seen: set[tuple[str, int]] = set()
    for claim in board.claims:
        q = board.readings[claim.id]
        group = board.group_of[claim.id]
        if not q.superlative or q.part or not group.event or q.date is None:
            continue
        if q.action is None or not q.count:
            continue  # "the 7.8 magnitude quake ... greatest tragedy": no count to compare
        where = (board.story_of(claim), q.place)
        sentence = (claim.article, q.sentence_no)
        if sentence in seen:
            continue
        seen.add(sentence)
        side_specific = q.side not in (None, "each")
        if side_specific:
            subject: tuple[Interval, list[Claim]] | None = (group.interval, [group.rep])
        else:
            subject = size_of(q.date, q.action, None, q.noun, where, q.unit)
            if subject is not None and len(subject[1]) == 1 and subject[1][0] is not group.rep:
                # one figure stands for the event, and the sentence gives its own: that one
                # ("the biggest winner ... collected 2,338,381 votes", not five provinces)
                subject = (group.interval, [group.rep])
        if subject is None:
            continue
        side = q.side if side_specific else None
        for day, size in largest_before(q.date, q.action, side, q.noun, where, q.unit):
            if q.action in TALLIES and any(
                board.readings[r.id].subject != q.subject for r in size[1]
            ):
                continue  # a party's tally is weighed against its own, never another's
            if any(_other_things(board, c, r) for c in (claim, *subject[1]) for r in size[1]):
                continue  # "60 explosive devices" set off is no size of a protest
            _superlative_finding(board, claim, subject, size, day)


Ranked = tuple[list[dt.date], list[list[tuple[dt.date, Size]]]]


def _other_things(board: Board, a: Claim, b: Claim) -> bool:
    """Two counts whose words name different things and whose noun classes do not say
    they are one kind ("soldiers" and "prisoners of war" of two swaps are)."""
    qa, qb = board.readings[a.id], board.readings[b.id]
    known = qa.noun is not None or qb.noun is not None
    return name_other_things(a, b) and not (known and nouns_related(qa.noun, qb.noun))


def _largest_first(entry: tuple[dt.date, Size]) -> float:
    high = entry[1][0].high
    return -(high if high is not None else float("inf"))


def _own(groups: list[Group]) -> tuple[Interval, list[Claim]] | None:
    return (groups[0].interval, [groups[0].rep]) if groups else None


def _superlative_finding(
    board: Board,
    claim: Claim,
    subject: tuple[Interval, list[Claim]],
    other: tuple[Interval, list[Claim]],
    day: dt.date,
) -> None:
    size, parts = subject
    rival, rivals = other
    if (
        size.low is not None
        and rival.high is not None
        and (
            size.low > rival.high or (size.low == rival.high and (size.low_open or rival.high_open))
        )
    ):
        verdict, how = Verdict.consistent, "larger"
    elif size.high is not None and rival.low is not None and size.high <= rival.low:
        verdict, how = Verdict.inconsistent, "not larger"
    else:
        verdict, how = Verdict.unclear, "cannot tell which is larger"
    note = f"The sentence of '{claim.quote}' calls the event the largest/record"
    windowed = board.readings[claim.id].windowed
    if windowed and verdict == Verdict.inconsistent:
        # "the deadliest since Katrina": measured from a point, which may lie after the
        # larger event ("since 2020" and an earlier year's) or before it (the seeds'
        # "largest exchange since the invasion"); the text does not always date it
        verdict, how = Verdict.unclear, "not larger, but the superlative names its window"
        note += (
            " within a window it names (since ..., in N years), which may start after the"
            " larger event"
        )
    left = " + ".join(strict(p).text() for p in parts)
    summed = f"{left} = {size.text()}" if len(parts) > 1 else left
    arithmetic = f"{summed} vs {rival.text()} on {day} → {how}"
    board.add(
        FindingKind.arithmetic,
        verdict,
        [*parts, *rivals],
        rule="superlative-vs-earlier",
        relation=f"{' + '.join(p.id for p in parts)} > {' + '.join(r.id for r in rivals)}",
        arithmetic=arithmetic,
        note=f"{note}: {arithmetic}",
    )


def check_events(board: Board) -> None:
    index = _index(board)
    wrong = _misstated(board)
    check_each(board, index, wrong)
    check_superlatives(board, index, wrong)
    check_sides(board)
    check_fates(board)


# what can become of the people aboard a boat or plane, or on a site: each person one fate
_FATES = ("killed", "rescued", "missing")


def check_fates(board: Board) -> None:
    """One report's dead, rescued and missing cannot outnumber the people it says were
    aboard: "all 187 passengers and crew ... 45 dead and 142 survivors", then "raised
    the death toll to 50", is 192 fates for 187 people.

    Each fate is the report's highest figure for it (the count the report says it
    reached), against all its figures of people aboard added up (passengers and crew).
    Only figures for everyone of the event count: no part of a breakdown, no side,
    place, increment, previous or expected value.
    """
    reports: dict[str, list[tuple[Claim, Reading]]] = defaultdict(list)
    for claim in board.claims:
        q = board.readings.get(claim.id)
        if q is not None and q.count and q.unit is None and _for_the_whole(q):
            reports[claim.article].append((claim, q))
    for figures in reports.values():
        aboard = [c for c, q in figures if q.action == "aboard" and strict(c).high is not None]
        fates: dict[str, Claim] = {}
        for claim, q in figures:
            low = loose(claim).low
            if q.action not in _FATES or low is None:
                continue
            held = fates.get(q.action)
            if held is None or (loose(held).low or 0) < low:
                fates[q.action] = claim
        if len(fates) >= 2 and aboard:
            _fates_finding(board, list(fates.values()), aboard)


def _for_the_whole(q: Reading) -> bool:
    """A figure for everyone of the event: not a part, a side's, a place's, an increment,
    a previous or expected value, a superlative's comparison."""
    return (
        not q.part
        and q.side is None
        and q.place is None
        and q.subset is None
        and q.role is None
        and not q.superlative
        and (q.noun is None or is_people(q.noun))
    )


def _fates_finding(board: Board, fates: list[Claim], aboard: list[Claim]) -> None:
    """Every figure of those aboard added up ("173 passengers and 16 crew members") is the
    most the fates may come to: a finding only when they come to more."""
    lows = [loose(c).low or 0.0 for c in fates]
    most = sum(loose(c).high or 0.0 for c in aboard)
    if sum(lows) <= most:
        return
    listing = " + ".join(strict(c).text() for c in fates)
    people = " + ".join(strict(c).text() for c in aboard)
    arithmetic = f"{listing} ≥ {sum(lows):g} > {people} → more fates than people aboard"
    board.add(
        FindingKind.arithmetic,
        Verdict.inconsistent,
        [*fates, *aboard],
        rule="fates-within-aboard",
        relation=f"{' + '.join(c.id for c in fates)} ≤ {' + '.join(c.id for c in aboard)}",
        arithmetic=arithmetic,
        note=(
            f"{', '.join(repr(c.quote) for c in fates)} (dead, rescued, missing) add up to"
            f" more than the {', '.join(repr(c.quote) for c in aboard)} aboard in the same"
            f" report: {arithmetic}"
        ),
    )


def check_sides(board: Board) -> None:
    """One report's figures for two or more sides of an event against its own total.

    "13 Israelis", "12 Thais" and "24 hostages in all", each freed in one exchange and
    told in one report: the sides cannot add up to more than everyone. Only one
    report's own figures are weighed (another report's total may count another set),
    one figure a side, and only against a figure that says it counts everyone ("a total
    of", "in all"), a whole count of the same happening (no part, no per-side bound)
    of the things its sides count. A side's figure may be an item of a breakdown.
    """
    for (_, action, _, _), groups in _index(board, parts=True).items():
        if action is None:
            continue
        sided = [g for g in groups if g.q.side not in (None, "each")]
        if len({g.q.side for g in sided}) < 2:
            continue
        for whole_group in groups:
            if whole_group.q.side is not None or whole_group.q.part:
                continue
            for whole in whole_group.claims:
                if not _for_everyone(whole, board.readings[whole.id]):
                    continue
                parts = _sides_in(whole, whole_group, sided)
                if len(parts) >= 2:
                    _sides_finding(board, parts, whole)


def _sides_in(whole: Claim, whole_group: Group, sided: list[Group]) -> list[Claim]:
    """One claim a side from the whole's own report, in its unit, of things it counts."""
    by_side: dict[str, Claim] = {}
    for group in sided:
        if group.q.unit != whole_group.q.unit or not _may_count(whole_group.q.noun, group.q.noun):
            continue
        mine = [c for c in group.claims if c.article == whole.article and c.id != whole.id]
        if mine and group.q.side:
            by_side.setdefault(group.q.side, mine[0])
    return list(by_side.values())


def _may_count(whole: str | None, side: str | None) -> bool:
    """The sides' things are the whole's: "13 Israelis" (people) of "24 hostages in all",
    never "39 Palestinian prisoners" (the other side of an exchange)."""
    return side in (None, "people") or nouns_compatible(whole, side) is True


def _for_everyone(claim: Claim, q: Reading) -> bool:
    """The claim says it counts everyone: "a total of 24 hostages", "24 hostages in all"."""
    if TOTAL_RE.search(claim.quote):
        return True
    at = q.sentence.find(claim.quote)
    if at < 0:
        return False
    after = q.sentence[at + len(claim.quote) : at + len(claim.quote) + _TOTAL_REACH]
    return TOTAL_RE.search(_CLAUSE_END.split(after, maxsplit=1)[0]) is not None


_TOTAL_REACH = 24  # characters after a figure its "in all" may come ("were freed in all")
_CLAUSE_END = re.compile(r"[,;:.()]")


def _sides_finding(board: Board, parts: list[Claim], whole: Claim) -> None:
    bounds = [loose(p) for p in parts]
    lows = [b.low for b in bounds]
    total = loose(whole)
    if total.high is None or any(low is None for low in lows):
        return
    least = sum(low for low in lows if low is not None)
    if least <= total.high:
        return  # they fit (or may): no finding, only a breach is news
    listing = " + ".join(strict(p).text() for p in parts)
    arithmetic = f"{listing} ≥ {least:g} > {strict(whole).text()} → more than the total"
    board.add(
        FindingKind.arithmetic,
        Verdict.inconsistent,
        [*parts, whole],
        rule="sides-within-total",
        relation=f"{' + '.join(p.id for p in parts)} ≤ {whole.id}",
        arithmetic=arithmetic,
        note=(
            f"{', '.join(repr(p.quote) for p in parts)} for each side add up to more than"
            f" '{whole.quote}' in the same report: {arithmetic}"
        ),
    )
