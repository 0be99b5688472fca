"""Parts against their whole: "116 freed ... 87 of those freed ..., at least 23 of the released".

A part is a claim with a partitive cue ("of those freed", "among them",
"including", "of the dead") or a category claim continuing such a breakdown.
Its whole is the nearest earlier claim in the same article, in the part's
sentence or the one before it (up to four before when the part names what
happened, "of those freed"), that counts the same happening
(dead with dead, never missing or injured) and compatible things, in the same
or no sub-area, and is not itself a part. Magnitudes, ages, distances and
durations are never parts or wholes. Parts assigned to categories ("were from ...") or
items of one list ("including $30bn for defence and $25bn for health")
add up; overlapping attributes ("injured or sick") are checked alone. The check
is feasibility: the parts can be true together with the whole.
"""

from __future__ import annotations

import re
from collections import defaultdict

from figcheck.crosscheck._compare import Interval, fmt, strict
from figcheck.crosscheck._groups import Board
from figcheck.models import Claim, FindingKind, Reading, Verdict
from figcheck.read._quantity import nouns_compatible

_WINDOW = 1200  # characters a whole may precede its part
_SENTENCES_BACK = 1  # sentences a whole may precede its part's sentence...
_SENTENCES_BACK_NAMED = (
    4  # ...or when the part's cue names the whole's happening ("of those freed")
)


def _is_whole(claim: Claim, part: Reading, cand: Claim, cq: Reading) -> bool:
    if part.unit == "percent" and _bases_differ(claim.quote, cand.quote):
        return False  # "100% of the airlines" is no part of "a quarter of the Fortune 500"
    if cq.part or cq.side == "each" or cq.unit != part.unit or not cq.count or not part.count:
        return False
    if part.action is not None and part.action != cq.action and not _fate_of(part, cq):
        return False
    if cq.place is not None and cq.place != part.place:
        return False
    if part.side not in (None, "each") and cq.side is not None and cq.side != part.side:
        return False
    if _INCREMENT.match(cand.quote):
        return False  # "another 179 people": what was added, not the whole
    if cq.listed is not None and cq.listed != part.listed:
        # "seven children and one man ..., and 72 of the bodies had been identified": an
        # item of a list is a part of the list's whole, not the whole of a later figure
        return False
    # a part's own date is often its sub-group's ("Azovstal defenders ... in 2022"), but a
    # whole dated before its part is another, earlier event's ("81,000 on March 7" holds
    # nothing of "119,000 on Thursday")
    if part.date and cq.date and not (part.date_assumed or cq.date_assumed) and cq.date < part.date:
        return False
    if _fate_of(part, cq):
        return nouns_compatible(part.noun, cq.noun) is not False
    if part.noun is None:
        return part.unit is not None or cq.noun not in (None, "events")
    if cq.noun is None:  # "the overall toll to close to 600": same happening, kind unsaid
        return part.action is not None and part.action == cq.action
    return nouns_compatible(part.noun, cq.noun) is True


# what befalls those on board or on site: each is a part of everyone who was there
_FATES = frozenset({"killed", "injured", "missing", "rescued", "trapped"})


def _fate_of(part: Reading, whole: Reading) -> bool:
    """ "Of the 200 passengers on board, 150 were rescued": a fate of those aboard, stated in
    one sentence (further off, "42 of the 70 bodies" is no part of "two passengers")."""
    same_sentence = part.sentence_no == whole.sentence_no
    return same_sentence and whole.action == "aboard" and part.action in _FATES


# the group a share is of, as its quote names it: "43% of retailers", "a quarter of the
# Fortune 500" (its first word after "of" and any determiner)
_BASE = re.compile(r"\bof\s+(?:the\s+|its\s+|their\s+|all\s+)*([^\W\d_][\w-]*)", re.I)


def _bases_differ(part: str, whole: str) -> bool:
    """A share whose quote names the group it is of, and a share not named as of the same
    group: "43% of retailers" is a share of retailers, no part of "a quarter of the
    Fortune 500" nor of an insured "10% to 20%", whatever the figures ("42.8 per cent"
    and "8.9 per cent" of an unnamed group may be parts of "51.7 per cent of schools")."""
    a = _BASE.search(part)
    if a is None:
        return False
    b = _BASE.search(whole)
    return b is None or a.group(1).lower() != b.group(1).lower()


_INCREMENT = re.compile(r"\s*(?:another|an? additional|additional|a further|further)\b", re.I)


def find_wholes(board: Board) -> dict[str, Claim]:
    """part claim id -> its whole claim."""
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for claim in board.claims:
        by_article[claim.article].append(claim)
    wholes: dict[str, Claim] = {}
    by_id = {c.id: c for c in board.claims}
    for claims in by_article.values():
        claims.sort(key=lambda c: c.start)
        previous: tuple[Claim, Claim] | None = None  # the last part found, and its whole
        for i, claim in enumerate(claims):
            q = board.readings[claim.id]
            named = by_id.get(q.whole) if q.whole else None  # a story linker's, validated
            if named is not None:
                wholes[claim.id] = named
                previous = (claim, named)
                continue
            if not (q.part or (q.membership and previous is not None)):
                continue
            whole = _search_whole(board, claims[:i], claim, q) if q.part else None
            if whole is None and previous is not None:
                whole = _continued(board, previous, claim, q)
            if whole is not None:
                wholes[claim.id] = whole
                previous = (claim, whole)
    return wholes


def _search_whole(board: Board, earlier: list[Claim], claim: Claim, q: Reading) -> Claim | None:
    start = q.sentence_span[0]
    for cand in reversed(earlier):
        cq = board.readings[cand.id]
        if start - cand.end > _WINDOW:
            break
        back = _SENTENCES_BACK_NAMED if q.action is not None else _SENTENCES_BACK
        if q.sentence_no - cq.sentence_no > back:
            break
        if _is_whole(claim, q, cand, cq):
            return cand
    return None


def _continued(
    board: Board, previous: tuple[Claim, Claim], claim: Claim, q: Reading
) -> Claim | None:
    """A breakdown goes on across sentences ("87 of those freed were from the regular
    forces. Eight servicemen were from military intelligence ... At least 23 of the
    released were injured"): a part or category claim in the sentence right after the
    last part takes that part's whole, when it could be a part of it."""
    last_part, whole = previous
    lq = board.readings[last_part.id]
    if q.sentence_no - lq.sentence_no > _SENTENCES_BACK:
        return None
    wq = board.readings[whole.id]
    return whole if _is_whole(claim, q, whole, wq) else None


def check_parts(board: Board) -> None:
    """Parts ≤ whole, category parts summed ≤ whole, "a majority of" > half."""
    wholes = find_wholes(board)
    parts_of: dict[str, list[Claim]] = defaultdict(list)
    whole_by_id: dict[str, Claim] = {}
    for claim in board.claims:
        whole = wholes.get(claim.id)
        if whole is not None:
            parts_of[whole.id].append(claim)
            whole_by_id[whole.id] = whole
    for whole_id, parts in parts_of.items():
        whole = whole_by_id[whole_id]
        breakdowns, singles = _breakdowns(board, parts)
        for breakdown in breakdowns:
            if len(breakdown) == 1:
                singles.insert(0, breakdown[0])
        for breakdown in breakdowns:
            if len(breakdown) > 1:
                _part_finding(board, breakdown, whole)
        for part in singles:
            _part_finding(board, [part], whole)
        for part in parts:
            if board.readings[part.id].majority:
                _majority_finding(board, part, whole)


def _in_list(board: Board, part: Claim, parts: list[Claim]) -> bool:
    """The part is an item of a list other parts of its report are items of too."""
    listed = board.readings[part.id].listed
    return listed is not None and any(
        p is not part and p.article == part.article and board.readings[p.id].listed == listed
        for p in parts
    )


def _breakdowns(board: Board, parts: list[Claim]) -> tuple[list[list[Claim]], list[Claim]]:
    """A whole's parts that add up, by the breakdown each belongs to, and the rest.

    A part adds up with the others when assigned to a category or an item of one list
    with them ("68 passengers and four crew"); another part of the same sentence ("...,
    killing 68 of them") may overlap them and is checked alone. The items of one list
    ("three infants, three children and 62 adults") are one breakdown; parts assigned
    to categories sentence by sentence ("87 of those freed were from the regular forces.
    Eight servicemen were from military intelligence") are another. Two breakdowns of
    one whole (by age, by nationality) each add up to it; summed together they count
    people twice.
    """
    groups: dict[tuple[str, int | None], list[Claim]] = defaultdict(list)
    alone: list[Claim] = []
    for part in parts:
        in_list = _in_list(board, part, parts)
        if in_list or board.readings[part.id].membership:
            listed = board.readings[part.id].listed if in_list else None
            groups[(part.article, listed)].append(part)
        else:
            alone.append(part)
    return list(groups.values()), alone


def _part_finding(board: Board, parts: list[Claim], whole: Claim) -> None:
    total = Interval.point(0)
    for part in parts:
        total = total + strict(part)
    cap = strict(whole)
    ok = total.intersect(Interval(None, cap.high, False, cap.high_open)) is not None
    names = " + ".join(p.id for p in parts)
    values = " + ".join(strict(p).text() for p in parts)
    summed = f"{values} = {total.text()}" if len(parts) > 1 else values
    verdict = Verdict.consistent if ok else Verdict.inconsistent
    arithmetic = f"{summed} ≤ {cap.text()} → {'fits' if ok else 'exceeds the whole'}"
    note = (
        f"{'Parts' if len(parts) > 1 else 'Part'} '{', '.join(p.quote for p in parts)}'"
        f" of '{whole.quote}': {arithmetic}"
    )
    board.add(
        FindingKind.arithmetic,
        verdict,
        [*parts, whole],
        rule="parts-within-whole" if len(parts) > 1 else "part-within-whole",
        relation=f"{names} ≤ {whole.id}",
        arithmetic=arithmetic,
        note=note if ok else note + "; the breakdown cannot be right",
    )


def _majority_finding(board: Board, part: Claim, whole: Claim) -> None:
    half = strict(whole).scale(0.5)
    value = strict(part)
    if half.high is not None and value.low is not None and value.low > half.high:
        verdict, how = Verdict.consistent, "is a majority"
    elif half.low is not None and value.high is not None and value.high <= half.low:
        verdict, how = Verdict.inconsistent, "is not a majority"
    else:
        verdict, how = Verdict.unclear, "cannot tell"
    share = ""
    if value.bounded and strict(whole).bounded and whole.high:
        share = f" ({fmt(round(100 * (value.high or 0) / whole.high))} %)"
    arithmetic = f"{value.text()} > {strict(whole).text()} / 2 = {half.text()} → {how}{share}"
    board.add(
        FindingKind.arithmetic,
        verdict,
        [part, whole],
        rule="majority-of-whole",
        relation=f"{part.id} > {whole.id} / 2",
        arithmetic=arithmetic,
        note=f"'{part.quote}' of '{whole.quote}': {arithmetic}",
    )
