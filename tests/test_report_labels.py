"""Names reports give claims and articles: outlet and ordinal, headline, never a bare hash."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from figcheck.models import Article, Claim, Finding, FindingKind, Qualifier, Verdict
from figcheck.report import Report
from figcheck.report._labels import Namer, article_names, claim_labels, headline, source_name


def _article(aid: str = "3f9a1c", **fields: object) -> Article:
    return Article(id=aid, text="Twelve people died.", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "source", "title"),
    [
        ({"outlet": "Reuters", "title": "Quake kills 12"}, "Reuters", "Quake kills 12"),
        # no outlet: the headline's first words stand in for it
        (
            {"title": "Morocco quake toll climbs past 2,100 as survivors seek shelter"},
            "Morocco quake toll climbs…",
            "Morocco quake toll climbs past 2,100 as survivors seek shelter",
        ),
        ({"title": "Short  title"}, "Short title", "Short title"),
        # a single endless word is cut too
        ({"title": "x" * 80}, "x" * 32 + "…", "x" * 80),
        ({"path": "news/bbc-0911.md"}, "bbc-0911", "bbc-0911"),
        ({"outlet": "  ", "path": "a/b/c.txt"}, "c", "c"),
        ({}, "3f9a1c", "3f9a1c"),
    ],
)
def test_source_name_and_headline_fall_back_readably(
    fields: dict[str, object], source: str, title: str
) -> None:
    article = _article(**fields)
    assert (source_name(article), headline(article)) == (source, title)


def test_repeated_outlets_are_told_apart_by_date_then_number() -> None:
    articles = [
        _article("a", outlet="Reuters", published=dt.date(2023, 9, 9)),
        _article("b", outlet="Reuters", published=dt.date(2023, 9, 11)),
        _article("c", outlet="AP", published=dt.date(2023, 9, 9)),
        _article("d", outlet="BBC", published=dt.date(2023, 9, 9)),
        _article("e", outlet="BBC", published=dt.date(2023, 9, 9)),
        _article("a", outlet="Duplicate id, ignored"),
    ]
    assert article_names(articles) == {
        "a": "Reuters, 2023-09-09",
        "b": "Reuters, 2023-09-11",
        "c": "AP",
        "d": "BBC, 2023-09-09 (1)",
        "e": "BBC, 2023-09-09 (2)",
    }


def _claim(cid: str, article: str, start: int) -> Claim:
    return Claim(
        id=cid,
        article=article,
        start=start,
        end=start + 2,
        quote="12",
        low=12,
        high=12,
        qualifier=Qualifier.exact,
        measure="people",
    )


def test_claims_are_numbered_in_reading_order_within_their_article() -> None:
    claims = [
        _claim("late", "a", 90),
        _claim("early", "a", 3),
        _claim("other", "b", 50),
        _claim("orphan", "gone", 0),
        _claim("late", "a", 40),  # ids may repeat: labels go by position
    ]
    labels = claim_labels(claims, {"a": "Reuters", "b": "AP"})
    assert [labels[n] for n in range(len(claims))] == [
        "Reuters #3",
        "Reuters #1",
        "AP #1",
        "gone #1",
        "Reuters #2",
    ]


@pytest.mark.parametrize(
    ("text", "own", "expected"),
    [
        ("c-001 + c-002 = c-003", [], "Reuters #1 + Reuters #2 = AP #1"),
        ("c-001 230 vs c-002 2828.", [], "Reuters #1 230 vs Reuters #2 2828."),
        # a digit-only id rewrites nothing unless it is one of the finding's own claims
        ("230 > 12", [], "230 > 12"),
        ("230 > 12", ["230"], "Odd #1 > 12"),
        # an id that is not one token still matches when it is the finding's own
        ("c 7/é#1 ≈ c-001", ["c 7/é#1"], "Odd #2 ≈ Reuters #1"),
        ("c-0010 and xc-001 are other words", [], "c-0010 and xc-001 are other words"),
    ],
)
def test_namer_rewrites_whole_ids_only(text: str, own: list[str], expected: str) -> None:
    namer = Namer(
        {
            "c-001": "Reuters #1",
            "c-002": "Reuters #2",
            "c-003": "AP #1",
            "230": "Odd #1",
            "c 7/é#1": "Odd #2",
        }
    )
    assert namer.rewrite(text, own) == expected


def test_json_keeps_ids_and_adds_the_labels() -> None:
    article = _article("a", outlet="Reuters", title="Quake kills 12")
    claims = [_claim("c-2", "a", 9), _claim("c-1", "a", 0)]
    finding = Finding(
        id="f1",
        kind=FindingKind.agreement,
        verdict=Verdict.consistent,
        claims=["c-1", "c-2"],
        relation="c-1 ≈ c-2",
    )
    data = json.loads(Report(articles=[article], claims=claims, findings=[finding]).to_json())
    assert [c["id"] for c in data["claims"]] == ["c-2", "c-1"]
    assert data["findings"][0]["relation"] == "c-1 ≈ c-2"
    assert data["labels"] == {
        "articles": {"a": {"source": "Reuters", "headline": "Quake kills 12"}},
        "claims": {"c-2": "Reuters #2", "c-1": "Reuters #1"},
    }
