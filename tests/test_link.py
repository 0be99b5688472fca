"""link: which claims state the same quantity, within and across articles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from figcheck._quantity import read_quantity
from figcheck.link import link, same_quantity
from figcheck.models import Article, Claim, Qualifier, Scope

DAY = dt.date(2024, 1, 3)


def _article(aid: str, text: str, published: dt.date = DAY) -> Article:
    return Article(id=aid, text=text, published=published, outlet=aid.upper())


def _claim(cid: str, article: Article, quote: str, measure: str, **fields: Any) -> Claim:
    start = article.text.index(quote)
    base: dict[str, Any] = {
        "low": 1.0,
        "high": 1.0,
        "qualifier": Qualifier.exact,
        "scope": Scope.event,
        "as_of": DAY,
    }
    base.update(fields)
    return Claim(
        id=cid,
        article=article.id,
        start=start,
        end=start + len(quote),
        quote=quote,
        measure=measure,
        **base,
    )


A = _article(
    "a",
    "Moscow said 248 Russian soldiers were repatriated on Wednesday. “More than 200 of our "
    "soldiers and civilians have returned,” Ukrainian President Volodymyr Zelensky said. "
    "Among them were 66 defenders of the Azovstal plant. Since February 24, 2022, 2,828 Ukrainian "
    "defenders have returned home. At least 12 civilians were killed in shelling.",
)
B = _article(
    "b",
    "Kyiv said 230 Ukrainian servicemen were freed in the swap. Ukraine released 248 Russian "
    "POWs. Earlier, 300 prisoners were freed. Israel freed 39 Palestinian prisoners. "
    "Three soldiers were killed. The 230 Ukrainians came home on Wednesday.",
)

PAIRS = [
    # (claim a, claim b, same?)
    pytest.param(
        ("a", "248 Russian soldiers", "Russian soldiers repatriated", {}),
        ("b", "248 Russian POWs", "Russian POWs released by Ukraine", {}),
        True,
        id="soldiers-repatriated=POWs-released-across-outlets",
    ),
    pytest.param(
        ("a", "More than 200 of our soldiers", "soldiers and civilians returned", {}),
        ("b", "230 Ukrainian servicemen", "Ukrainian servicemen freed", {}),
        True,
        id="our-soldiers-is-the-speakers-side",
    ),
    pytest.param(
        ("a", "248 Russian soldiers", "Russian soldiers repatriated", {}),
        ("b", "230 Ukrainian servicemen", "Ukrainian servicemen freed", {}),
        False,
        id="different-sides-of-one-swap",
    ),
    pytest.param(
        ("a", "248 Russian soldiers", "Russian soldiers repatriated", {}),
        ("b", "248 Russian POWs", "Russian POWs released", {"as_of": dt.date(2023, 8, 1)}),
        False,
        id="different-swaps",
    ),
    pytest.param(
        (
            "a",
            "2,828",
            "defenders returned home since the invasion",
            {"scope": Scope.cumulative, "since": dt.date(2022, 2, 24)},
        ),
        ("b", "230 Ukrainian servicemen", "Ukrainian servicemen freed", {}),
        False,
        id="running-total-is-not-the-event",
    ),
    pytest.param(
        ("a", "66 defenders", "Azovstal defenders", {}),
        ("b", "230 Ukrainian servicemen", "Ukrainian servicemen freed", {}),
        False,
        id="a-part-is-not-its-whole",
    ),
    pytest.param(
        ("a", "At least 12 civilians", "civilians killed in shelling", {}),
        ("b", "Three soldiers", "soldiers killed", {}),
        False,
        id="civilians-are-not-soldiers",
    ),
    pytest.param(
        ("b", "300 prisoners", "prisoners freed", {}),
        ("b", "230 Ukrainians", "Ukrainians came home", {}),
        None,
        id="side-unknown-is-undecided",
    ),
    pytest.param(
        ("b", "39 Palestinian prisoners", "Palestinian prisoners freed by Israel", {}),
        ("b", "230 Ukrainians", "Ukrainians came home", {}),
        False,
        id="other-conflict-other-side",
    ),
]


def _make(spec: tuple[str, str, str, dict[str, Any]], cid: str) -> tuple[Claim, Article]:
    article = {"a": A, "b": B}[spec[0]]
    return _claim(cid, article, spec[1], spec[2], **spec[3]), article


@pytest.mark.parametrize(("left", "right", "same"), PAIRS)
def test_same_quantity(
    left: tuple[str, str, str, dict[str, Any]],
    right: tuple[str, str, str, dict[str, Any]],
    same: bool | None,
) -> None:
    a, art_a = _make(left, "x")
    b, art_b = _make(right, "y")
    decision = same_quantity(a, b, read_quantity(a, art_a), read_quantity(b, art_b))
    assert decision.same is same, decision.reason
    assert decision.reason


def _swap_claims() -> list[Claim]:
    return [
        _claim("c1", A, "248 Russian soldiers", "Russian soldiers repatriated", low=248, high=248),
        _claim(
            "c2",
            A,
            "More than 200 of our soldiers",
            "soldiers and civilians returned",
            low=200,
            high=None,
            low_open=True,
            qualifier=Qualifier.more_than,
        ),
        _claim("c3", A, "66 defenders", "Azovstal defenders", low=66, high=66),
        _claim(
            "c4",
            A,
            "2,828 Ukrainian defenders",
            "defenders returned home",
            low=2828,
            high=2828,
            scope=Scope.cumulative,
            since=dt.date(2022, 2, 24),
        ),
        _claim(
            "c5", B, "230 Ukrainian servicemen", "Ukrainian servicemen freed", low=230, high=230
        ),
        _claim("c6", B, "248 Russian POWs", "Russian POWs released", low=248, high=248),
        _claim("c7", B, "300 prisoners", "prisoners freed", low=300, high=300),
    ]


def test_link_keys_are_shared_across_articles_and_readable() -> None:
    keyed = {c.id: c.key for c in link(_swap_claims(), [A, B])}
    assert keyed["c1"] == keyed["c6"] == "2024-01-03/russians-returned"
    assert keyed["c2"] == keyed["c5"] == "2024-01-03/ukrainians-returned"
    assert keyed["c4"] == "since-2022-02-24@2024-01-03/ukrainians-returned"
    assert len({keyed["c1"], keyed["c2"], keyed["c3"], keyed["c4"], keyed["c7"]}) == 5


def test_link_returns_copies_and_keeps_order() -> None:
    claims = _swap_claims()
    keyed = link(claims, [A, B])
    assert [c.id for c in keyed] == [c.id for c in claims]
    assert all(c.key == "" for c in claims)


def test_undecided_pairs_go_to_assist_and_its_answer_counts() -> None:
    asked: list[tuple[str, str]] = []

    def assist(a: Claim, b: Claim) -> bool | None:
        asked.append((a.id, b.id))
        return True

    keyed = {c.id: c for c in link(_swap_claims(), [A, B], assist=assist)}
    assert ("c7", "c1") in asked or ("c7", "c2") in asked
    assert keyed["c7"].key in (keyed["c1"].key, keyed["c2"].key)
    assert any("LLM assist" in n for n in keyed["c7"].notes)


@pytest.mark.parametrize("answer", [None, False])
def test_without_an_assist_answer_the_rules_keep_claims_apart(answer: bool | None) -> None:
    keyed = {c.id: c for c in link(_swap_claims(), [A, B], assist=lambda a, b: answer)}
    assert keyed["c7"].key not in (keyed["c1"].key, keyed["c2"].key)
    plain = {c.id: c for c in link(_swap_claims(), [A, B])}
    assert any("no LLM assist configured" in n for n in plain["c7"].notes)


def test_claims_in_other_blocks_are_never_compared() -> None:
    """Blocking: claims on other dates never reach the assist."""
    asked: list[tuple[str, str]] = []

    def assist(a: Claim, b: Claim) -> bool | None:
        asked.append((a.id, b.id))
        return None

    claims = [
        _claim(f"d{i}", B, "300 prisoners", "prisoners freed", as_of=DAY + dt.timedelta(days=i))
        for i in range(30)
    ]
    link(claims, [B], assist=assist)
    assert asked == []
