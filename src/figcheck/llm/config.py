"""Where the LLM endpoint, model and key come from, in one resolved object.

Precedence, highest first: explicit options, environment (OPENAI_API_KEY,
OPENAI_BASE_URL, FIGCHECK_MODEL, FIGCHECK_MODE, FIGCHECK_TIMEOUT), the `[llm]` table of a
figcheck.toml in the working directory, defaults. The key is a SecretStr so it
never shows in a repr, a log line, a report or a cassette.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from figcheck.errors import ConfigError

Mode = Literal["tools", "json", "md_json"]

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_CACHE_DIR = Path(".figcheck-cache")
TOML_NAME = "figcheck.toml"

_ENV = {
    "api_key": "OPENAI_API_KEY",
    "base_url": "OPENAI_BASE_URL",
    "model": "FIGCHECK_MODEL",
    "mode": "FIGCHECK_MODE",
    "timeout_s": "FIGCHECK_TIMEOUT",
}


class LLMConfig(BaseModel):
    """Everything the LLM extractor and link assist need to reach a model and stay within budget."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    mode: Mode = "tools"
    temperature: float = 0.0
    # per request; a long extraction answer can take a minute, a dead server never answers
    timeout_s: float = Field(default=60.0, gt=0, allow_inf_nan=False)
    max_reasks: int = Field(default=2, ge=0)
    max_attempts: int = Field(default=4, ge=1)
    backoff_initial_s: float = Field(default=1.0, ge=0)
    backoff_max_s: float = Field(default=30.0, ge=0)
    max_retry_after_s: float = Field(default=60.0, ge=0)  # a server's Retry-After is capped
    chunk_tokens: int = Field(default=3000, ge=200)
    chunk_overlap_paragraphs: int = Field(default=1, ge=0)
    min_score: float = Field(default=85.0, ge=0, le=100)
    cache: bool = True
    cache_dir: Path = DEFAULT_CACHE_DIR
    source: str = "defaults"

    @property
    def has_endpoint(self) -> bool:
        """A key or a base URL (local servers need no key) means a model is meant to be called."""
        return self.api_key is not None or self.base_url is not None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML ({exc}); fix the syntax or delete the file"
        ) from exc
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: key 'llm' must be a table, e.g. [llm] model = \"gpt-4o-mini\"")
    if "api_key" in table:
        raise ConfigError(
            f"{path}: key 'llm.api_key' is not read from files so it cannot leak into a "
            "repository; set OPENAI_API_KEY in the environment instead"
        )
    return dict(table)


def _inside(root: Path, toml_path: Path, project: dict[str, Any]) -> None:
    """A project file may only point figcheck's writes inside the project."""
    cache_dir = project.get("cache_dir")
    if cache_dir is None:
        return
    target = (root / str(cache_dir)).resolve()
    if target != root and root not in target.parents:
        raise ConfigError(
            f"{toml_path}: [llm] cache_dir = {cache_dir!r} points outside the project "
            f"({target}); a project file may only name a folder inside {root}"
        )


def load_config(
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    trust_project: bool = False,
    **options: Any,
) -> LLMConfig:
    """Resolve the LLM settings; `options` with value None are treated as not given.

    Trust boundary: a figcheck.toml in the working directory comes with whatever
    repository was cloned, so it may not send the user's key elsewhere. When it
    sets `base_url` and the key comes from the environment, the run stops unless
    `trust_project` (--trust-project-config) is given or the endpoint is also
    named by OPENAI_BASE_URL or --base-url. Its `cache_dir` must stay inside the
    project.
    """
    env = os.environ if environ is None else environ
    merged: dict[str, Any] = {}
    sources: list[str] = []
    root = (cwd or Path.cwd()).resolve()
    toml_path = root / TOML_NAME
    project: dict[str, Any] = {}
    if toml_path.is_file():
        project = _read_toml(toml_path)
        merged.update(project)
        sources.append(str(toml_path))
        _inside(root, toml_path, project)
    for field, var in _ENV.items():
        value = env.get(var)
        if value:
            merged[field] = value
            sources.append(var)
    given = {k: v for k, v in options.items() if v is not None}
    if given:
        sources.append("options")
    merged.update(given)
    named_elsewhere = env.get(_ENV["base_url"]) or given.get("base_url")
    foreign = project.get("base_url") and env.get(_ENV["api_key"]) and not named_elsewhere
    if foreign and not trust_project:
        raise ConfigError(
            f"{toml_path} sets [llm] base_url = {project['base_url']!r}; the OPENAI_API_KEY "
            "from your environment is not sent to an endpoint a project file names. Pass "
            "--trust-project-config if you trust this project, or name the endpoint "
            "yourself with --base-url or OPENAI_BASE_URL"
        )
    if isinstance(merged.get("mode"), str):
        merged["mode"] = merged["mode"].lower().replace("-", "_")
    merged["source"] = ", ".join(sources) or "defaults"
    try:
        return LLMConfig(**merged)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(
            f"LLM configuration from {merged['source']} is invalid: {problems}. "
            "Fix the option, the environment variable or the [llm] table of figcheck.toml"
        ) from exc
