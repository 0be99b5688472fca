"""Extractors turn an Article into grounded Claims; rules (offline) and llm satisfy one protocol."""

from __future__ import annotations

from typing import Any, Protocol

from figcheck.models import Article, Extraction


class Extractor(Protocol):
    """What every extractor offers; `name` is reported in every output."""

    name: str

    def extract(self, article: Article) -> Extraction: ...


def get_extractor(name: str = "auto", **options: Any) -> Extractor:
    """`auto` picks the LLM when an endpoint is configured, else the offline rules extractor."""
    if name == "rules":
        from figcheck.extractors.rules import RulesExtractor

        return RulesExtractor()
    if name in ("llm", "auto"):
        from figcheck.extractors.llm import make_llm_extractor

        extractor = make_llm_extractor(required=(name == "llm"), **options)
        if extractor is not None:
            return extractor
        from figcheck.extractors.rules import RulesExtractor

        return RulesExtractor()
    from figcheck.errors import ConfigError

    raise ConfigError(f"unknown extractor {name!r}: use rules, llm or auto")
