"""Scoring against gold: the matching rule first, since every metric depends on it."""

from __future__ import annotations

import pytest

from figcheck.evaluate import match_claims
from figcheck.models import Claim, Qualifier

TEXT = (
    "Russia and Ukraine said on Wednesday they had each released more than 230 prisoners "
    "of war. Among them were 66 defenders of the Azovstal factory. There were about fifty "
    "dead and dozens of injured."
)


def claim(cid: str, phrase: str, *, article: str = "a1") -> Claim:
    start = TEXT.index(phrase)
    return Claim(
        id=cid,
        article=article,
        start=start,
        end=start + len(phrase),
        quote=phrase,
        low=None,
        high=None,
        qualifier=Qualifier.exact,
        measure="x",
    )


@pytest.mark.parametrize(
    ("pred_phrase", "gold_phrase", "matches"),
    [
        ("more than 230 prisoners", "more than 230 prisoners of war", True),
        ("230 prisoners of war", "more than 230 prisoners", True),
        ("230", "more than 230 prisoners", True),
        ("more than 2", "more than 230 prisoners", False),  # overlaps, cuts the digits
        ("prisoners of war", "more than 230 prisoners of war", False),  # no digits inside
        ("more than", "more than 230 prisoners", False),
        ("66 defenders", "more than 230 prisoners", False),  # disjoint
        ("fifty dead", "about fifty dead", True),  # number words
        ("about fif", "about fifty dead", False),
        ("dozens of injured", "dozens", True),
    ],
)
def test_single_pair(pred_phrase: str, gold_phrase: str, matches: bool) -> None:
    pairs = match_claims([claim("p", pred_phrase)], [claim("g", gold_phrase)])
    assert bool(pairs) is matches


def test_other_article_never_matches() -> None:
    p = claim("p", "more than 230 prisoners", article="a2")
    assert match_claims([p], [claim("g", "more than 230 prisoners")]) == []


def test_one_gold_matches_one_prediction_the_best_iou() -> None:
    gold = claim("g", "66 defenders")
    loose = claim("p1", "Among them were 66 defenders of the Azovstal factory")
    tight = claim("p2", "66 defenders of")
    pairs = match_claims([loose, tight], [gold])
    assert [(p.id, g.id) for p, g in pairs] == [("p2", "g")]


def test_one_prediction_covering_two_golds_matches_only_one() -> None:
    wide = claim("p", "230 prisoners of war. Among them were 66 defenders")
    golds = [claim("g1", "230 prisoners"), claim("g2", "66 defenders")]
    assert len(match_claims([wide], golds)) == 1
