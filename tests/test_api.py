"""The public API works in any import order, and the README's examples run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import figcheck

ROOT = Path(__file__).resolve().parents[1]
SUBMODULES = [
    "figcheck.link",
    "figcheck.crosscheck",
    "figcheck.ingest",
    "figcheck.pipeline",
    "figcheck.report",
    "figcheck.read",
    "figcheck.evaluate",
]
CALLS = """
import figcheck
articles = figcheck.load_articles(["evals/datasets/seeds"])
claims = figcheck.extract(articles[0], extractor="rules")
keyed = figcheck.link(claims, articles)
findings = figcheck.cross_check(keyed, articles)
report = figcheck.check(["evals/datasets/seeds"], extractor="rules")
assert isinstance(report, figcheck.Report) and report.findings and findings
for name in figcheck.__all__:
    getattr(figcheck, name)
"""


@pytest.mark.parametrize("first", SUBMODULES)
def test_every_public_name_works_after_any_submodule_import(first: str) -> None:
    code = f"import {first}\n" + CALLS
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_all_names_resolve() -> None:
    for name in figcheck.__all__:
        assert getattr(figcheck, name) is not None, name


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


@pytest.mark.parametrize("block", _python_blocks((ROOT / "README.md").read_text(encoding="utf-8")))
def test_readme_python_examples_run(block: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", block],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},  # no key: auto means the rules
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the example printed nothing"
