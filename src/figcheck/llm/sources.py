"""The layers behind `load_config`, merged by pydantic-settings: options > env > project > user.

Each layer is read once into a plain dict (the toml files with figcheck's own
checks and error messages), handed to pydantic-settings as one source each, and
kept so every resolved value can name where it came from.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from figcheck.errors import ConfigError
from figcheck.llm.config import TOML_NAME, LLMSettings

ENV_PREFIX = "FIGCHECK_"
# Names other tools already use win over FIGCHECK_<FIELD> for these fields (first present wins).
ENV_NAMES: dict[str, tuple[str, ...]] = {
    "api_key": ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"),
    "base_url": ("OPENAI_BASE_URL",),
    "azure_endpoint": ("AZURE_OPENAI_ENDPOINT",),
    "api_version": ("OPENAI_API_VERSION",),
}
# short names for FIGCHECK_<FIELD> variables, read as the long one when it is not set
ENV_SHORT = {"FIGCHECK_TIMEOUT": "FIGCHECK_TIMEOUT_S"}
FIELDS = tuple(LLMSettings.model_fields)


def env_names(field: str) -> tuple[str, ...]:
    """The environment variables that set `field`, in the order they are looked up."""
    return ENV_NAMES.get(field, (ENV_PREFIX + field.upper(),))


class _Environment(EnvSettingsSource):
    """pydantic-settings' environment source over a given mapping (tests pass their own)."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        """An empty variable counts as unset (`OPENAI_BASE_URL=` must not mean base_url "")."""
        fold = (lambda k: k) if self.case_sensitive else str.lower
        return {fold(k): v for k, v in self._environ.items() if v}


@dataclass(frozen=True)
class Layers:
    """What each source says, before merging; paths for messages."""

    cli: dict[str, Any]
    environ: Mapping[str, str]
    project: dict[str, Any]
    user: dict[str, Any]
    project_path: Path
    user_path: Path

    @classmethod
    def read(
        cls, root: Path, user_path: Path, environ: Mapping[str, str], options: Mapping[str, Any]
    ) -> Layers:
        project_path = root / TOML_NAME
        project: dict[str, Any] = {}
        if project_path.is_file():
            project = _read_table(project_path)
            if "cache_dir" in project:
                project["cache_dir"] = _inside(root, project_path, project["cache_dir"])
        user: dict[str, Any] = {}
        same = user_path.is_file() and user_path.resolve() == project_path.resolve()
        if user_path.is_file() and not same:
            user = _read_table(user_path)
            if "cache_dir" in user:  # relative to the user's config folder, ~ expanded
                user["cache_dir"] = user_path.parent / Path(str(user["cache_dir"])).expanduser()
        cli = {k: v for k, v in options.items() if v is not None}
        environ = dict(environ)
        for short, name in ENV_SHORT.items():
            if environ.get(short) and not environ.get(name):
                environ[name] = environ[short]
        return cls(cli, environ, project, user, project_path, user_path)

    def env_values(self) -> dict[str, Any]:
        """What the environment sets, by field name (aliases such as OPENAI_API_KEY mapped back)."""
        raw = _Environment(_Resolver, self.environ)()
        by_alias = {name.lower(): f for f in ENV_NAMES for name in env_names(f)}
        return {by_alias.get(key.lower(), key): value for key, value in raw.items()}

    def env_var(self, field: str) -> str:
        """The variable that set `field` (the first of its names that is present)."""
        present = {k.upper() for k, v in self.environ.items() if v}
        return next((n for n in env_names(field) if n in present), env_names(field)[0])

    def label(self, field: str, origin: str) -> str:
        """Where a value came from, for messages: a flag, a variable, a file's key."""
        if origin == "cli":
            return f"option {field}"
        if origin == "env":
            return f"environment variable {self.env_var(field)}"
        if origin == "project":
            return f"{self.project_path} [llm] {field}"
        if origin == "user":
            return f"{self.user_path} [llm] {field}"
        return "default"

    def origins(self) -> dict[str, str]:
        """Each field that some layer sets -> the highest layer setting it."""
        env = self.env_values()
        found: dict[str, str] = {}
        for origin, values in (
            ("cli", self.cli),
            ("env", env),
            ("project", self.project),
            ("user", self.user),
        ):
            for field in values:
                found.setdefault(field, origin)
        return found

    def describe(self, origins: Mapping[str, str]) -> str:
        """One line naming every source that set something (the first line of a run quotes it)."""
        parts: list[str] = []
        for origin in ("project", "user", "env", "cli"):
            fields = [f for f, o in origins.items() if o == origin]
            if not fields:
                continue
            if origin == "env":
                parts.extend(sorted({self.env_var(f) for f in fields}))
            elif origin == "cli":
                parts.append("options")
            else:
                parts.append(str(self.project_path if origin == "project" else self.user_path))
        return ", ".join(parts) or "defaults"

    def explain(self, exc: ValidationError) -> str:
        """A validation error as 'field = value (where it came from): problem'."""
        origins = self.origins()
        aliases = {name.lower(): f for f in ENV_NAMES for name in env_names(f)}
        problems = []
        for err in exc.errors():
            loc = [str(p) for p in err["loc"]]
            field = aliases.get(loc[0].lower(), loc[0]) if loc else ""
            if not field:  # a check across fields (provider): name the provider's origin
                where = self.label("provider", origins.get("provider", "default"))
                problems.append(f"{err['msg'].removeprefix('Value error, ')} (provider: {where})")
                continue
            where = self.label(field, origins.get(field, "default"))
            shown = "" if field == "api_key" else f" = {err.get('input')!r}"
            problems.append(f"{field}{shown} ({where}): {err['msg']}")
        return (
            f"LLM configuration is invalid: {'; '.join(problems)}. Fix the option, the "
            "environment variable or the [llm] table of the figcheck.toml named"
        )


_LAYERS: ContextVar[Layers] = ContextVar("figcheck_settings_layers")


class _Resolver(BaseSettings, LLMSettings):
    """LLMSettings as pydantic-settings fills it from the layers of the current call."""

    model_config = SettingsConfigDict(
        extra="forbid",
        env_prefix=ENV_PREFIX,
        env_ignore_empty=True,
        populate_by_name=True,
        frozen=True,
    )

    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices(*ENV_NAMES["api_key"])
    )
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices(*ENV_NAMES["base_url"])
    )
    azure_endpoint: str | None = Field(
        default=None, validation_alias=AliasChoices(*ENV_NAMES["azure_endpoint"])
    )
    api_version: str | None = Field(
        default=None, validation_alias=AliasChoices(*ENV_NAMES["api_version"])
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Options > environment > project figcheck.toml > user figcheck.toml (no .env files)."""
        layers = _LAYERS.get()
        return (
            init_settings,
            _Environment(settings_cls, layers.environ),
            InitSettingsSource(settings_cls, layers.project),
            InitSettingsSource(settings_cls, layers.user),
        )


def resolve(layers: Layers) -> tuple[dict[str, Any], dict[str, str]]:
    """The merged, validated settings and the origin of each value that is not a default."""
    token = _LAYERS.set(layers)
    try:
        settings = _Resolver(**layers.cli)
    finally:
        _LAYERS.reset(token)
    values = {field: getattr(settings, field) for field in FIELDS}
    return values, layers.origins()


def _read_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML ({exc}); fix the syntax or delete the file"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc}); fix or delete the file") from exc
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: key 'llm' must be a table, e.g. [llm] model = \"gpt-4o-mini\"")
    if "api_key" in table:
        raise ConfigError(
            f"{path}: key 'llm.api_key' is not read from files so it cannot leak into a "
            "repository or a backup; set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY) in the "
            "environment instead"
        )
    unknown = sorted(set(table) - set(FIELDS))
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) {', '.join('llm.' + k for k in unknown)}; known keys: "
            f"{', '.join(f for f in FIELDS if f != 'api_key')}"
        )
    return dict(table)


def _inside(root: Path, toml_path: Path, cache_dir: Any) -> Path:
    """A project file may only point figcheck's writes inside the project."""
    target = (root / str(cache_dir)).resolve()
    if target != root and root not in target.parents:
        raise ConfigError(
            f"{toml_path}: [llm] cache_dir = {cache_dir!r} points outside the project "
            f"({target}); a project file may only name a folder inside {root}"
        )
    return target
