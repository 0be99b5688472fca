"""Where the LLM settings come from, the `auto` choice, and keeping the key out of every output."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx2
import pytest

from figcheck.errors import ConfigError
from figcheck.extractors import get_extractor
from figcheck.extractors.llm import LLMExtractor, make_llm_extractor
from figcheck.llm.config import load_config
from figcheck.llm.linker import make_story_linker

KEY = "sk-proj-SECRET-do-not-leak-1234"


@pytest.mark.parametrize(
    ("toml", "environ", "options", "expected"),
    [
        ("", {}, {}, {"model": "gpt-4o-mini", "mode": "tools", "base_url": None}),
        ("", {"FIGCHECK_MODEL": "gpt-4.1"}, {}, {"model": "gpt-4.1"}),
        ('[llm]\nmodel = "llama3.1"\n', {}, {}, {"model": "llama3.1"}),
        ('[llm]\nmodel = "llama3.1"\n', {"FIGCHECK_MODEL": "gpt-4.1"}, {}, {"model": "gpt-4.1"}),
        ("", {"FIGCHECK_MODEL": "gpt-4.1"}, {"model": "o4-mini"}, {"model": "o4-mini"}),
        ("", {"FIGCHECK_MODE": "MD_JSON"}, {}, {"mode": "md_json"}),
        ("", {"FIGCHECK_MODE": "md-json"}, {}, {"mode": "md_json"}),
        (
            '[llm]\nbase_url = "http://localhost:11434/v1"\nmode = "json"\n',
            {},
            {},
            {"base_url": "http://localhost:11434/v1", "mode": "json"},
        ),
        ("", {"OPENAI_BASE_URL": "http://vllm:8000/v1"}, {}, {"base_url": "http://vllm:8000/v1"}),
        ("", {}, {"cache": False, "model": None}, {"cache": False, "model": "gpt-4o-mini"}),
    ],
)
def test_precedence(
    tmp_path: Path,
    toml: str,
    environ: dict[str, str],
    options: dict[str, object],
    expected: dict[str, object],
) -> None:
    if toml:
        (tmp_path / "figcheck.toml").write_text(toml, encoding="utf-8")
    config = load_config(cwd=tmp_path, environ=environ, **options)
    assert {k: getattr(config, k) for k in expected} == expected


@pytest.mark.parametrize(
    ("toml", "environ", "message"),
    [
        ('[llm]\napi_key = "sk-x"\n', {}, "OPENAI_API_KEY"),
        ("[llm\nmodel=1", {}, "not valid TOML"),
        ("llm = 3\n", {}, "must be a table"),
        ("", {"FIGCHECK_MODE": "xml"}, "FIGCHECK_MODE"),
        ("[llm]\nmax_reasks = -1\n", {}, "max_reasks"),
    ],
)
def test_bad_config_says_where_and_what_to_do(
    tmp_path: Path, toml: str, environ: dict[str, str], message: str
) -> None:
    if toml:
        (tmp_path / "figcheck.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(cwd=tmp_path, environ=environ)


@pytest.mark.parametrize(
    ("environ", "toml", "expected"),
    [
        ({}, "", "rules"),
        ({"OPENAI_API_KEY": KEY}, "", "llm"),
        ({"OPENAI_BASE_URL": "http://localhost:11434/v1"}, "", "llm"),
        ({}, '[llm]\nbase_url = "http://localhost:8080/v1"\n', "llm"),
        ({}, '[llm]\nmodel = "gpt-4.1"\n', "rules"),  # a model name alone is no endpoint
    ],
)
def test_auto_picks_llm_only_with_an_endpoint(
    tmp_path: Path, environ: dict[str, str], toml: str, expected: str
) -> None:
    if toml:
        (tmp_path / "figcheck.toml").write_text(toml, encoding="utf-8")
    extractor = get_extractor("auto", cwd=tmp_path, environ=environ)
    assert extractor.name == expected
    assert (make_story_linker(cwd=tmp_path, environ=environ) is None) == (expected == "rules")


def test_llm_required_without_endpoint_says_what_to_do(tmp_path: Path) -> None:
    assert make_llm_extractor(required=False, cwd=tmp_path, environ={}) is None
    with pytest.raises(ConfigError, match=r"OPENAI_API_KEY.*OPENAI_BASE_URL.*--extractor rules"):
        get_extractor("llm", cwd=tmp_path, environ={})


def test_key_never_shown(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    seen: list[httpx2.Request] = []

    def refuse(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(401, json={"error": {"message": "Incorrect API key provided"}})

    config = load_config(cwd=tmp_path, environ={"OPENAI_API_KEY": KEY}, cache=False)
    client = httpx2.Client(transport=httpx2.MockTransport(refuse))
    extractor = make_llm_extractor(required=True, config=config, http_client=client)
    assert isinstance(extractor, LLMExtractor)
    from figcheck.models import Article

    with caplog.at_level(logging.DEBUG):
        result = extractor.extract(Article(id="a", text="Some 40 people were hurt."))

    assert seen and seen[0].headers["authorization"] == f"Bearer {KEY}"  # it is sent...
    shown = [
        repr(config),
        str(config),
        config.model_dump_json(),
        json.dumps(config.model_dump(mode="json")),
        repr(extractor),
        repr(extractor.client),
        result.model_dump_json(),
        caplog.text,
    ]
    assert all(KEY not in s for s in shown)  # ...and shown nowhere
    assert (
        "HTTP 401" in result.problems[0].message and "OPENAI_API_KEY" in result.problems[0].message
    )
