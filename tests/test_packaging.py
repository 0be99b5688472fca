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


def _imports(folder: Path) -> dict[str, set[str]]:
    """Modules the code under `folder` imports (stdlib and figcheck aside) -> the
    distributions that ship them (typer's may come from typer and typer-slim)."""
    owners = packages_distributions()
    local = {p.stem for p in (ROOT / "tests").glob("*.py")} | {"_corpus"}
    found: dict[str, set[str]] = {}
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
                found[top] = {_name(d) for d in owners[top]}
    return found


def test_every_import_of_the_library_is_a_dependency_and_every_dependency_is_used() -> None:
    """Core dependencies, and the optional extras a feature asks for (`figcheck[ray]`)."""
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    optional = {
        _name(r)
        for extra, requirements in PYPROJECT["project"]["optional-dependencies"].items()
        if extra != "test"
        for r in requirements
    }
    imports = _imports(ROOT / "src" / "figcheck")
    undeclared = sorted(m for m, dists in imports.items() if not dists & (declared | optional))
    assert not undeclared, f"imported but not a dependency: {undeclared}"
    unused = (declared | optional) - set().union(*imports.values())
    assert not unused, f"dependencies nothing imports: {sorted(unused)}"


def test_tests_import_only_what_the_test_extra_declares() -> None:
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    extra = {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
    imports = _imports(ROOT / "tests") | _imports(ROOT / "scripts")
    undeclared = sorted(m for m, dists in imports.items() if not dists & (declared | extra))
    assert not undeclared, f"imported by tests or scripts but not declared: {undeclared}"
    unused = extra - set().union(*imports.values()) - TOOLS_ONLY
    assert not unused, f"test extras nothing uses: {sorted(unused)}"


def test_every_dependency_has_a_lower_bound() -> None:
    requirements = [
        *PYPROJECT["project"]["dependencies"],
        *(r for extra in PYPROJECT["project"]["optional-dependencies"].values() for r in extra),
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
