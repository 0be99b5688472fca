"""Same key: claims of one quantity must state figures that can all hold.

All intervals meeting → agreement (unclear when every claim only bounds it
from one side, e.g. "dozens" and "more than 200": they cannot disagree, nor
confirm each other); camps that cannot meet → one conflict per pair of
neighbouring camps, between the two claims that disagree least, with the
cause (one source's error, or sources that differ). Two reports of one day's
toll, one saying the count has just risen ("climbed to 121"), are the same
count read at different hours: an update (unclear), still reported.
"""

from __future__ import annotations

import itertools
import math

from figcheck.crosscheck._attribution import attribute, same_speaker
from figcheck.crosscheck._compare import Interval, fit, loose, meet, strict
from figcheck.crosscheck._groups import Board, Group
from figcheck.link import Decision, reading, same_quantity, share_a_category
from figcheck.models import Cause, Claim, FindingKind, Qualifier, Verdict


def check_same_keys(board: Board) -> None:
    """Every key stated by two or more claims: agreement, or its conflicts."""
    for group in board.groups:
        if len(group.claims) > 1 and not group.key.startswith("unkeyed:"):
            _same_key(board, group)


def _listing(claims: list[Claim]) -> str:
    return ", ".join(f"{c.id} {strict(c).text()}" for c in claims)


def _clusters(claims: list[Claim]) -> list[list[Claim]]:
    """Claims swept in order of their lower bounds into runs that share a common value.

    Each claim's interval is read once (a sort key reading it three times, and the
    sweep once more, cost four calls a claim of a key stated thousands of times).
    """
    ordered = sorted(((strict(c), c) for c in claims), key=_lower_first)
    runs: list[list[Claim]] = []
    common: Interval | None = None
    for interval, claim in ordered:
        shared = common.intersect(interval) if common is not None else None
        if runs and shared is not None:
            runs[-1].append(claim)
            common = shared
        else:
            runs.append([claim])
            common = interval
    return runs


def _lower_first(entry: tuple[Interval, Claim]) -> tuple[float, bool, float]:
    interval = entry[0]
    return (
        interval.low if interval.low is not None else -math.inf,
        interval.low_open,
        interval.high if interval.high is not None else math.inf,
    )


def _narrowest(claims: list[Claim]) -> Claim:
    return min(claims, key=lambda c: strict(c).width)


def _same_key(board: Board, group: Group) -> None:
    """Agreement when all meet; else one conflict per pair of neighbouring value clusters.

    Reporting cluster against cluster (by their most precise claims) rather than
    every pair keeps a 50-claim key with three camps at two findings, not 800.
    """
    claims = group.claims
    common = meet(claims)
    slip = _magnitude_slip(claims) if common is not None else None
    if slip is not None:
        _slip_finding(board, group, *slip)
        return
    if common is not None:
        one_sided = all(strict(c).high is None for c in claims) or all(
            strict(c).low is None for c in claims
        )
        verdict = Verdict.unclear if one_sided else Verdict.consistent
        how = "only bound it from one side" if one_sided else f"all allow {common.text()}"
        _agreement(board, group, claims, verdict, f"{_listing(claims)} → {how}", "same-key-overlap")
        return
    runs = _clusters(claims)
    merged: list[list[Claim]] = [runs[0]]
    shared = meet(runs[0], loose)
    for run in runs[1:]:
        a, b = _narrowest(merged[-1]), _narrowest(run)
        both = meet(run, loose)
        common = shared.intersect(both) if shared is not None and both is not None else None
        if fit(strict(a), strict(b), loose(a), loose(b)).fits and common is not None:
            # apart only by rounding of round figures, and some value fits every claim of
            # both once rounded: "nearly 2.1 million" and "over 2.1 million" each meet a
            # round "2.1 million", never each other
            merged[-1] = merged[-1] + run
            shared = common
        else:
            merged.append(run)
            shared = both
    if len(merged) == 1:
        arithmetic = f"{_listing(claims)} → meet once rounding of round figures is allowed"
        _agreement(board, group, claims, Verdict.consistent, arithmetic, "same-key-rounding")
        return
    for left, right in itertools.pairwise(merged):
        a, b = _conflict(board, group, left, right)
        if _bounded(a) and _bounded(b):
            continue
        # the plainest pair holds a one-sided bound ("11,000" against "more than 11,000"):
        # a stated figure on the bound's side that no stated figure of the other side
        # meets, even rounded ("14,667"), is a disagreement of its own, named as well,
        # where a story linker read and grouped both (the rules' looser links would turn
        # a wrong one into a second false alarm: news-dev 3.7 -> 4.2 per 10 articles)
        stated = (
            [c for c in left[:50] if _bounded(c) and c.keyed_by],
            [c for c in right[:50] if _bounded(c) and c.keyed_by],
        )
        if not (stated[0] and stated[1]) or meet([*stated[0], *stated[1]], loose) is not None:
            continue
        x, y = _nearest(*stated)
        if not fit(strict(x), strict(y), loose(x), loose(y)).fits:
            _conflict(board, group, [x], [y])


# how far above "more than N" a reviewer still reads the figure as described by it: a
# writer with 1.5 billion never says "over 1.5 million" (a million for a billion, a
# thousand for a million), though "more than a million" marchers may be 3.5 million and
# an early "at least five" dead a later 60
_SLIP_FACTOR = 100
_BOUNDING = frozenset({Qualifier.more_than, Qualifier.at_least})


def _magnitude_slip(claims: list[Claim]) -> tuple[Claim, Claim] | None:
    """An open lower bound ("over 1.5 million") and a figure of the same quantity at least
    `_SLIP_FACTOR` times it ("a billion and a half"): they meet only as intervals."""
    bounds = [
        c
        for c in claims
        if c.qualifier in _BOUNDING and (i := strict(c)).high is None and (i.low or 0.0) > 0
    ]
    if not bounds:
        return None
    bound = min(bounds, key=lambda c: strict(c).low or 0.0)
    low = strict(bound).low or 0.0
    # the figure is stated, not a bound or a vague amount itself ("thousands", "at least 60")
    far = [
        c
        for c in claims
        if strict(c).high is not None and (strict(c).low or 0.0) >= _SLIP_FACTOR * low
    ]
    if not far:
        return None
    return bound, min(far, key=lambda c: strict(c).low or 0.0)


def _slip_finding(board: Board, group: Group, bound: Claim, far: Claim) -> None:
    ratio = (strict(far).low or 0.0) / (strict(bound).low or 1.0)
    who = attribute([bound, far], board.articles)
    board.add(
        FindingKind.conflict,
        Verdict.inconsistent,
        [bound, far],
        rule="same-key-magnitude",
        relation=f"{bound.id} ≠ {far.id}",
        arithmetic=(
            f"{bound.id} {strict(bound).text()} vs {far.id} {strict(far).text()}: "
            f"{ratio:,.0f} times the bound, which no writer would give as '{bound.quote}'"
        ),
        note=(
            f"'{bound.quote}' and '{far.quote}' state the same quantity orders of magnitude"
            f" apart (a million for a billion?); {who}"
        ),
        attribution=who,
        key=group.key,
    )


def _gap(ia: Interval, ib: Interval) -> float:
    """How far apart two disagreeing figures are (0 when their intervals touch)."""
    lo_a = ia.low if ia.low is not None else -math.inf
    hi_a = ia.high if ia.high is not None else math.inf
    lo_b = ib.low if ib.low is not None else -math.inf
    hi_b = ib.high if ib.high is not None else math.inf
    return max(lo_b - hi_a, lo_a - hi_b, 0.0)


def _nearest(left: list[Claim], right: list[Claim]) -> tuple[Claim, Claim]:
    """The two claims, one from each camp, that cannot both hold and disagree least: the
    plainest disagreement to show a reviewer ("38" against "at least 40", not "52")."""
    # each distinct interval once, with the first claim that states it: the pair chosen is
    # the same (the first claims of the first minimal pair), and a camp of thousands of
    # claims repeating a few figures costs a few pairs, not 50 x 50
    sides = _distinct(left), _distinct(right)
    pairs = [(a, ia, b, ib) for a, ia in sides[0] for b, ib in sides[1]]
    apart = [p for p in pairs if p[1].intersect(p[3]) is None] or pairs
    a, _, b, _ = min(apart, key=lambda p: (_gap(p[1], p[3]), p[1].width + p[3].width))
    return a, b


def _distinct(claims: list[Claim]) -> list[tuple[Claim, Interval]]:
    """Each distinct interval of `claims` with the first claim stating it, in their order."""
    first: dict[Interval, Claim] = {}
    for claim in claims:
        first.setdefault(strict(claim), claim)
    return [(claim, interval) for interval, claim in first.items()]


def _bounded(claim: Claim) -> bool:
    """A stated figure or range, bounded on both sides: not "more than 11,000"."""
    interval = strict(claim)
    return interval.low is not None and interval.high is not None


def _conflict(
    board: Board, group: Group, left: list[Claim], right: list[Claim]
) -> tuple[Claim, Claim]:
    """The conflict between two camps, named by their plainest pair (which it returns)."""
    a, b = _nearest(left[:50], right[:50])
    arithmetic = f"{a.id} {strict(a).text()} vs {b.id} {strict(b).text()} → no common value"
    linked = _readings_link(board, a, b)
    softened = _softened(board, a, b, linked)
    who: str | None = None
    if softened is not None:
        verdict = Verdict.unclear
        rule, note, cause = softened
    else:
        verdict, rule, cause = Verdict.inconsistent, "same-key-conflict", None
        who = attribute([a, b], board.articles)
        others = [c.id for c in left + right if c is not a and c is not b]
        also = f" (also siding with one or the other: {', '.join(others)})" if others else ""
        note = (
            f"'{a.quote}' and '{b.quote}' state the same quantity differently{also}; {who}"
            f"{_link_ground(linked)}"
        )
    board.add(
        FindingKind.conflict,
        verdict,
        [a, b],
        rule=rule,
        relation=f"{a.id} ≠ {b.id}",
        arithmetic=arithmetic,
        note=note,
        attribution=who,
        key=group.key,
        cause=cause,
    )
    return a, b


def _softened(
    board: Board, a: Claim, b: Claim, linked: Decision | None
) -> tuple[str, str, Cause | None] | None:
    """(rule, note, cause) when two figures that cannot both hold are likelier two
    quantities, or one count read at two hours, than a reporting error; None otherwise.
    The finding is still reported, as `unclear`, saying why."""
    pair = f"'{a.quote}' and '{b.quote}'"
    if _one_sentence_one_voice(board, a, b):
        return (
            "one-sentence-one-voice",
            f"{pair} are given in one sentence in one voice: a writer does not state one"
            " figure twice and differently in a breath, so they likely count different"
            " things or moments (a peak and a level, two named places; check the report),"
            " not one figure given twice",
            None,
        )
    if _one_voice_by_category(board, a, b):
        return (
            "one-voice-category",
            f"{pair}, which one report gives in one voice, were linked by their category"
            " alone: they may count different groups or places (check the report), not one"
            " figure given twice",
            None,
        )
    if apart := _thin_and_far(a, b, linked):
        return (
            "thin-link-far-apart",
            f"{pair} {apart}: more likely two different quantities than one figure"
            " misreported (check the report), so not called an error",
            None,
        )
    if _updated_within_the_day(board, a, b):
        return (
            "same-day-update",
            f"{pair} differ on one day's count, which is reported as rising: likely the same"
            " toll read at different hours (an update), not an error",
            Cause.update,
        )
    return None


# a link resting on one thing in common and nothing else (link._evidence's score: the words
# of two measures alike, one side, one noun or one subject; a word naming anyone, "people"
# or "events", adds one more and no category), and figures this many times apart: a
# reading that found so little in common likelier missed what tells them apart
_THIN = 2
_FAR = 3.0


def _thin_and_far(a: Claim, b: Claim, decision: Decision | None) -> str | None:
    """Why two disagreeing figures the readings link on thin ground (`decision`, from
    `_readings_link`) are likelier two quantities ("four fuel trucks" and "500 trucks":
    one measure's words, 125 times apart; "about 266 flights" of one carrier and "1,250
    flights" of another: the words and a noun naming any events); None when the link is
    firmer (a category, side or state besides), someone else keyed them, or they lie
    closer.

    Keys stay value-blind: the two keep their key and the finding is still reported
    (`unclear`), but a reviewer should not read it as a reporting error. An injected or
    real error of a few tens of percent, or a slip of a scale word (a thousandfold,
    `_magnitude_slip`), is not softened.
    """
    if decision is None or decision.score > _THIN + 1:
        return None
    if decision.score == _THIN + 1 and share_a_category(reading(a), reading(b)):
        return None  # a category, side or state and a noun or the words: firm enough
    ia, ib = strict(a), strict(b)
    lower, upper = (ia, ib) if (ia.high or 0.0) <= (ib.high or 0.0) else (ib, ia)
    if lower.high is None or upper.low is None or lower.high <= 0:
        return None
    factor = upper.low / lower.high
    if factor < _FAR:
        return None
    ground = decision.reason.removeprefix("same ")
    return f"are linked only on {ground} and lie {factor:.0f} times apart"


def _link_ground(decision: Decision | None) -> str:
    """What the two claims' readings have in common (`_readings_link`), for a reviewer
    weighing a conflict: a link resting on the words of two measures alone ("linked on:
    measures alike") is likelier a wrong link than one on a category, a side and a day."""
    if decision is None:
        return ""
    return f" (the readings link them on: {decision.reason.removeprefix('same ')})"


def _readings_link(board: Board, a: Claim, b: Claim) -> Decision | None:
    """How the two claims' readings link them, where the rules keyed them; None where
    someone else did (a story linker, a label: `keys_given`) or the readings alone do not
    link the pair (it met through other members of its group)."""
    if board.keys_given or a.reading is None or b.reading is None or a.keyed_by or b.keyed_by:
        return None
    decision = same_quantity(a, b)
    return decision if decision.same else None


def _agreement(
    board: Board, group: Group, claims: list[Claim], verdict: Verdict, arithmetic: str, rule: str
) -> None:
    quotes = ", ".join(f"'{c.quote}'" for c in claims)
    if verdict == Verdict.consistent:
        note = f"{quotes} agree on {group.key}"
    else:
        note = f"{quotes} cannot disagree but do not pin the figure down"
    board.add(
        FindingKind.agreement,
        verdict,
        claims,
        rule=rule,
        relation=" ≈ ".join(c.id for c in claims),
        arithmetic=arithmetic,
        note=note,
        key=group.key,
    )


def _updated_within_the_day(board: Board, a: Claim, b: Claim) -> bool:
    """Two reports of one day's toll from different sources, one saying the count has just
    risen ("climbed to 121"): a count that grows through the day, read at different hours."""
    ra, rb = board.readings.get(a.id), board.readings.get(b.id)
    if ra is None or rb is None or a.article == b.article:
        return False
    if a.source and b.source and same_speaker(a.source, b.source):
        return False  # one source giving two figures for one day: it corrected one of them
    return ra.changing and rb.changing and (ra.risen or rb.risen)


def _one_voice(a: Claim, b: Claim) -> bool:
    """Both the outlet's own figures, or both one source's."""
    if bool(a.source) != bool(b.source):
        return False
    return not (a.source and b.source and not same_speaker(a.source, b.source))


def _one_sentence_one_voice(board: Board, a: Claim, b: Claim) -> bool:
    """Two figures the readings link, given in one sentence by one voice ("the river rose
    as high as 5.30 meters and had dropped back to 5.06 meters on Wednesday"; "food
    inflation at 19.3%, a little lower than the 19.6% of March"): within a breath a
    writer gives two figures of two things or moments, and a reading that linked them
    missed what tells them apart. Two voices in one sentence ("police counted 16,000;
    the union said 280,000") are the disagreement a reviewer wants, and stay
    `inconsistent`; so do a label's keys (`keys_given`).
    """
    if board.keys_given or a.article != b.article or not _one_voice(a, b):
        return False
    if a.reading is None or b.reading is None:
        return False  # unread: where each stands in the text is not known
    return a.reading.sentence_span == b.reading.sentence_span


def _one_voice_by_category(board: Board, a: Claim, b: Claim) -> bool:
    """Two counts of one report, in one voice (both the outlet's, or one source's), that
    linking could tie by their category alone ("58 deaths", "183" in a report of deaths
    by country): a writer rarely gives one figure twice and differently in a breath, and
    a reading that found nothing else in common more likely missed what tells them apart.

    Two voices in one report ("police counted 16,000; the union said 280,000") are the
    disagreement a reviewer wants flagged, and stay `inconsistent`.
    """
    if board.keys_given or a.article != b.article:
        return False  # given keys (a label's) are trusted, not weighed by their readings
    if not (reading(a).count and reading(b).count) or not _one_voice(a, b):
        return False
    return same_quantity(a, b).by_category
