"""Settings layers (cli > env > project > user > defaults), their origins, and `figcheck config`."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from figcheck.cli import app
from figcheck.errors import ConfigError
from figcheck.llm.config import load_config, user_config_file

KEY = "sk-proj-SECRET-settings-4242"


def _write(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture
def user_toml(user_dirs: Path) -> Path:
    """Where platformdirs puts the user's figcheck.toml in this test."""
    path = user_config_file()
    assert path == user_dirs / "config" / "figcheck" / "figcheck.toml"
    return path


@pytest.mark.parametrize(
    ("cli", "env", "project", "user", "expected"),
    [
        (None, None, None, None, ("gpt-4o-mini", "default")),
        (None, None, None, "u-model", ("u-model", "user")),
        (None, None, "p-model", "u-model", ("p-model", "project")),
        (None, "e-model", "p-model", "u-model", ("e-model", "env")),
        ("c-model", "e-model", "p-model", "u-model", ("c-model", "cli")),
        ("c-model", None, None, "u-model", ("c-model", "cli")),
    ],
)
def test_each_layer_beats_the_ones_below(
    tmp_path: Path,
    user_toml: Path,
    cli: str | None,
    env: str | None,
    project: str | None,
    user: str | None,
    expected: tuple[str, str],
) -> None:
    if user:
        _write(user_toml, f'[llm]\nmodel = "{user}"\n')
    if project:
        _write(tmp_path / "figcheck.toml", f'[llm]\nmodel = "{project}"\n')
    environ = {"FIGCHECK_MODEL": env} if env else {}
    config = load_config(cwd=tmp_path, environ=environ, model=cli)
    assert (config.model, config.origin("model")) == expected


def test_origins_of_a_mixed_config(tmp_path: Path, user_toml: Path) -> None:
    _write(
        user_toml, '[llm]\nbase_url = "http://localhost:11434/v1"\ntimeout_s = 5\nmode = "json"\n'
    )
    _write(tmp_path / "figcheck.toml", '[llm]\nmode = "md_json"\nmax_reasks = 1\n')
    environ = {"OPENAI_API_KEY": KEY, "FIGCHECK_CACHE_EXPIRE_DAYS": "7", "FIGCHECK_CACHE": "false"}
    config = load_config(cwd=tmp_path, environ=environ, chunk_tokens=500)
    seen = {row.name: (row.value, row.origin) for row in config.settings()}
    assert seen["base_url"] == ("http://localhost:11434/v1", "user")
    assert seen["timeout_s"] == ("5.0", "user")
    assert seen["mode"] == ("md_json", "project")
    assert seen["max_reasks"] == ("1", "project")
    assert seen["cache_expire_days"] == ("7.0", "env")
    assert seen["cache"] == ("False", "env")
    assert seen["api_key"] == ("(set, hidden)", "env")
    assert seen["chunk_tokens"] == ("500", "cli")
    assert seen["temperature"] == ("0.0", "default")
    assert str(user_toml) in config.source and "OPENAI_API_KEY" in config.source


def test_empty_variables_count_as_unset(tmp_path: Path, user_toml: Path) -> None:
    _write(user_toml, '[llm]\nbase_url = "http://localhost:8080/v1"\n')
    environ = {"OPENAI_BASE_URL": "", "FIGCHECK_MODEL": "", "figcheck_mode": "json"}
    config = load_config(cwd=tmp_path, environ=environ)
    assert (config.base_url, config.origin("base_url")) == ("http://localhost:8080/v1", "user")
    assert (config.model, config.origin("model")) == ("gpt-4o-mini", "default")
    assert (config.mode, config.origin("mode")) == ("json", "env")  # names are case-blind


def test_user_config_is_trusted_with_the_key(tmp_path: Path, user_toml: Path) -> None:
    _write(user_toml, '[llm]\nbase_url = "http://gpu-box:8000/v1"\n')
    config = load_config(cwd=tmp_path, environ={"OPENAI_API_KEY": KEY})
    assert config.base_url == "http://gpu-box:8000/v1" and config.origin("base_url") == "user"


@pytest.mark.parametrize(
    ("user", "refused"),
    [
        ("", True),
        ('[llm]\nbase_url = "http://elsewhere:8000/v1"\n', True),  # the project's still wins
        ('[llm]\nbase_url = "http://proj:8000/v1"\n', False),  # the user named it too
    ],
)
def test_project_endpoint_still_needs_trust(
    tmp_path: Path, user_toml: Path, user: str, refused: bool
) -> None:
    if user:
        _write(user_toml, user)
    _write(tmp_path / "figcheck.toml", '[llm]\nbase_url = "http://proj:8000/v1"\n')
    environ = {"OPENAI_API_KEY": KEY}
    if refused:
        with pytest.raises(ConfigError, match="--trust-project-config"):
            load_config(cwd=tmp_path, environ=environ)
    else:
        assert load_config(cwd=tmp_path, environ=environ).base_url == "http://proj:8000/v1"
    trusted = load_config(cwd=tmp_path, environ=environ, trust_project=True)
    assert trusted.base_url == "http://proj:8000/v1"


def test_project_azure_endpoint_needs_trust_too(tmp_path: Path) -> None:
    _write(
        tmp_path / "figcheck.toml",
        '[llm]\nprovider = "azure"\nazure_endpoint = "https://evil.example"\n'
        'api_version = "2024-10-21"\n',
    )
    with pytest.raises(ConfigError, match=r"azure_endpoint.*--trust-project-config"):
        load_config(cwd=tmp_path, environ={"AZURE_OPENAI_API_KEY": KEY})
    config = load_config(cwd=tmp_path, environ={"AZURE_OPENAI_API_KEY": KEY}, trust_project=True)
    assert config.api_key is not None and config.api_key.get_secret_value() == KEY


@pytest.mark.parametrize(
    ("toml", "environ", "message"),
    [
        ('[llm]\napi_key = "sk-x"\n', {}, "not read from files"),
        ('[llm]\nmodle = "x"\n', {}, r"unknown key\(s\) llm.modle"),
        ("[llm\n", {}, "not valid TOML"),
        ('[llm]\ncache_size_mb = "big"\n', {}, r"cache_size_mb = 'big' \(.*figcheck.toml \[llm\]"),
        ("", {"FIGCHECK_TIMEOUT_S": "-3"}, "timeout_s = '-3' .environment variable FIGCHECK_TIM"),
        ("", {"FIGCHECK_PROVIDER": "azure"}, "needs azure_endpoint .env AZURE_OPENAI_ENDPOINT."),
        ("", {"AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com"}, 'provider = "azure"'),
    ],
)
def test_bad_user_config_names_file_key_and_fix(
    tmp_path: Path, user_toml: Path, toml: str, environ: dict[str, str], message: str
) -> None:
    if toml:
        _write(user_toml, toml)
    with pytest.raises(ConfigError, match=message):
        load_config(cwd=tmp_path, environ=environ)


def test_user_cache_dir_is_read_from_the_user_config_folder(
    tmp_path: Path, user_toml: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    _write(user_toml, '[llm]\ncache_dir = "answers"\n')
    assert load_config(cwd=tmp_path, environ={}).cache_dir == user_toml.parent / "answers"
    _write(user_toml, '[llm]\ncache_dir = "~/figcache"\n')
    assert load_config(cwd=tmp_path, environ={}).cache_dir == tmp_path / "home" / "figcache"


def test_a_bad_key_value_is_never_echoed(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(cwd=tmp_path, environ={"OPENAI_API_KEY": KEY}, api_key=["not", KEY])
    assert KEY not in str(caught.value)


def test_figcheck_config_prints_origins_and_hides_the_key(
    tmp_path: Path,
    user_toml: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("OPENAI_BASE_URL", "FIGCHECK_MODEL", "FIGCHECK_MODE", "AZURE_OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    _write(user_toml, '[llm]\nbase_url = "http://localhost:1234/v1"\nmode = "md_json"\n')
    _write(tmp_path / "figcheck.toml", '[llm]\nmodel = "qwen2.5-7b-instruct"\n')
    runner = CliRunner()

    with caplog.at_level(logging.DEBUG):
        shown = runner.invoke(app, ["config", "--json", "-"])
        table = runner.invoke(app, ["config", "--model", "from-cli"])

    assert shown.exit_code == 0 and table.exit_code == 0, shown.output + table.output
    rows = {r["name"]: r for r in json.loads(shown.stdout)["settings"]}
    assert rows["model"] == {"name": "model", "value": "qwen2.5-7b-instruct", "origin": "project"}
    assert rows["base_url"]["origin"] == "user" and rows["mode"]["origin"] == "user"
    assert rows["api_key"] == {"name": "api_key", "value": "(set, hidden)", "origin": "env"}
    assert rows["cache_dir"]["origin"] == "default"
    assert "from-cli" in table.stdout and "cli" in table.stdout
    assert str(user_toml) in table.output
    assert all(KEY not in text for text in (shown.output, table.output, caplog.text))
