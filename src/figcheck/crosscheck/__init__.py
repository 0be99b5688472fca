"""Comparisons and arithmetic over keyed claims -> findings (stage `crosscheck`).

Rules, in the order their findings are listed:

- same-key (same_key): claims sharing a key state one quantity; their
  intervals must meet (qualifier semantics and rounding slack in _compare).
- running totals (figcheck.crosscheck.totals): scope conflicts, never falling, growth
  against the events between.
- each-side bounds and superlatives (figcheck.crosscheck.events).
- a changing count's series: updates, and counts that fall (updates).
- parts within a whole, majorities (figcheck.crosscheck.parts).
- unit conversions stated beside their figure, "366 km (277 miles)"
  (figcheck.crosscheck.conversions).

Every conflict or inconsistency carries an attribution: different sources
disagreeing is reported news; one voice disagreeing with itself is an error.
Claims that cannot be related get no finding; the report lists them.
"""

from __future__ import annotations

from collections.abc import Callable

from figcheck.crosscheck._groups import build_board
from figcheck.crosscheck.conversions import check_conversions
from figcheck.crosscheck.events import check_events
from figcheck.crosscheck.parts import check_parts
from figcheck.crosscheck.same_key import check_same_keys
from figcheck.crosscheck.totals import check_running_totals, check_scope_conflicts
from figcheck.crosscheck.updates import check_updates
from figcheck.models import Article, Claim, Finding, collector_paused


def cross_check(
    claims: list[Claim], articles: list[Article], *, keys_given: bool = False
) -> list[Finding]:
    """Findings over `claims` as keyed (gold keys or link's); ids f001, f002, ...

    `keys_given`: the keys come from whoever gave the claims (a label, a user), not from
    `link`; checks that weigh how firmly the readings link two claims then trust them.
    """
    with collector_paused():
        return _cross_check(claims, articles, keys_given=keys_given)


def cross_check_each(
    claims: list[Claim], articles: list[Article], sink: Callable[[Finding, list[Claim]], None]
) -> None:
    """`cross_check`, each finding handed to `sink` (with the claims it names) as it is made.

    An agreement over a key of thousands of claims quotes and names every one,
    so a big story's findings, kept until the last check ran, were about 200
    bytes a claim at the peak of cross-checking it (figcheck.engine.stream
    writes each to its shard instead).
    """
    with collector_paused():
        _cross_check(claims, articles, sink)


def _cross_check(
    claims: list[Claim],
    articles: list[Article],
    sink: Callable[[Finding, list[Claim]], None] | None = None,
    *,
    keys_given: bool = False,
) -> list[Finding]:
    board = build_board(claims, articles)
    board.sink = sink
    board.keys_given = keys_given
    check_same_keys(board)
    check_scope_conflicts(board)
    check_running_totals(board)
    check_events(board)
    check_updates(board)
    check_parts(board)
    check_conversions(board)
    return list(board.findings)  # Board.add numbers them f001, f002, ... as they come
