"""Where the LLM endpoint, model, key and cache come from, in one resolved object.

Precedence, highest first (resolved by pydantic-settings in `figcheck.llm.sources`):
explicit options (CLI flags), environment, the `[llm]` table of ./figcheck.toml,
the `[llm]` table of the user's figcheck.toml (platformdirs' user config dir),
defaults. Every resolved value remembers its origin (`LLMConfig.origins`), which
`figcheck config` prints. The key is a SecretStr so it never shows in a repr, a
log line, a report or a cassette; it is read from the environment only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import platformdirs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from figcheck.errors import ConfigError

if TYPE_CHECKING:
    from figcheck.llm.sources import Layers

Mode = Literal["tools", "json", "md_json"]
Provider = Literal["openai", "azure"]

APP_NAME = "figcheck"
DEFAULT_MODEL = "gpt-4o-mini"
TOML_NAME = "figcheck.toml"
OPENAI_URL = "https://api.openai.com/v1"


def user_config_file() -> Path:
    """The user's own figcheck.toml (e.g. ~/.config/figcheck/figcheck.toml on Linux)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / TOML_NAME


def default_cache_dir() -> Path:
    """The response cache's home unless configured (e.g. ~/.cache/figcheck on Linux)."""
    return Path(platformdirs.user_cache_dir(APP_NAME))


class LLMSettings(BaseModel):
    """The settable fields: one definition for the resolved config and its settings sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: Provider = "openai"
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    azure_endpoint: str | None = None
    api_version: str | None = None
    azure_deployment: str | None = None
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
    cache_dir: Path = Field(default_factory=default_cache_dir)
    cache_size_mb: float = Field(default=1024.0, gt=0)
    cache_expire_days: float = Field(default=30.0, ge=0)  # 0: entries never expire

    @field_validator("mode", mode="before")
    @classmethod
    def _mode_spelling(cls, value: Any) -> Any:
        """`MD_JSON` and `md-json` mean md_json: env values are typed by hand."""
        return value.lower().replace("-", "_") if isinstance(value, str) else value

    @model_validator(mode="after")
    def _azure_is_complete(self) -> LLMSettings:
        """Azure needs its endpoint and API version; an Azure endpoint under openai is a slip."""
        if self.provider == "azure":
            missing = [
                f"{name} (env {env})"
                for name, env in (
                    ("azure_endpoint", "AZURE_OPENAI_ENDPOINT"),
                    ("api_version", "OPENAI_API_VERSION"),
                )
                if getattr(self, name) is None
            ]
            if missing:
                raise ValueError(f"provider 'azure' needs {' and '.join(missing)}")
            if self.base_url is not None:
                raise ValueError("provider 'azure' takes azure_endpoint, not base_url")
        elif self.azure_endpoint is not None or self.azure_deployment is not None:
            raise ValueError(
                "azure_endpoint/azure_deployment are set but provider is 'openai'; "
                'set provider = "azure" (FIGCHECK_PROVIDER=azure)'
            )
        return self


class LLMConfig(LLMSettings):
    """Everything the LLM extractor and linker need to reach a model and stay within budget."""

    source: str = "defaults"
    origins: dict[str, str] = Field(default_factory=dict)  # field -> cli/env/project/user

    @property
    def has_endpoint(self) -> bool:
        """A key, a base URL or an Azure endpoint (local servers need no key) means a model."""
        return (
            self.api_key is not None or self.base_url is not None or self.azure_endpoint is not None
        )

    @property
    def endpoint(self) -> str:
        """Where requests go, for the first line of a run and `figcheck config`."""
        if self.provider == "azure":
            deployment = self.azure_deployment or self.model
            return f"{self.azure_endpoint} (Azure deployment {deployment})"
        return self.base_url or OPENAI_URL

    def origin(self, field: str) -> str:
        """cli, env, project, user or default: which layer gave `field` its value."""
        return self.origins.get(field, "default")

    def settings(self) -> list[SettingRow]:
        """Every setting with its value and origin, for people; the key only as set or not."""
        rows = []
        for name in LLMSettings.model_fields:
            value = getattr(self, name)
            if name == "api_key":
                shown = "(not set)" if value is None else "(set, hidden)"
            else:
                shown = "(not set)" if value is None else str(value)
            rows.append(SettingRow(name=name, value=shown, origin=self.origin(name)))
        return rows


class SettingRow(BaseModel):
    """One line of `figcheck config`."""

    name: str
    value: str
    origin: str


def load_config(
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    trust_project: bool = False,
    user_file: Path | None = None,
    **options: Any,
) -> LLMConfig:
    """Resolve the LLM settings; `options` with value None are treated as not given.

    Trust boundary: a figcheck.toml in the working directory comes with whatever
    repository was cloned, so it may not send the user's key elsewhere. When it
    sets `base_url` or `azure_endpoint` and a key is configured, the run stops
    unless `trust_project` (--trust-project-config) is given or a source the user
    controls (option, environment, the user's own figcheck.toml) names the same
    endpoint. Its `cache_dir` must stay inside the project. The user's figcheck.toml
    is trusted: the user wrote it.
    """
    from figcheck.llm.sources import Layers, resolve

    env = os.environ if environ is None else environ
    root = (cwd or Path.cwd()).resolve()
    layers = Layers.read(root, user_file or user_config_file(), env, options)
    try:
        values, origins = resolve(layers)
    except ValidationError as exc:
        raise ConfigError(layers.explain(exc)) from exc
    config = LLMConfig(**values, source=layers.describe(origins), origins=origins)
    _guard_endpoint(config, layers, trust_project)
    return config


def _guard_endpoint(config: LLMConfig, layers: Layers, trust_project: bool) -> None:
    """The key goes to a project-named endpoint only with --trust-project-config."""
    if trust_project or config.api_key is None:
        return
    for field in ("base_url", "azure_endpoint"):
        named = layers.project.get(field)
        if config.origin(field) != "project" or named == layers.user.get(field):
            continue
        raise ConfigError(
            f"{layers.project_path} sets [llm] {field} = {named!r}; the API key from your "
            "environment is not sent to an endpoint a project file names. Pass "
            "--trust-project-config if you trust this project, or name the endpoint "
            "yourself with --base-url, OPENAI_BASE_URL (AZURE_OPENAI_ENDPOINT) or your "
            f"user config {layers.user_path}"
        )
