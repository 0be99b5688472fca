"""A changing count (a toll) stated at several moments: later figures of one series.

link gives a toll one key per moment it was stated for, so two reports of the
same day disagreeing are a same-key conflict, while the next day's figure is
the next member of a series. Here the series is walked in time order: a count
that rises or stays is an update (consistent); a count that only grows (the
dead, the injured, the arrested: not the missing, who are found) that falls
is flagged (`inconsistent`, cause `update`: a correction or an error a
reviewer should look at). Running totals with a
start date are the business of figcheck.crosscheck.totals.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from figcheck.crosscheck._compare import loose, strict
from figcheck.crosscheck._groups import Board, Group
from figcheck.models import Cause, FindingKind, Verdict
from figcheck.read._lexicon import MONOTONE_ACTIONS
from figcheck.read._quantity import nouns_compatible

Series = tuple[str, str | None, str | None, str | None, str | None, str | None]


def check_updates(board: Board) -> None:
    """One finding per step of each toll's series: update, or a fall."""
    series: dict[Series, list[Group]] = defaultdict(list)
    for group in board.groups:
        q = group.q
        # a breakdown's item naming a side ("the dead include 165 people from Indonesia")
        # is that side's toll; an unsided part ("seven children") is not the toll's series
        unsided_part = q.part and q.side is None
        if not q.changing or group.cumulative or unsided_part or q.side == "each" or not q.count:
            continue
        if q.moment is None or q.action not in MONOTONE_ACTIONS or q.subset or q.role:
            continue
        thing = (board.story_of(group.rep), q.unit, q.action, q.side, q.place, q.state)
        series[thing].append(group)
    for groups in series.values():
        by_moment: dict[dt.date, Group] = {}
        for group in groups:
            assert group.q.moment is not None
            held = by_moment.get(group.q.moment)
            if held is None or len(group.claims) > len(held.claims):
                by_moment[group.q.moment] = group
        steps = [by_moment[m] for m in sorted(by_moment)]
        for earlier, later in itertools.pairwise(steps):
            _step(board, earlier, later)


def _step(board: Board, earlier: Group, later: Group) -> None:
    a, b = earlier.rep, later.rep
    la, lb = loose(a), loose(b)
    fell = (
        lb.high is not None
        and la.low is not None
        and (lb.high < la.low or (lb.high == la.low and (lb.high_open or la.low_open)))
    )
    t1, t2 = earlier.q.moment, later.q.moment
    sure = nouns_compatible(earlier.q.noun, later.q.noun) is True
    if fell and sure:
        verdict = Verdict.inconsistent
        how = "the count fell between reports: a correction or an error"
    elif fell:
        verdict = Verdict.unclear
        how = "a lower later figure, of what may be another count (what is counted is unknown)"
    else:
        verdict = Verdict.consistent
        how = "a later figure of a count that changes"
    board.add(
        FindingKind.arithmetic,
        verdict,
        [a, b],
        rule="toll-series",
        relation=f"{b.id} later figure of {a.id}",
        arithmetic=f"{strict(a).text()} on {t1} → {strict(b).text()} on {t2}: {how}",
        note=f"'{a.quote}' ({t1}) then '{b.quote}' ({t2}): {how}",
        key=later.key,
        cause=Cause.update,
    )
