"""Scoring against gold: the matching rule first, since every metric depends on it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from figcheck.cli import app
from figcheck.errors import DatasetError
from figcheck.evaluate import evaluate, figure_token, findings_match, match_claims, score
from figcheck.evaluate.scoreboard import Scoreboard, load_scoreboard
from figcheck.ingest.dataset import write_dataset
from figcheck.models import Article, Claim, Finding, FindingKind, Qualifier, Verdict
from figcheck.report.scoreboard import compare, render_scoreboard

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


# --- metrics on a hand-made dataset -------------------------------------------------------

TEXT_A = (
    "Russia said 248 Russian soldiers were freed, while Kyiv said more than 200 of our "
    "soldiers returned."
)
TEXT_B = (
    "Ukraine has released dozens of Russian soldiers, the same day 116 Ukrainian servicemen "
    "were also freed."
)


def at(cid: str, article: str, text: str, phrase: str, **fields: object) -> Claim:
    start = text.index(phrase)
    values: dict[str, object] = {
        "low": None,
        "high": None,
        "qualifier": Qualifier.exact,
        "measure": "people",
    }
    values.update(fields)
    return Claim(
        id=cid, article=article, start=start, end=start + len(phrase), quote=phrase, **values
    )


GOLD = [
    at("g1", "a", TEXT_A, "248 Russian soldiers", low=248, high=248, key="russians"),
    at("g2", "a", TEXT_A, "more than 200 of our soldiers", low=200, low_open=True, key="ukr"),
    at("g3", "b", TEXT_B, "dozens of Russian soldiers", low=24, key="russians"),
    at("g4", "b", TEXT_B, "116 Ukrainian servicemen", low=116, high=116, key="ukr-b"),
]
PRED = [
    at("p1", "a", TEXT_A, "248 Russian soldiers", low=248, high=248, key="k"),
    at("p2", "a", TEXT_A, "200 of our soldiers", low=200, key="k"),  # closed bound: wrong
    at("p3", "b", TEXT_B, "released dozens", low=24, key="k"),
    at("p4", "a", TEXT_A, "Russia said", low=1, high=1, key="other"),  # false alarm
]


def gold_finding(fid: str, kind: str, verdict: str, claims: list[str]) -> Finding:
    return Finding(id=fid, kind=FindingKind(kind), verdict=Verdict(verdict), claims=claims)


GOLD_FINDINGS = [
    gold_finding("f1", "conflict", "inconsistent", ["g1", "g3"]),
    gold_finding("f2", "arithmetic", "inconsistent", ["g1", "g2", "g4"]),
    gold_finding("f3", "agreement", "consistent", ["g2", "g4"]),  # not scored
]
PRED_FINDINGS = [
    gold_finding("q1", "conflict", "inconsistent", ["p1", "p3"]),  # = f1
    gold_finding("q2", "arithmetic", "inconsistent", ["p1", "p4"]),  # p4 matches no gold
    gold_finding("q3", "agreement", "consistent", ["p2", "p3"]),  # not scored
]
ARTICLES = [
    Article(id="a", text=TEXT_A, published=dt.date(2024, 1, 3)),
    Article(id="b", text=TEXT_B, published=dt.date(2023, 2, 4)),
]


@pytest.fixture
def board() -> Scoreboard:
    return score(ARTICLES, GOLD, GOLD_FINDINGS, PRED, PRED_FINDINGS)


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("claims.precision", 3 / 4),
        ("claims.recall", 3 / 4),
        ("claims.f1", 3 / 4),
        ("claims.exact_span_rate", 1 / 3),
        # IoU: identical span; "200 of our soldiers" (19) inside "more than 200 ..." (29);
        # "dozens" (6) shared by "released dozens of Russian soldiers" (35)
        ("claims.mean_iou", (1 + 19 / 29 + 6 / 35) / 3),
        ("claims.interval_accuracy", 2 / 3),
        # gold same-key pairs among matched: (g1, g3); predicted: all three share "k"
        ("grouping.precision", 1 / 3),
        ("grouping.recall", 1.0),
        ("grouping.f1", 0.5),
        ("findings.precision", 1 / 2),
        ("findings.recall", 1 / 2),
        ("findings.conflict.recall", 1.0),
        ("findings.arithmetic.recall", 0.0),
        ("findings.arithmetic.precision", 0.0),
    ],
)
def test_metrics_by_hand(board: Scoreboard, metric: str, expected: float) -> None:
    assert board.metrics[metric] == pytest.approx(expected)


def test_per_article_rows(board: Scoreboard) -> None:
    rows = {r.article: r for r in board.per_article}
    assert (rows["a"].gold, rows["a"].predicted, rows["a"].matched) == (2, 3, 2)
    assert (rows["b"].gold, rows["b"].predicted, rows["b"].matched) == (2, 1, 1)
    assert rows["b"].recall == pytest.approx(0.5)


def test_misses_and_false_alarms_are_listed_with_quotes(board: Scoreboard) -> None:
    assert [c.id for c in board.misses] == ["g4"]
    assert [c.id for c in board.false_alarms] == ["p4"]
    assert [f.id for f in board.finding_misses] == ["f2"]
    assert [f.id for f in board.finding_false_alarms] == ["q2"]
    text = render_scoreboard(board)
    for quote in ("116 Ukrainian servicemen", "Russia said", "248 Russian soldiers"):
        assert quote in text


@pytest.mark.parametrize(
    ("predicted_claims", "gold_claims", "matches"),
    [
        (["p1", "p3"], ["g1", "g3"], True),
        (["p3", "p1"], ["g1", "g3"], True),  # order does not matter
        (["p1", "p2"], ["g1", "g2", "g4"], True),  # two of three gold claims
        (["p1"], ["g1", "g3"], False),  # one claim cannot stand for a pair
        (["p1", "p4"], ["g1", "g2"], False),  # p4 matches no gold claim
        (["p1", "p2"], ["g1", "g3"], False),  # p2 is g2, not part of this finding
        (["p1"], ["g1"], True),  # single-claim gold finding
    ],
)
def test_findings_match(predicted_claims: list[str], gold_claims: list[str], matches: bool) -> None:
    to_gold = {"p1": "g1", "p2": "g2", "p3": "g3"}
    predicted = gold_finding("q", "conflict", "inconsistent", predicted_claims)
    gold = gold_finding("f", "arithmetic", "inconsistent", gold_claims)
    assert findings_match(predicted, gold, to_gold) is matches


def test_consistent_findings_are_not_scored() -> None:
    consistent = [gold_finding("q", "conflict", "consistent", ["p1", "p3"])]
    result = score(ARTICLES, GOLD, GOLD_FINDINGS, PRED, consistent)
    assert result.metrics["findings.predicted"] == 0
    assert result.metrics["findings.precision"] is None


def test_compare_lists_flips(board: Scoreboard, tmp_path: Path) -> None:
    perfect = score(ARTICLES, GOLD, GOLD_FINDINGS, GOLD, GOLD_FINDINGS)
    path = tmp_path / "scoreboard.json"
    path.write_text(board.to_json(), encoding="utf-8")
    text = compare(path, perfect)
    assert "116 Ukrainian servicemen" in text.split("found by B only")[1]
    assert "| claims.recall | 0.750 | 1.000 | +0.250 |" in text
    assert load_scoreboard(path).metrics == board.metrics


def test_dataset_error_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "articles.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"articles\.jsonl"):
        evaluate(tmp_path, progress=False)


SPEC_METRICS = [
    "claims.precision",
    "claims.recall",
    "claims.f1",
    "claims.exact_span_rate",
    "claims.mean_iou",
    "claims.interval_accuracy",
    "grouping.precision",
    "grouping.recall",
    "grouping.f1",
    "findings.precision",
    "findings.recall",
    "cost.requests",
    "cost.prompt_tokens",
    "cost.completion_tokens",
    "cost.wall_s",
]


def test_eval_command_scores_gold_claims_and_writes_json(tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "ds", ARTICLES, GOLD, GOLD_FINDINGS)
    out = tmp_path / "board.json"
    result = CliRunner().invoke(
        app, ["eval", str(dataset), "--gold-claims", "--no-progress", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    board = json.loads(out.read_text(encoding="utf-8"))
    assert set(SPEC_METRICS) <= set(board["metrics"])
    assert board["metrics"]["claims.f1"] == 1.0  # gold fed in as predictions
    assert board["metrics"]["grouping.f1"] == 1.0
    assert [row["article"] for row in board["per_article"]] == ["a", "b"]


def test_eval_rules_extractor_writes_run_dir(tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "ds", ARTICLES, GOLD, GOLD_FINDINGS)
    run = tmp_path / "run"
    board = evaluate(dataset, "rules", run_dir=run, progress=False)
    assert board.extractor == "rules"
    lines = (run / "extractions.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["article"] for line in lines) == ["a", "b"]
    assert load_scoreboard(run).metrics == board.metrics
    assert render_scoreboard(load_scoreboard(run)).startswith("# figcheck eval")


@pytest.mark.parametrize(
    ("quote", "low", "high", "token"),
    [
        ("more than 230 prisoners of war", 230, None, "230"),
        ("about fifty dead", 45, 55, "fifty"),
        ("2,828 (Ukrainian) defenders", 2828, 2828, "2,828"),
        ("nearly 2,600 of its citizens", None, 2600, "2,600"),
        ("dozens of Russian soldiers", 24, None, "dozens"),
        ("nearly two years of conflict", None, 2, "two"),
        ("tens of thousands of people", 20000, None, "tens of thousands"),
        ("1.5 million refugees", 1.5e6, 1.5e6, "1.5 million"),
        ("816 000 troops", 816000, 816000, "816 000"),
        ("the 49th exchange", 49, 49, "49th"),
        # two numbers: the one the interval states is the figure
        ("66 of the 230 soldiers returned", 66, 66, "66"),
        ("in 2022, 116 servicemen", 116, 116, "116"),
    ],
)
def test_figure_token_is_the_stated_number(
    quote: str, low: float | None, high: float | None, token: str
) -> None:
    gold = Claim(
        id="g",
        article="a",
        start=10,
        end=10 + len(quote),
        quote=quote,
        low=low,
        high=high,
        qualifier=Qualifier.exact,
        measure="x",
    )
    found = figure_token(gold)
    assert found is not None
    assert found.text == token
    assert quote[found.start - 10 : found.end - 10] == token
