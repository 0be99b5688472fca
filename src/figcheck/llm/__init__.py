"""LLM plumbing for the `llm` extractor and link assist: config, client, retries, cache, usage.

openai and instructor (slow to import) load only when an LLM extractor or link
assist is actually built, so `--extractor auto` without an endpoint stays quick.
"""

from __future__ import annotations

from figcheck.llm.config import LLMConfig, load_config

__all__ = ["LLMConfig", "load_config"]
