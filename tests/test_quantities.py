"""The quantity benchmark: its files match their builder, and the rules reach the targets."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from figcheck.evaluate import evaluate, score, unit_equal
from figcheck.models import Article, Claim, Qualifier
from figcheck.read import read_claims

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "evals" / "datasets"


def _builder() -> object:
    spec = importlib.util.spec_from_file_location(
        "build_quantities", ROOT / "scripts" / "build_quantities.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "briefs", "conversions"),
    [
        ("quantities", "BRIEFS", "CONVERSIONS"),
        ("quantities-test", "TEST_BRIEFS", "TEST_CONVERSIONS"),
    ],
)
def test_dataset_files_are_what_the_builder_writes(
    tmp_path: Path, name: str, briefs: str, conversions: str
) -> None:
    builder = _builder()
    builder.build(tmp_path, getattr(builder, briefs), getattr(builder, conversions))  # type: ignore[attr-defined]
    for file in ("articles.jsonl", "claims.jsonl", "findings.jsonl"):
        assert (tmp_path / file).read_text("utf-8") == (DATASETS / name / file).read_text("utf-8")
    claims = [json.loads(line) for line in (tmp_path / "claims.jsonl").read_text().splitlines()]
    assert len({c["id"] for c in claims}) == len(claims)


def test_quantity_benchmark_meets_the_issue_targets(tmp_path: Path) -> None:
    board = evaluate(DATASETS / "quantities", "rules", run_dir=tmp_path / "run", progress=False)
    m = board.metrics
    sentences = sum(
        len(text.split(". "))
        for text in (
            p.read_text("utf-8") for p in (DATASETS / "quantities" / "articles").glob("*.txt")
        )
    )
    assert sentences >= 60
    assert m["claims.recall"] is not None and m["claims.recall"] >= 0.92
    assert m["claims.precision"] is not None and m["claims.precision"] >= 0.88
    assert m["claims.interval_accuracy"] is not None and m["claims.interval_accuracy"] >= 0.95
    assert m["claims.unit_accuracy"] is not None and m["claims.unit_accuracy"] >= 0.95
    # the one wrong conversion in the set ("2,000 feet (900 metres)") is found
    assert m["findings.recall"] == 1.0


def _claim(cid: str, text: str, quote: str, unit: str | None) -> Claim:
    start = text.index(quote)
    return Claim(
        id=cid, article="a", start=start, end=start + len(quote), quote=quote,
        low=1, high=1, qualifier=Qualifier.exact, measure="m", unit=unit,
    )  # fmt: skip


def test_unit_accuracy_compares_canonical_units_and_only_where_gold_has_units() -> None:
    text = "It is 366 km away, 227 miles, and costs $5."
    article = Article(id="a", text=text)
    gold = [_claim("g1", text, "366 km", "km"), _claim("g2", text, "227 miles", "mile"),
            _claim("g3", text, "$5", "USD")]  # fmt: skip
    pred = [_claim("p1", text, "366 km", "kilometer"), _claim("p2", text, "227 miles", None),
            _claim("p3", text, "$5", "USD")]  # fmt: skip
    assert unit_equal(pred[0], gold[0]) and not unit_equal(pred[1], gold[1])
    board = score([article], gold, [], pred, [])
    assert board.metrics["claims.unit_accuracy"] == pytest.approx(2 / 3)
    assert [m.unit_ok for m in board.matches] == [True, False, True]
    unlabelled = [g.model_copy(update={"unit": None}) for g in gold]
    assert score([article], unlabelled, [], pred, []).metrics["claims.unit_accuracy"] is None


def test_a_tally_is_read_as_two_counts_that_never_share_a_key() -> None:
    from figcheck.extractors import get_extractor
    from figcheck.link import link

    text = "The council voted 9-3 to close the library on Monday."
    article = Article(id="a", text=text)
    claims = get_extractor("rules").extract(article).claims
    assert [c.quote[:1] for c in claims] == ["9", "3"]
    read = read_claims(claims, article)
    assert [c.reading.subset if c.reading else "?" for c in read] == [None, "against"]
    keyed = link(read, [article])
    assert keyed[0].key != keyed[1].key
