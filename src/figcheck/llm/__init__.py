"""LLM plumbing for the `llm` extractor and link assist: config, client, retries, cache, usage.

Nothing here is needed offline: `figcheck.extractors.get_extractor("auto")`
only imports it when an endpoint is configured or `llm` is asked for.
"""

from __future__ import annotations

from figcheck.llm.config import LLMConfig, load_config

__all__ = ["LLMConfig", "load_config"]
