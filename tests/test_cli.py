"""End-to-end through the CLI on the seed dataset, offline (rules extractor)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from figcheck.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "seeds"
runner = CliRunner(env={"COLUMNS": "300"})  # wide tables: quotes stay on one line


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`auto` must fall back to rules here, whatever the developer's shell has set."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "FIGCHECK_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("quote_start", "low", "high", "low_open", "qualifier"),
    [
        ("248 Russian soldiers", 248, 248, False, "exact"),
        ("Exactly 230", 230, 230, False, "exact"),
        ("2,828", 2828, 2828, False, "exact"),
        ("nearly 2,600", None, 2600, False, "nearly"),
        ("More than 200", 200, None, True, "more_than"),
        ("66 defenders", 66, 66, False, "exact"),
        ("116 Ukrainian servicemen", 116, 116, False, "exact"),
        ("63 Russian servicemen", 63, 63, False, "exact"),
        ("A majority of 87", 87, 87, False, "exact"),
    ],
)
def test_extract_json_lists_seed_figures(
    tmp_path: Path,
    quote_start: str,
    low: float | None,
    high: float | None,
    low_open: bool,
    qualifier: str,
) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["extract", str(SEEDS), "--json", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["extractor"] == "rules"
    texts = {a["id"]: a["text"] for a in payload["articles"]}
    hits = [c for c in payload["claims"] if c["quote"].startswith(quote_start)]
    assert hits, f"no claim starting {quote_start!r}"
    claim = hits[0]
    assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["quote"]
    assert (claim["low"], claim["high"], claim["low_open"], claim["qualifier"]) == (
        low,
        high,
        low_open,
        qualifier,
    )


def test_check_writes_report_with_the_seed_findings(tmp_path: Path) -> None:
    md, js, html = tmp_path / "r.md", tmp_path / "r.json", tmp_path / "r.html"
    result = runner.invoke(
        app, ["check", str(SEEDS), "--report", str(md), "--json", str(js), "--html", str(html)]
    )
    assert result.exit_code == 0, result.output
    report = md.read_text(encoding="utf-8")
    data = json.loads(js.read_text(encoding="utf-8"))
    claims = {c["id"]: c for c in data["claims"]}

    def involved(finding: dict[str, object]) -> set[str]:
        return {claims[i]["quote"] for i in finding["claims"]}  # type: ignore[attr-defined]

    # the 230-since-2022 sentence against the 2,828 running total: inconsistent
    bad = [f for f in data["findings"] if f["verdict"] == "inconsistent"]
    assert any(
        any("230" in q for q in involved(f)) and any("2,828" in q for q in involved(f)) for f in bad
    ), bad
    # 2,828 - 230 against "nearly 2,600": the reconciliation is shown, consistent
    assert any(
        f["verdict"] == "consistent"
        and any("2,600" in q for q in involved(f))
        and any("2,828" in q for q in involved(f))
        for f in data["findings"]
    )
    # 248 Russians and 230 Ukrainians are different quantities
    key_248 = next(c["key"] for c in claims.values() if c["quote"].startswith("248"))
    key_230 = next(c["key"] for c in claims.values() if c["quote"].startswith("Exactly 230"))
    assert key_248 != key_230
    # the parts of 116: 87 + 8 summed against it, "at least 23" checked alone
    assert any(
        f["kind"] == "arithmetic"
        and any(q.startswith("116") for q in involved(f))
        and any("87" in q for q in involved(f))
        and any(q.startswith("Eight") for q in involved(f))
        for f in data["findings"]
    )
    assert any(
        f["kind"] == "arithmetic"
        and any(q.startswith("116") for q in involved(f))
        and any(q.startswith("At least 23") for q in involved(f))
        for f in data["findings"]
    )
    # the Markdown shows the evidence: quotes of both sides of the conflict
    assert "2,828" in report and "Exactly 230" in report and "nearly 2,600" in report
    assert "rules" in report
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_bad_files_are_reported_and_others_still_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(
        "---\npublished: 2024-05-02\n---\n"
        "At least 12 people were killed on Tuesday, police said.\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners said 40 people came.".encode("latin-1"))
    result = runner.invoke(
        app, ["extract", str(good), str(tmp_path / "empty.txt"), str(tmp_path / "latin1.txt")]
    )
    assert result.exit_code == 0, result.output
    assert "At least 12 people" in result.output
    assert "empty.txt" in result.output and "latin1.txt" in result.output


def test_eval_prints_and_keeps_scoreboard_then_compares(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(SEEDS), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "claims.recall" in result.output
    boards = sorted((tmp_path / "runs").glob("seeds-rules-*/scoreboard.md"))
    assert len(boards) == 1
    assert "claims.precision" in boards[0].read_text(encoding="utf-8")
    board_json = boards[0].with_suffix(".json")
    compared = runner.invoke(app, ["eval", "--compare", str(board_json), str(board_json)])
    assert compared.exit_code == 0, compared.output
    assert "B − A" in compared.output
    assert runner.invoke(app, ["eval"]).exit_code == 2
