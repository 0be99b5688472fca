"""Hostile input: one bad article never stops the batch, and nothing infinite reaches a report.

Each case is generated here; the good article beside it must still be read,
checked and reported.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from figcheck.ingest import scan
from figcheck.pipeline import check

GOOD = "---\npublished: 2024-01-02\n---\nAt least 40 people were killed, police said.\n"
ALIAS_BOMB = (
    "---\n"
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "---\n12 people died.\n"
)
CASES = {
    "month-13": ("---\npublished: 2024-13-45\n---\n12 people died.\n", "warning", "published"),
    "feb-30": ("---\npublished: 2024-02-30\n---\n12 people died.\n", "warning", "published"),
    "year-zero": ("---\npublished: 0000-01-01\n---\n12 people died.\n", "warning", "published"),
    "huge-title": (
        "---\ntitle: " + "9" * 100_000 + "\npublished: 2024-01-01\n---\n12 died.\n",
        "error",
        "front matter",
    ),
    "alias-bomb": (ALIAS_BOMB, "error", "aliases"),
    "unclosed": ("---\npublished: 2024-01-02\nAt least 4 died.\n", "warning", "never closed"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_front_matter_is_a_problem_for_that_file_only(tmp_path: Path, name: str) -> None:
    text, severity, words = CASES[name]
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    ingested = scan([tmp_path])
    assert time.perf_counter() - started < 30  # a bound, not a benchmark: the bomb is refused
    assert "good" in {a.id for a in ingested.articles}
    mine = [p for p in ingested.problems if name in (p.path or "")]
    assert any(p.severity == severity and words in p.message for p in mine), mine


def test_figure_beyond_the_limit_has_no_interval_and_reports_render(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "inf.md").write_text(
        "---\npublished: 2024-01-02\n---\nThere were " + "9" * 310 + " people.\n",
        encoding="utf-8",
    )
    report = check([tmp_path], extractor="rules")
    (huge,) = [c for c in report.claims if c.article == "inf"]
    assert (huge.low, huge.high) == (None, None)
    data = json.loads(report.to_json())
    assert "Infinity" not in json.dumps(data) and "NaN" not in json.dumps(data)
    assert "9999" in report.to_markdown() and "9999" in report.to_html()
    assert any(c.quote.startswith("At least 40") for c in report.claims)


def test_a_run_of_thousands_of_figures_is_cut_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "run.md").write_text(
        "---\npublished: 2024-01-02\n---\nThere were " + "1-" * 4000 + "2 people.\n",
        encoding="utf-8",
    )
    report = check([tmp_path], extractor="rules")
    assert sum(c.article == "run" for c in report.claims) <= 100
    assert any("more than 100 figures" in p.message for p in report.problems)
    assert any(c.article == "good" for c in report.claims)
