"""pyproject.toml tells the truth: what the code imports is declared, and nothing else is.

The lower bounds themselves are checked by running this suite in a venv with
the lowest allowed versions (scripts/test_lowest.sh, called by scripts/test.sh).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from vcr.request import Request

from figcheck.llm._cassettes import body_any_pydantic

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# run as tools or loaded as a pytest plugin, never imported
TOOLS_ONLY = {"mypy", "ruff", "types-pyyaml", "types-python-dateutil", "pytest-recording"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _imported_distributions(folder: Path) -> set[str]:
    """Distributions whose modules the code under `folder` imports (stdlib and figcheck aside)."""
    owners = packages_distributions()
    local = {p.stem for p in (ROOT / "tests").glob("*.py")} | {"_corpus"}
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "figcheck" or top in local:
                    continue
                assert top in owners, f"{path}: {top} comes from no installed distribution"
                found.update(_name(d) for d in owners[top])
    return found


def test_every_import_of_the_library_is_a_dependency_and_every_dependency_is_used() -> None:
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    assert _imported_distributions(ROOT / "src" / "figcheck") == declared


def test_tests_import_only_what_the_test_extra_declares() -> None:
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    extra = {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
    imported = _imported_distributions(ROOT / "tests") | _imported_distributions(ROOT / "scripts")
    assert imported <= declared | extra, sorted(imported - declared - extra)
    assert extra - imported <= TOOLS_ONLY, sorted(extra - imported - TOOLS_ONLY)


def test_every_dependency_has_a_lower_bound() -> None:
    requirements = [
        *PYPROJECT["project"]["dependencies"],
        *PYPROJECT["project"]["optional-dependencies"]["test"],
    ]
    assert all(">=" in r for r in requirements), [r for r in requirements if ">=" not in r]


def _request(body: str) -> Request:
    headers = {"content-type": "application/json"}
    return Request("POST", "https://api.openai.com/v1/chat/completions", body, headers)


@pytest.mark.parametrize(
    ("recorded", "sent", "match"),
    [
        (
            "see https://errors.pydantic.dev/2.14/v/json_invalid",
            "see https://errors.pydantic.dev/2.9/v/json_invalid",
            True,
        ),
        ("see https://errors.pydantic.dev/2.14/v/json_invalid", "see nothing", False),
        ('{"model": "gpt-4o-mini"}', '{"model": "gpt-4o"}', False),
    ],
)
def test_cassette_bodies_match_whatever_pydantic_wrote_the_reask(
    recorded: str, sent: str, match: bool
) -> None:
    a, b = _request(recorded), _request(sent)
    if match:
        body_any_pydantic(a, b)
    else:
        with pytest.raises(AssertionError):
            body_any_pydantic(a, b)
