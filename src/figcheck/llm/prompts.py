"""Versioned prompt templates: loaded from the wheel or the repo, hashed, rendered with Jinja2.

A template is one Markdown file with a system part and a user part, separated by
the marker lines `<!-- system -->` and `<!-- user -->`. Its sha256 (of the file
text, before rendering) is recorded on every Extraction so a result can always be
traced to the exact instructions that produced it. Article text is passed as a
variable, never compiled as a template, so braces in news text are inert.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from figcheck.errors import ConfigError

_MARKER = re.compile(r"^<!--\s*(system|user)\s*-->\s*$", re.MULTILINE)
_REPO_PROMPTS = Path(__file__).resolve().parents[3] / "prompts"
_ENV = SandboxedEnvironment(
    undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False
)


@cache
def _compiled(source: str) -> Template:
    """Compile a template body once: Jinja's parse + codegen costs ~3 ms a call, under the GIL."""
    return _ENV.from_string(source)


@dataclass(frozen=True)
class Prompt:
    """A loaded template: `name` like "extract_claims.v1", `sha256` of its text."""

    name: str
    text: str
    sha256: str
    system: str
    user: str

    def render(self, **variables: Any) -> list[dict[str, str]]:
        """Chat messages for this template; every variable the template names must be given."""
        return [
            {"role": "system", "content": _compiled(self.system).render(**variables)},
            {"role": "user", "content": _compiled(self.user).render(**variables)},
        ]


def _read(name: str) -> tuple[str, str]:
    filename = f"{name}.md"
    packaged = resources.files("figcheck").joinpath("prompts", filename)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8"), f"figcheck/prompts/{filename}"
    local = _REPO_PROMPTS / filename
    if local.is_file():
        return local.read_text(encoding="utf-8"), str(local)
    raise ConfigError(
        f"prompt template {filename!r} not found in the installed package (figcheck/prompts) "
        f"nor in {_REPO_PROMPTS}; reinstall figcheck or restore prompts/{filename}"
    )


@cache
def load_prompt(name: str) -> Prompt:
    """Load `prompts/<name>.md`; installed wheels carry them as figcheck/prompts."""
    text, where = _read(name)
    parts = _MARKER.split(text)
    # parts = [preamble, role, body, role, body]
    roles = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if set(roles) != {"system", "user"}:
        raise ConfigError(
            f"{where}: needs exactly one '<!-- system -->' and one '<!-- user -->' marker line"
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Prompt(name=name, text=text, sha256=digest, system=roles["system"], user=roles["user"])
