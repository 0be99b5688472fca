"""link's shortcuts against their plain forms: the block's latest candidates, and the
claims no group can give positive evidence (tests/test_link.py covers the decisions)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from figcheck.link import (
    _GENERIC_NOUNS,
    Index,
    _candidates,
    _day,
    _evidence,
    _may_show_evidence,
    _pick,
)
from figcheck.models import Claim, Qualifier, Reading, Scope

_MAYBE = st.none() | st.sampled_from(["", "killed", "injured", "ukrainian", "dow"])
_NOUNS = st.none() | st.sampled_from([*sorted(_GENERIC_NOUNS), "soldiers", "civilians"])
_DESCRIPTORS = st.sampled_from(
    ["", "people", "people killed", "persons", "soldiers", "total number", "km", "homes"]
)
_READINGS = st.builds(
    Reading,
    noun=_NOUNS,
    action=_MAYBE,
    state=_MAYBE,
    side=_MAYBE,
    subject=_MAYBE,
    unit=st.none() | st.sampled_from(["percent", "km", "magnitude", "duration"]),
    count=st.booleans(),
    descriptor=_DESCRIPTORS,
    anchor=st.none() | st.sampled_from(["marrakech", "marrakesh"]),
)
_QUOTES = st.sampled_from(["230 people", "12 soldiers died", "a total of 40", "1.09 million"])


def _claim(quote: str) -> Claim:
    return Claim(
        id="c",
        article="a",
        start=0,
        end=len(quote),
        quote=quote,
        measure="people",
        low=1.0,
        high=1.0,
        qualifier=Qualifier.exact,
        scope=Scope.event,
        figure_text=quote.split()[0],
    )


@settings(max_examples=500, deadline=None)
@given(_READINGS, _READINGS, _QUOTES, _QUOTES)
def test_no_evidence_possible_means_none_found(ra: Reading, rb: Reading, qa: str, qb: str) -> None:
    """A claim `_may_show_evidence` turns away scores 0 against any other reading."""
    if not _may_show_evidence(ra):
        assert _evidence(_claim(qa), _claim(qb), ra, rb)[0] <= 0


def _plain(index: Index, r: Reading) -> list[int]:
    found: list[int] = []
    for sides in _pick(index, r.action):
        for days in _pick(sides, r.side):
            for ids in _pick(days, _day(r)):
                found.extend(ids)
    return sorted(found)


_SLOTS = st.lists(
    st.tuples(st.sampled_from(["", "killed"]), st.sampled_from(["", "ukrainian"]), st.booleans()),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(_SLOTS, st.integers(min_value=1, max_value=12), _READINGS)
def test_candidates_are_the_latest_of_the_sorted_union(
    slots: list[tuple[str, str, bool]], limit: int, r: Reading
) -> None:
    """Groups are indexed as link creates them (ids in order); the tail of each slot
    gives the same latest `limit` candidates as sorting the whole union."""
    index: Index = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for gid, (action, side, dated) in enumerate(slots):
        index[action][side]["2024-01-02" if dated else ""].append(gid)
    r = r.model_copy(update={"date": dt.date(2024, 1, 2), "date_assumed": False})
    plain = _plain(index, r)
    assert _candidates(index, r, limit) == (len(plain), plain[-limit:])
