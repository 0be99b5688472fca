"""Sameness is value-blind: changing the figures never changes which claims link.

Two properties, with hypothesis choosing the figures:
- link itself: claims keep their readings, only their intervals change;
- end to end: the articles' figures change in the text, the rules read and link again.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from figcheck.extractors import extract_article
from figcheck.link import link
from figcheck.models import Article, Claim

DAY = dt.date(2025, 3, 10)
TEMPLATES = [
    (
        "valmora-a",
        "At least {0} people were killed in floods in Valmora on Sunday, the national "
        "disaster agency said. Another {1} people were injured and {2} homes were destroyed.",
    ),
    (
        "valmora-b",
        "{3} people were killed in floods in Valmora on Sunday, the national disaster agency "
        "said. Officials in Valmora said {4} people were injured and {5} were missing.",
    ),
    (
        "valmora-c",
        "Of the {6} people killed in the Valmora floods, {7} were children, the national "
        "disaster agency said. Police in Valmora arrested {8} looters.",
    ),
]
FIGURES = st.lists(st.integers(min_value=2, max_value=250_000), min_size=9, max_size=9)


def _articles(values: list[int]) -> list[Article]:
    shown = [f"{v:,}" for v in values]
    return [
        Article(id=aid, text=text.format(*shown), published=DAY, outlet=aid.upper())
        for aid, text in TEMPLATES
    ]


def _partition(claims: list[Claim]) -> list[int]:
    """Each claim's group as the index of the first claim holding its key."""
    first: dict[str, int] = {}
    return [first.setdefault(c.key, i) for i, c in enumerate(claims)]


def _extracted(values: list[int]) -> tuple[list[Claim], list[Article]]:
    articles = _articles(values)
    claims = [c for a in articles for c in extract_article(a, "rules").claims]
    return claims, articles


BASE, BASE_ARTICLES = _extracted([40, 12, 300, 38, 15, 7, 52, 20, 9])
BASE_KEYS = _partition(link(BASE, BASE_ARTICLES))


@settings(max_examples=40, deadline=None)
@given(lows=st.lists(st.floats(0, 1e7, allow_nan=False), min_size=len(BASE), max_size=len(BASE)))
def test_link_never_reads_the_figures(lows: list[float]) -> None:
    changed = [
        c.model_copy(update={"low": low, "high": low * 2, "value": low})
        for c, low in zip(BASE, lows, strict=True)
    ]
    assert _partition(link(changed, BASE_ARTICLES)) == BASE_KEYS


@settings(max_examples=25, deadline=None)
@given(values=FIGURES)
def test_changing_the_articles_figures_never_changes_which_claims_link(values: list[int]) -> None:
    claims, articles = _extracted(values)
    assert len(claims) == len(BASE)
    assert _partition(link(claims, articles)) == BASE_KEYS


def test_the_flood_reports_link_across_outlets() -> None:
    """What the property protects: the two tolls of Sunday are one quantity."""
    keyed = {c.quote: c.key for c in link(BASE, BASE_ARTICLES)}
    (forty,) = [k for q, k in keyed.items() if q.startswith("At least 40")]
    (thirty_eight,) = [k for q, k in keyed.items() if q.startswith("38 people")]
    assert forty == thirty_eight


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (("the fifth flight", "the fifth"), ("the sixth flight", "the sixth")),
        (("several crew members", "several"), ("4 crew members", "4")),
        (("about fifty infants", "about fifty"), ("numerous infants", "numerous")),
    ],
)
def test_what_a_quote_names_never_depends_on_how_its_figure_is_written(
    left: tuple[str, str], right: tuple[str, str]
) -> None:
    """The named-thing guard reads the quote without its figure: a changed figure word
    ("fifth" for "sixth", "several" for "4") never keeps two claims apart."""
    from figcheck.link import _things_named

    assert _things_named(*left) == _things_named(*right)
