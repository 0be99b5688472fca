"""The layout shows the flow: a stage never imports a later stage.

Order of the stages (STYLE.md): models/errors, then align (text alignment, a
tool every stage that checks spans uses: the dataset reader too), ingest,
normalise, read, extract (extractors, llm), link, crosscheck, engine
(ray), evaluate, report; the public API (pipeline, __init__) and the CLI may import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "figcheck"
ORDER = {
    "models": 0,
    "errors": 0,
    "align": 1,
    "ingest": 2,
    "normalise": 3,
    "read": 4,
    "extractors": 5,
    "llm": 5,
    "link": 6,
    "crosscheck": 7,
    "engine": 8,
    "evaluate": 9,
    "report": 10,
    "pipeline": 11,
    "cli": 12,
    "__init__": 12,
}
MODULES = sorted(SRC.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Every figcheck stage a module imports, eagerly or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "figcheck" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_a_stage_never_imports_a_later_one(path: Path) -> None:
    stage = path.relative_to(SRC).parts[0].removesuffix(".py")
    assert stage in ORDER, f"{stage}: a new top-level module; give it a place in the flow"
    later = {dep for dep in _imports(path) if ORDER.get(dep, -1) > ORDER[stage]}
    assert not later, f"{path.relative_to(SRC)} imports later stages {sorted(later)}"


def test_the_top_holds_stages_and_the_public_api_only() -> None:
    private = [p.name for p in SRC.glob("_*.py") if p.name != "__init__.py"]
    assert private == [], "private helpers belong inside the stage that owns them"
