"""Merge a story-level linker's proposed groups into the rules' keys.

The model proposes; code disposes. Every id is checked against the story's
claims (unknown or repeated ids are dropped with a note), and a proposed group
is split wherever the rules' hard constraints separate its members: another
unit, a running total against a single figure, a changing count the text dates
to another day (a report's own day standing in for an undated toll splits
nothing: a toll repeated a day later may be the earlier day's). Being a part
of a breakdown in one report and a lone figure in another splits nothing
either. The model saw every claim of the parts
it answered, so a claim it left out of every group states a quantity of its
own; the rules' keys stand only where no answer came (a failed part, an
unanswered story).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Final

from figcheck.models import Claim, Links, Reading, Scope, compact
from figcheck.normalise.units import family
from figcheck.read._stories import claim_stories

log = logging.getLogger(__name__)

Proposal = Links | list[list[str]] | None
STORY_LINKER: Final = "story linker"  # Claim.keyed_by of a claim a story linker keyed


def _hard(claim: Claim) -> tuple[object, ...]:
    """What no linker may merge across (the value-blind parts of link._apart that are sure).

    Units are compared by family, as the rules link them: "72 km" in one report and
    "about 48 miles" in another may be one distance, and the cross-checker converts.
    """
    r = claim.reading or Reading()
    # as link._family: a count that changes is one series whether a report gives its
    # start ("since 14 June") or not; only a fixed running total is apart from figures
    total = claim.scope == Scope.cumulative and r.since is not None and not r.changing
    return (family(r.unit), total, r.changing)


def _one_unit_a_report(part: list[Claim]) -> list[list[Claim]]:
    """A group split by unit when one report states it in two.

    Within one report a figure restated in another unit ("80 km (50 miles)") is a claim
    of its own, as the rules keep it; it still states what other reports give in that
    unit, so the group falls apart by unit rather than losing it: the biggest unit's
    claims first, each other unit joining the first part where no report would then
    give it in two units ("nearly 1 km (0.6 miles)" beside two reports' "984-foot" and
    "1,000-foot ship": the feet and the kilometre, which the cross-checker converts,
    and the miles apart).
    """
    units: dict[str, set[str | None]] = defaultdict(set)
    for claim in part:
        units[claim.article].add(claim.reading.unit if claim.reading else None)
    if all(len(seen) < 2 for seen in units.values()):
        return [part]
    by_unit: dict[str | None, list[Claim]] = defaultdict(list)
    for claim in part:
        by_unit[claim.reading.unit if claim.reading else None].append(claim)
    # units stay together wherever no report would then give the group in two: AFP's
    # "almost a kilometer (0.6 miles)" parts its miles from its kilometre, but the
    # kilometre still meets the other reports' "984-foot ship" (the checker converts)
    merged: list[tuple[list[Claim], dict[str, str | None]]] = []
    for claims in sorted(by_unit.values(), key=len, reverse=True):
        units_of = {c.article: c.reading.unit if c.reading else None for c in claims}
        for group, seen in merged:
            if all(seen.get(a, u) == u for a, u in units_of.items()):
                group.extend(claims)
                seen.update(units_of)
                break
        else:
            merged.append((list(claims), dict(units_of)))
    return [group for group, _ in merged]


def _stated_moment(claim: Claim) -> dt.date | None:
    """A changing count's moment when its text dates it; None when the report's own day
    stands in for it (a toll repeated a day later may still be the earlier day's)."""
    r = claim.reading or Reading()
    return r.moment if r.changing and r.moment != r.published else None


def _by_moment(part: list[Claim]) -> list[list[Claim]]:
    """A group split where the text dates its changing counts to different days; counts
    the text does not date stay with the group when one day is stated, else with the day
    they were printed when the others' texts give it, else apart."""
    days: dict[dt.date | None, list[Claim]] = defaultdict(list)
    for claim in part:
        days[_stated_moment(claim)].append(claim)
    if len([d for d in days if d is not None]) <= 1:
        return [part]
    # an undated count printed on a day the others' texts give ("660 Egyptians" in a
    # report of 23 June, "672 ... by Sunday 23 June" in one of the 24th) is that day's
    for claim in days.pop(None, []):
        printed = claim.reading.moment if claim.reading else None
        days[printed if printed in days else None].append(claim)
    return list(days.values())


def apply_story_links(
    claims: list[Claim], linker: Callable[[list[Claim]], Proposal]
) -> list[Claim]:
    """Claims re-keyed by the linker's groups, validated story by story."""
    stories = claim_stories(claims)
    by_story: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_story[stories.get(claim.article, claim.article)].append(claim)
    new_key: dict[str, str] = {}
    notes: dict[str, list[str]] = defaultdict(list)
    wholes: dict[str, tuple[str, bool]] = {}  # part id -> (whole id, one of a breakdown)
    alone: set[str] = set()  # seen by the linker, in none of its groups
    given: set[str] = set()  # keys given to the linker's groups: one per group
    existing = {c.key for c in claims}
    for members in by_story.values():
        if len(members) < 2:
            continue
        answer = linker(members)
        if answer is None:
            for claim in members:
                notes[claim.id].append("story linker gave no answer: rules' key kept")
            continue
        proposal = answer if isinstance(answer, Links) else Links(groups=answer)
        known = {c.id: c for c in members}
        _relations(proposal, known, wholes, notes)
        seen: set[str] = set()
        for group in proposal.groups:
            valid = [i for i in dict.fromkeys(group) if i in known and i not in seen]
            dropped = [i for i in group if i not in known]
            if dropped:
                log.warning("story linker named unknown claim ids %s", dropped)
            seen.update(valid)
            hard: dict[tuple[object, ...], list[Claim]] = defaultdict(list)
            for i in valid:
                hard[_hard(known[i])].append(known[i])
            parts = [
                unit
                for same in hard.values()
                for moment in _by_moment(same)
                for unit in _one_unit_a_report(moment)
            ]
            if len(parts) > 1:
                for i in valid:
                    notes[i].append("story linker's group split where unit or moment differ")
            for part in parts:
                if len(part) < 2:
                    continue
                key = min(part, key=lambda c: (c.article, c.start)).key
                if key in given:  # the rules gave two of the model's groups one key
                    key = _fresh(key, given | existing)
                given.add(key)
                for claim in part:
                    if claim.key != key:
                        notes[claim.id].append(f"linked by the story linker (rules: {claim.key})")
                    new_key[claim.id] = key
        for i in proposal.seen or []:
            if i in known and i not in new_key:
                alone.add(i)
    # a claim the linker saw and grouped with none: its rules key is no longer shared
    taken = {c.key for c in claims if c.id not in alone}
    for claim in claims:
        if claim.id in alone:
            key = _fresh(claim.key or claim.id, taken)
            if key != claim.key:
                notes[claim.id].append(f"in no group of the story linker (rules: {claim.key})")
            new_key[claim.id] = key
    out: list[Claim] = []
    for claim in claims:
        update: dict[str, object] = {}
        if claim.id in new_key:
            update["keyed_by"] = STORY_LINKER
            if new_key[claim.id] != claim.key:
                update["key"] = new_key[claim.id]
        if claim.id in wholes and claim.reading is not None:
            whole, membership = wholes[claim.id]
            update["reading"] = compact(
                claim.reading.model_copy(
                    update={"whole": whole, "part": True, "membership": membership}
                )
            )
        if notes.get(claim.id):
            update["notes"] = [*claim.notes, *notes[claim.id]]
        out.append(compact(claim.model_copy(update=update)) if update else claim)
    return out


def _fresh(key: str, taken: set[str]) -> str:
    """`key` itself when no other claim holds it, else key-2, key-3, ..."""
    n = 1
    candidate = key
    while candidate in taken:
        n += 1
        candidate = f"{key}-{n}"
    taken.add(candidate)
    return candidate


def _relations(
    proposal: Links,
    known: dict[str, Claim],
    wholes: dict[str, tuple[str, bool]],
    notes: dict[str, list[str]],
) -> None:
    """Parts the linker named, kept only between known claims of one unit and of counts."""

    def fits(part: str, whole: str) -> bool:
        a, b = known.get(part), known.get(whole)
        if a is None or b is None or part == whole or a.reading is None or b.reading is None:
            return False
        return a.reading.unit == b.reading.unit and a.reading.count and b.reading.count

    for relation in proposal.relations:
        if relation.kind == "part_of" and len(relation.of) == 1:
            if fits(relation.claim, relation.of[0]):
                wholes[relation.claim] = (relation.of[0], False)
                notes[relation.claim].append(f"part of {relation.of[0]} (story linker)")
        elif relation.kind == "sum_of":
            parts = [p for p in relation.of if fits(p, relation.claim)]
            for part in parts:
                wholes[part] = (relation.claim, True)
                notes[part].append(f"one of the parts summing to {relation.claim} (story linker)")
        elif relation.kind == "later_figure_of" and relation.claim in known:
            # the series comes from the readings' moments; the model's view is noted only
            notes[relation.claim].append(f"later figure of {', '.join(relation.of)} (story linker)")
