"""Extractors turn an Article into grounded Claims; rules (offline) and llm satisfy one protocol."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from figcheck.errors import FigcheckError
from figcheck.models import Article, Extraction, Problem
from figcheck.read import read_claims

log = logging.getLogger(__name__)


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


def resolve(extractor: str | Extractor, options: dict[str, Any]) -> Extractor:
    return get_extractor(extractor, **options) if isinstance(extractor, str) else extractor


def extract_article(
    article: Article, extractor: str | Extractor = "rules", **options: Any
) -> Extraction:
    """Run one extractor on one article and read what each figure counts (stage `read`).

    A failure becomes a recorded problem, not a crash.
    """
    chosen = resolve(extractor, options)
    try:
        extraction = chosen.extract(article)
        return extraction.model_copy(update={"claims": read_claims(extraction.claims, article)})
    except FigcheckError as exc:
        problem = Problem(stage="extract", message=str(exc), article=article.id, path=article.path)
    except Exception as exc:
        log.exception("extractor %s failed on %s", chosen.name, article.id)
        problem = Problem(
            stage="extract",
            message=f"{type(exc).__name__}: {exc}",
            article=article.id,
            path=article.path,
        )
    return Extraction(article=article.id, extractor=chosen.name, problems=[problem])
