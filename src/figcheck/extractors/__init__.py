"""Extractors turn an Article into grounded Claims; rules (offline) and llm satisfy one protocol."""

from __future__ import annotations

from typing import Protocol

from figcheck.models import Article, Extraction


class Extractor(Protocol):
    """What every extractor offers; `name` is reported in every output."""

    name: str

    def extract(self, article: Article) -> Extraction: ...
