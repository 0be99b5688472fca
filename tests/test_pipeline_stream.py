"""check() streams articles through extraction: a generator is read as extraction goes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import figcheck
from figcheck.extractors.rules import RulesExtractor
from figcheck.models import Article, Extraction

TEXT = "Officials said at least {n} people died in the floods in Dorvik on Sunday."


class _Counting:
    """The rules extractor, noting how many articles the input had handed over by then."""

    name = "rules"

    def __init__(self, pulled: list[int]) -> None:
        self.pulled = pulled
        self.seen: list[int] = []
        self.rules = RulesExtractor()

    def extract(self, article: Article) -> Extraction:
        self.seen.append(self.pulled[0])
        return self.rules.extract(article)


def _articles(count: int, pulled: list[int]) -> Iterator[Article]:
    for i in range(count):
        pulled[0] += 1
        yield Article(
            id=f"a{i}", text=TEXT.format(n=10 + i), published=dt.date(2024, 3, 4), outlet="X"
        )


def test_a_generator_is_consumed_one_article_at_a_time() -> None:
    pulled = [0]
    extractor = _Counting(pulled)
    report = figcheck.check(_articles(5, pulled), extractor=extractor, concurrency=1)
    assert extractor.seen == [1, 2, 3, 4, 5]  # article i extracted before article i+1 is read
    assert [a.id for a in report.articles] == ["a0", "a1", "a2", "a3", "a4"]
    assert len(report.claims) == 5


def test_streamed_and_listed_inputs_give_the_same_report() -> None:
    listed = figcheck.check(list(_articles(6, [0])), extractor="rules")
    streamed = figcheck.check(_articles(6, [0]), extractor="rules")
    assert streamed.claims == listed.claims
    assert streamed.findings == listed.findings
    assert [p.message for p in streamed.problems] == [p.message for p in listed.problems]
    assert listed.findings  # the tolls disagree: cross-checking ran on the streamed claims


def test_concurrent_runs_read_at_most_their_concurrency_ahead() -> None:
    """Several articles at once: the input is read only as far as the runs in flight."""
    pulled = [0]
    extractor = _Counting(pulled)
    report = figcheck.check(_articles(12, pulled), extractor=extractor, concurrency=3)
    assert len(report.claims) == 12
    # when the n-th extraction (in start order) began, at most n + 3 articles had been read
    assert all(seen <= n + 3 for n, seen in enumerate(sorted(extractor.seen), start=1))
