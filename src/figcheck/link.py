"""Which claims state the same real-world quantity (stage `link`).

Claims that count the same thing (same side's people, same happening, same
event date or the same running total at the same date) get one readable key,
within and across articles: ``2024-01-03/ukrainians-returned``,
``since-2022-02@2024-01-03/ukrainians-returned``. Rules decide first; pairs the
rules cannot decide go to an optional `assist` (an LLM), whose None leaves the
rules' answer (keep apart) and a note on the claim.

Blocking keeps this linear-ish: claims are bucketed by scope and date, and a
claim is compared only with one representative of each group already in its
bucket, never with all claims.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from figcheck._quantity import Quantity, mark_siblings, nouns_compatible, read_quantity
from figcheck.models import Article, Claim, Scope

Assist = Callable[[Claim, Claim], bool | None]

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Decision:
    """The rules' answer for a pair: True/False, or None when they cannot decide."""

    same: bool | None
    reason: str


def same_quantity(a: Claim, b: Claim, qa: Quantity, qb: Quantity) -> Decision:
    """Whether two claims count the same quantity, from their readings (see module docstring).

    Any feature known on both sides and different settles it (False); only
    then do unknown features make the pair undecided (None).
    """
    apart = _apart(a, b, qa, qb)
    if apart:
        return Decision(False, apart)
    if not _known(qa) or not _known(qb):
        return Decision(False, "nothing known about what one claim counts")
    if qa.date != qb.date and a.article != b.article:
        return Decision(None, "one date is unknown or assumed from publication")
    if a.scope == Scope.cumulative and qa.since != qb.since:
        return Decision(None, "one running total has no start date")
    if qa.side != qb.side:
        return Decision(None, "whose figure it is is unknown for one claim")
    if qa.action != qb.action:
        return Decision(None, "what happened is unknown for one claim")
    nouns = nouns_compatible(qa.noun, qb.noun)
    if qa.action is not None and (qa.side is not None or qa.noun is not None):
        if nouns is None and qa.side is None:
            return Decision(None, "what is counted is unknown for one claim")
        return Decision(True, _agree_reason(qa))
    score = _similar(qa.descriptor, qb.descriptor)
    if score >= 90:
        return Decision(True, f"measures read alike ({score:.0f}/100)")
    if score >= 70:
        return Decision(None, f"measures partly alike ({score:.0f}/100)")
    return Decision(False, f"measures differ ({score:.0f}/100)")


def _apart(a: Claim, b: Claim, qa: Quantity, qb: Quantity) -> str | None:
    """The first feature known for both claims that differs, as a reason; None if none does."""
    if a.scope != b.scope:
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
    if qa.action and qb.action and qa.action != qb.action:
        return f"different happenings ({qa.action} vs {qb.action})"
    if nouns_compatible(qa.noun, qb.noun) is False:
        return f"different things counted ({qa.noun} vs {qb.noun})"
    return None


def _known(q: Quantity) -> bool:
    return bool(q.side or q.action or (q.noun and q.noun != "events") or q.unit)


def _agree_reason(q: Quantity) -> str:
    bits = [q.side or "", q.noun or "", q.action or "", str(q.date or "")]
    return "same " + " ".join(b for b in bits if b)


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return float(fuzz.token_set_ratio(a, b))


def _bucket(claim: Claim, q: Quantity) -> tuple[str, str]:
    """Coarse block: scope and date (since@as_of for totals); only a block's claims meet."""
    date = "" if q.date is None else str(q.date)
    if claim.scope == Scope.cumulative and q.since is not None:
        date = f"{q.since[0]:04d}-{q.since[1]:02d}@{date}"
    return claim.scope.value, date


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
    by_id = {a.id: a for a in articles}
    readings = mark_siblings(claims, [read_quantity(c, by_id.get(c.article)) for c in claims])
    groups: list[list[int]] = []  # member indexes; groups[g][0] is the representative
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)  # bucket -> group ids
    notes: dict[int, list[str]] = defaultdict(list)
    for i, (claim, q) in enumerate(zip(claims, readings, strict=True)):
        bucket = _bucket(claim, q)
        chosen: int | None = None
        undecided: list[tuple[int, str]] = []
        for g in blocks[bucket]:
            rep = groups[g][0]
            decision = same_quantity(claim, claims[rep], q, readings[rep])
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
