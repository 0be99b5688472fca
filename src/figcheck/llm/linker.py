"""Link assist: one structured LLM call deciding whether two claims state the same quantity.

The linking rules stay in charge (figcheck.link notes where the model's answer
differs); this only answers questions. Answers are cached and counted like
extraction. Any failure answers None — "no opinion" — so linking never stops on
an endpoint fault.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import httpx2

from figcheck.llm.cache import ResponseCache
from figcheck.llm.client import LLMClient
from figcheck.llm.config import LLMConfig, load_config
from figcheck.llm.prompts import load_prompt
from figcheck.llm.schema import LinkAnswer
from figcheck.models import Claim, Usage

log = logging.getLogger(__name__)

PROMPT_NAME = "link_assist.v1"
_CLAIM_FIELDS = ("article", "quote", "measure", "scope", "as_of", "since", "source")


class LinkAssist:
    """Callable `(a, b) -> bool | None`; `usage` and `failures` say what it cost and missed."""

    def __init__(
        self,
        config: LLMConfig,
        http_client: httpx2.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.client = LLMClient(config, http_client=http_client, sleep=sleep)
        self.prompt = load_prompt(PROMPT_NAME)
        self.cache = ResponseCache(config.cache_dir if config.cache else None)
        self.usage = Usage()
        self.failures = 0

    def __repr__(self) -> str:
        return f"LinkAssist(model={self.config.model!r}, prompt={self.prompt.name!r})"

    def __call__(self, a: Claim, b: Claim) -> bool | None:
        # Order the pair so (a, b) and (b, a) are one question, one request, one cache entry.
        first, second = sorted((a, b), key=lambda c: (c.article, c.start, c.end, c.id))
        messages = self.prompt.render(
            a={k: getattr(first, k) for k in _CLAIM_FIELDS},
            b={k: getattr(second, k) for k in _CLAIM_FIELDS},
        )
        try:
            answer = self.client.structured_cached(
                self.cache, self.prompt, messages, LinkAnswer, self.usage, kind="link"
            )
        except Exception as exc:  # an assist failure means "no opinion"
            self.failures += 1
            log.warning("link assist failed for %s / %s: %s", first.id, second.id, exc)
            return None
        return answer.same_quantity


def make_link_assist(config: LLMConfig | None = None, **options: Any) -> LinkAssist | None:
    """A link assist for the configured endpoint, or None when there is none (rules stand alone)."""
    if config is None:
        fields = {k: v for k, v in options.items() if k in LLMConfig.model_fields and k != "source"}
        config = load_config(cwd=options.get("cwd"), environ=options.get("environ"), **fields)
    if not config.has_endpoint:
        return None
    return LinkAssist(
        config, http_client=options.get("http_client"), sleep=options.get("sleep", time.sleep)
    )
