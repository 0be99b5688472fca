"""Each provider's README example config, replayed from a generated cassette.

The configs are read from README.md itself, so the documented example is the
tested one. The cassettes are generated (scripts/generate_cassettes.py, see their
`provenance`): the requests are what figcheck sends to that endpoint, the
answers are scripted from gold claims. Matching on scheme, host, port, path and
query proves each config reaches its own endpoint (Azure: its deployment and
api-version).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from figcheck.extractors.llm import LLMExtractor
from figcheck.llm._cassettes import PROVIDER_ENV, provider_config, provider_examples
from figcheck.models import Alignment, Article

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = provider_examples((ROOT / "README.md").read_text(encoding="utf-8"))
ENDPOINTS = {
    "openai": ("https://api.openai.com/v1/chat/completions", "tools"),
    "azure": (
        "https://my-resource.openai.azure.com/openai/deployments/figcheck-gpt-4o-mini"
        "/chat/completions?api-version=2024-10-21",
        "tools",
    ),
    "ollama": ("http://localhost:11434/v1/chat/completions", "json"),
    "vllm": ("http://localhost:8000/v1/chat/completions", "json"),
    "llamacpp": ("http://localhost:8080/v1/chat/completions", "json"),
    "lmstudio": ("http://localhost:1234/v1/chat/completions", "md_json"),
}
MATCH = ["method", "scheme", "host", "port", "path", "query", "body"]
ARTICLE = "000_e1a4344e77eb0634"


def test_readme_documents_every_provider_once() -> None:
    assert sorted(EXAMPLES) == sorted(ENDPOINTS)


@pytest.mark.vcr(match_on=MATCH)
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_provider_config(
    name: str,
    tmp_path: Path,
    user_dirs: Path,
    seed_articles: dict[str, Article],
    exchanges: Any,
) -> None:
    config = provider_config(name, EXAMPLES[name], tmp_path, user_file=None)
    assert config.origin("model") == "user" and config.origin("base_url") in ("user", "default")
    url, mode = ENDPOINTS[name]
    assert config.mode == mode and config.has_endpoint
    article = seed_articles[ARTICLE]

    result = LLMExtractor(config).extract(article)

    assert [p for p in result.problems if p.severity == "error"] == []
    assert result.model == config.model and len(result.claims) >= 10
    for claim in result.claims:
        assert claim.quote == article.text[claim.start : claim.end]
        assert claim.alignment is not Alignment.ungrounded
    assert result.usage.requests == exchanges() == 1

    cassette = ROOT / "cassettes" / "test_llm_providers" / f"test_provider_config[{name}].yaml"
    text = cassette.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["provenance"]["generated"] is True  # made-up answers say so
    assert data["interactions"][0]["request"]["uri"] == url
    assert all(key not in text for env in PROVIDER_ENV.values() for key in env.values())
