"""Claims gathered by key, with one reading per group: what the cross-checks work on.

A key group is one real-world quantity. Its representative is the member
with the narrowest interval (the most informative statement of it); its
reading prefers an event-scoped member, because a group that holds an event
claim is an event even if one sentence misstates it as a running total (the
seeds' "exactly 230 ... since February 2022").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from figcheck.crosscheck._attribution import cause_of
from figcheck.crosscheck._compare import Interval, half_unit, strict
from figcheck.models import (
    Article,
    Cause,
    Claim,
    Finding,
    FindingKind,
    Qualifier,
    Reading,
    Scope,
    Verdict,
    compact,
)
from figcheck.normalise.units import compatible, convert, known, symbol
from figcheck.read._stories import claim_stories


@dataclass
class Group:
    key: str
    claims: list[Claim]
    readings: list[Reading]
    rep: Claim
    q: Reading
    event: bool
    cumulative: bool  # every member is a running total

    @property
    def interval(self) -> Interval:
        return strict(self.rep)

    @property
    def date(self) -> dt.date | None:
        return self.q.date


@dataclass
class Board:
    """Everything a check needs: claims, their readings, key groups, articles."""

    claims: list[Claim]
    readings: dict[str, Reading]
    groups: list[Group]
    group_of: dict[str, Group]  # claim id -> group
    articles: dict[str, Article]
    story: dict[str, str] = field(default_factory=dict)  # article id -> story id
    findings: list[Finding] = field(default_factory=list)
    added: int = 0  # findings numbered so far
    # where findings go as they are made instead of `findings` (with the claims they name)
    sink: Callable[[Finding, list[Claim]], None] | None = None
    # the keys came with the claims (a label, a user), not from link: trusted as given
    keys_given: bool = False

    def story_of(self, claim: Claim) -> str:
        """The story a claim belongs to (read._stories); figures of two stories never meet."""
        return self.story.get(claim.article, claim.article)

    def add(
        self,
        kind: FindingKind,
        verdict: Verdict,
        claims: list[Claim],
        *,
        rule: str,
        relation: str | None = None,
        arithmetic: str | None = None,
        note: str | None = None,
        attribution: str | None = None,
        key: str | None = None,
        cause: Cause | None = None,
    ) -> None:
        if cause is None and verdict == Verdict.inconsistent:
            # figures that cannot all hold: an error unless different sources explain it
            cause = cause_of(attribution) if attribution else Cause.error
        self.added += 1
        finding = Finding(
            id=f"f{self.added:03d}",  # numbered as added: no renumbering copy
            kind=kind,
            verdict=verdict,
            claims=[c.id for c in claims],
            relation=relation,
            note=note,
            rule=rule,
            arithmetic=arithmetic,
            attribution=attribution,
            key=key,
            cause=cause,
        )
        if self.sink is not None:
            self.sink(finding, claims)
        else:
            self.findings.append(compact(finding))


def build_board(claims: list[Claim], articles: list[Article]) -> Board:
    """Key groups and readings from the claims alone (their readings were filled at extraction)."""
    by_article = {a.id: a for a in articles}
    readings = {c.id: c.reading or _UNREAD for c in claims}
    members: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        members[claim.key or f"unkeyed:{claim.id}"].append(claim)
    groups: list[Group] = []
    group_of: dict[str, Group] = {}
    for key, stated_claims in members.items():
        group_claims = in_one_unit(stated_claims, readings)
        rep = min(group_claims, key=lambda c: strict(c).width)
        events = [c for c in group_claims if c.scope == Scope.event]
        reader = events[0] if events else rep
        group = Group(
            key=key,
            claims=group_claims,
            readings=[readings[c.id] for c in group_claims],
            rep=rep,
            q=readings[reader.id],
            event=bool(events),
            cumulative=all(c.scope == Scope.cumulative for c in group_claims),
        )
        groups.append(group)
        for claim in group_claims:
            group_of[claim.id] = group
    return Board(claims, readings, groups, group_of, by_article, claim_stories(claims))


_UNREAD = Reading(reader="none")  # a claim handed in without a reading: nothing known


def unit_of_claim(claim: Claim, reading: Reading) -> str | None:
    """The claim's canonical unit (pint name or ISO code), else the one its reading names."""
    return claim.unit if known(claim.unit) else reading.unit


def in_one_unit(claims: list[Claim], readings: dict[str, Reading]) -> list[Claim]:
    """A key's claims with their figures stated in one unit, the one most of them use.

    Claims of one quantity may state it in compatible units ("366 km", "227 miles",
    "1.2 billion dollars" against "1,200 million"): pint converts each figure so
    the checks compare like with like; the claim keeps its id and quote, and a
    note says what was converted. Claims in incompatible units are left as stated.
    """
    units = [unit_of_claim(c, readings.get(c.id, _UNREAD)) for c in claims]
    named = [u for u in units if u is not None]
    if len(set(named)) < 2:
        return claims
    target = max(set(named), key=lambda u: (named.count(u), -named.index(u)))
    if not any(u != target and compatible(u, target) for u in named):
        return claims
    out: list[Claim] = []
    for claim, unit in zip(claims, units, strict=True):
        if unit is None or not compatible(unit, target):
            out.append(claim)
            continue
        low, high = claim.low, claim.high
        update: dict[str, object] = {"unit": target}
        notes = list(claim.notes)
        if claim.qualifier == Qualifier.exact and low is not None and low == high:
            # a figure written in one unit and read in another keeps its own rounding:
            # "366 km" is 365.5-366.5 km, so "227 miles" (227.1-227.7 from km) agrees; a
            # round figure no more than "about" allows: "100 basis points" is 90-110,
            # never a rounded 75 because a report gives "three-quarters of a point"
            half = half_unit(low)
            low, high = low - half, high + half
            notes.append(f"'{claim.quote}' read as ±{half:g} {symbol(unit)}")
        bounds = [None if v is None else convert(v, unit, target) for v in (low, high)]
        if any(v is not None and b is None for v, b in zip((low, high), bounds, strict=True)):
            out.append(claim)
            continue
        update.update(low=bounds[0], high=bounds[1])
        if claim.value is not None:
            update["value"] = convert(claim.value, unit, target)
        if unit != target:
            note = f"compared in {symbol(target)}: '{claim.quote}' converted from {symbol(unit)}"
            notes.append(note)
        update["notes"] = notes
        out.append(claim.model_copy(update=update))
    return out


def event_figure(group: Group, misstated: list[Claim]) -> tuple[Claim, Interval]:
    """An event's best figure: its own, narrowed by a claim of that day that a sentence
    misstates as a running total but that fits the event ("exactly 230 ... since 2022")."""
    best, value = group.rep, group.interval
    for claim in misstated:
        if claim.as_of == group.date or claim.as_of is None:
            narrowed = value.intersect(strict(claim))
            if narrowed is not None and narrowed.width < value.width:
                best, value = claim, narrowed
    return best, value
