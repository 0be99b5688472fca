"""Every code block in README.md runs, from a clean copy of the working tree.

A new user's first hour is the README; a block that no longer works is a bug.
Each shell and Python block (whatever sections the README has today) runs in
one shared copy of the files git knows (tracked, or untracked and not
ignored), in order, with no LLM endpoint configured and a scratch HOME. After
each shell block, every output it names (`--report`, `--json`, `--html`,
`--run-dir`, `-o`/`--output`, `> file`) must exist and not be empty.

What is substituted, and why:

- **Setting up a venv and installing** (`python3 -m venv .venv`, `pip install
  ...`): the copy's `.venv` is built by this test from the interpreter running
  the tests: a bare venv whose site-packages point at the copy's `src/` first
  and then at this environment's packages, with this environment's console
  scripts (figcheck, pytest, mypy, ruff...) rewritten to use it. The install
  commands then have nothing left to do and are replaced by a no-op, as is any
  `pip` on the PATH. So the blocks run against the copy's code with the
  versions this suite is testing (also the lowest allowed ones, in that run).
- **Running the test suite** (`scripts/test.sh`, `pytest`): it is the run this
  test belongs to, so inside a block it only collects (`--collect-only`: every
  test module still imports); running it for real would recurse forever.

A block that needs a live LLM endpoint is marked in the README with an HTML
comment on the line before it, `<!-- not run: REASON -->`; that list is kept
tiny, and a test holds it to a few blocks.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import site
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHELL = {"bash", "sh", "shell", "console"}
PYTHON = {"python", "py", "python3"}
NOT_RUN = re.compile(r"<!--\s*not run:\s*(?P<why>.*?)\s*-->")
MOST_NOT_RUN = 4
BLOCK_TIMEOUT_S = 600

# the setup a README block does, and what stands in for it here (see the docstring)
SUBSTITUTES = [
    (re.compile(r"\bpython3? -m venv \.venv\b"), ": venv prepared by tests/test_readme.py"),
    (
        re.compile(r"(?:\.venv/bin/)?(?:pip3?|python3? -m pip) install[^&|;\n]*"),
        ": install substituted by tests/test_readme.py",
    ),
    (re.compile(r"\bbash scripts/test\.sh\b"), ".venv/bin/python -m pytest"),
]
OUTPUT_FLAGS = {"--report", "--json", "--html", "--run-dir", "-o", "--output"}


@dataclass(frozen=True)
class Block:
    line: int
    language: str
    code: str
    skip_reason: str | None

    @property
    def label(self) -> str:
        return f"README.md:{self.line}-{self.language}"


def readme_blocks(text: str) -> list[Block]:
    """Fenced blocks in shell or Python, with the `not run` reason of the line before, if any."""
    blocks: list[Block] = []
    lines = text.splitlines()
    n = 0
    while n < len(lines):
        fence = re.match(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)", lines[n])
        if not fence:
            n += 1
            continue
        marker, language = fence.group(2), fence.group(3).lower()
        start = n
        body: list[str] = []
        n += 1
        while n < len(lines) and not lines[n].strip().startswith(marker):
            body.append(lines[n])
            n += 1
        n += 1
        if language not in SHELL | PYTHON:
            continue
        before = next((ln for ln in reversed(lines[:start]) if ln.strip()), "")
        why = NOT_RUN.search(before)
        blocks.append(
            Block(start + 1, language, "\n".join(body) + "\n", why.group("why") if why else None)
        )
    return blocks


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def _shell_script(block: Block) -> str:
    code = block.code
    if block.language == "console":  # only the prompt lines are commands
        code = "\n".join(ln[2:] for ln in code.splitlines() if ln.startswith("$ ")) + "\n"
    for pattern, stand_in in SUBSTITUTES:
        code = pattern.sub(stand_in, code)
    return code


def named_outputs(script: str) -> list[str]:
    """Files and folders a shell block says it writes."""
    found: list[str] = []
    for line in script.splitlines():
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        for word, following in zip(words, [*words[1:], ""], strict=True):
            if word in OUTPUT_FLAGS and following and following != "-":
                found.append(following)
            elif word.startswith(tuple(f"{flag}=" for flag in OUTPUT_FLAGS)):
                found.append(word.split("=", 1)[1])
            elif word in {">", ">>"} and following:
                found.append(following)
    return [f for f in found if f not in {"-", "/dev/null"} and not f.startswith("$")]


def _copy_of_the_work_tree(target: Path) -> None:
    """What a clone of this checkout holds: tracked files and untracked ones git does not ignore."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.is_file():  # deleted in the work tree but still tracked
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)


def _substitute_venv(copy: Path) -> Path:
    """The copy's .venv, standing in for `python3 -m venv .venv && pip install -e .`."""
    venv = copy / ".venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = [p for p in site.getsitepackages() if Path(p).is_dir()]
    lines = [str(copy / "src")] + [f"import site; site.addsitedir({p!r})" for p in ours]
    (Path(purelib) / "figcheck_readme_test.pth").write_text("\n".join(lines) + "\n")
    here = Path(sys.executable).parent
    for tool in sorted(here.iterdir()):
        if tool.name.startswith(("python", "pip", "activate", "Activate")) or tool.is_dir():
            continue
        target = venv / "bin" / tool.name
        head = tool.open("rb").read(256)
        if head.startswith(b"#!") and b"python" in head.split(b"\n", 1)[0]:
            body = tool.read_text(encoding="utf-8").split("\n", 1)[1]
            target.write_text(f"#!{python}\n{body}", encoding="utf-8")
            target.chmod(0o755)
        elif os.access(tool, os.X_OK):
            target.symlink_to(tool)
    for pip in ("pip", "pip3"):
        stand_in = venv / "bin" / pip
        stand_in.write_text(
            "#!/bin/sh\necho 'pip: substituted by tests/test_readme.py (nothing installed)'\n"
        )
        stand_in.chmod(0o755)
    return venv


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("clean-checkout")
    _copy_of_the_work_tree(copy)
    _substitute_venv(copy)
    return copy


def _environment(copy: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "FIGCHECK_", "AZURE_", "PYTEST_", "VIRTUAL_ENV"))
        and k not in {"PYTHONPATH", "PYTHONHOME"}
    }
    home = copy.parent / f"{copy.name}-home"
    home.mkdir(exist_ok=True)
    return env | {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PATH": f"{copy / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "PYTEST_ADDOPTS": "--collect-only -p no:cacheprovider",  # see the docstring
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }


@pytest.mark.parametrize(
    "block", [b for b in BLOCKS if b.skip_reason is None], ids=lambda b: b.label
)
def test_readme_block_runs(block: Block, checkout: Path) -> None:
    if block.language in PYTHON:
        command = [str(checkout / ".venv" / "bin" / "python"), "-c", block.code]
    else:
        command = ["bash", "-e", "-o", "pipefail", "-c", _shell_script(block)]
    done = subprocess.run(
        command,
        cwd=checkout,
        env=_environment(checkout),
        capture_output=True,
        text=True,
        timeout=BLOCK_TIMEOUT_S,
    )
    assert done.returncode == 0, (
        f"{block.label} exited {done.returncode}\n--- stdout\n{done.stdout[-4000:]}"
        f"\n--- stderr\n{done.stderr[-4000:]}"
    )
    if block.language in PYTHON and "print(" in block.code:
        assert done.stdout.strip(), f"{block.label} prints nothing"
    for output in named_outputs(_shell_script(block)) if block.language in SHELL else []:
        path = checkout / output
        assert path.exists(), f"{block.label} says it writes {output}, which is missing"
        assert path.is_dir() or path.stat().st_size > 0, f"{block.label}: {output} is empty"


def test_the_readme_has_blocks_to_run_and_few_left_out() -> None:
    ran = [b for b in BLOCKS if b.skip_reason is None]
    assert {b.language for b in ran} & SHELL and {b.language for b in ran} & PYTHON
    left_out = [b for b in BLOCKS if b.skip_reason is not None]
    assert len(left_out) <= MOST_NOT_RUN, [b.label for b in left_out]
    assert all(b.skip_reason for b in left_out), "say why a block is not run"


@pytest.mark.parametrize(
    ("script", "outputs"),
    [
        (
            "figcheck check x --report out/r.md --json - --html=out/r.html",
            ["out/r.md", "out/r.html"],
        ),
        ("figcheck eval d --run-dir runs/x  # keep it", ["runs/x"]),
        ("python scripts/standin.py > out/log.txt", ["out/log.txt"]),
        ("figcheck extract a.md --json $OUT", []),
    ],
)
def test_the_outputs_a_block_names_are_found(script: str, outputs: list[str]) -> None:
    assert named_outputs(script) == outputs


def test_blocks_are_read_with_their_not_run_reason() -> None:
    text = (
        "# T\n\n```bash\necho one\n```\n\n<!-- not run: needs an endpoint -->\n"
        "```sh\ncurl x\n```\n\n```toml\n[llm]\n```\n\n```python\nprint(1)\n```\n"
    )
    blocks = readme_blocks(text)
    assert [(b.language, b.skip_reason) for b in blocks] == [
        ("bash", None),
        ("sh", "needs an endpoint"),
        ("python", None),
    ]
    assert blocks[0].code == "echo one\n" and blocks[0].line == 3


def test_setup_commands_are_substituted_and_nothing_else() -> None:
    block = Block(
        1,
        "bash",
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/figcheck check x\n"
        "bash scripts/test.sh\n",
        None,
    )
    script = _shell_script(block)
    assert ".venv/bin/figcheck check x" in script
    assert "pip install" not in script and "-m venv" not in script
    assert ".venv/bin/python -m pytest" in script
