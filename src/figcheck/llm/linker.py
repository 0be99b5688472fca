"""Story-level linking: one structured LLM request per story (chunked to fit).

The model sees every claim of a story at once — id, quote, its sentence, the
reading figcheck carries, source, outlet, dates — and proposes groups of
claim ids that state one quantity, plus relations (part of, sum of, later
figure of). It never sees or does arithmetic, and figcheck.link validates
every id and hard constraint before merging anything. Answers are cached and
counted like extraction; any failure answers None ("no opinion"), so linking
never stops on an endpoint fault and the rules' keys stand.

This replaces the pairwise link assist of v1, which spent 53 requests on 16
articles and repaired none of the rules' mistakes: one request per story sees
the context a pair cannot.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from figcheck.llm.cache import ResponseCache
from figcheck.llm.config import LLMConfig, load_config
from figcheck.llm.prompts import load_prompt
from figcheck.llm.schema import StoryLinks
from figcheck.models import Claim, Links, Usage
from figcheck.read._stories import WORD_MARK

if TYPE_CHECKING:
    import httpx2

log = logging.getLogger(__name__)

PROMPT_NAME = "link_story.v2"
CHUNK_CLAIMS = 80  # claims per request; a bigger story is sent in parts (groups stay per part)


_ROLES = {
    "previous": "previous value",
    "change": "change",
    "expected": "forecast or plan",
    "average": "average",
}


def _row(claim: Claim) -> dict[str, Any]:
    r = claim.reading
    return {
        "id": claim.id,
        "outlet": claim.article,
        "published": r.published if r else None,
        "quote": " ".join(claim.quote.split()),
        "sentence": r.sentence if r else "",
        "counted": (r.noun if r else None) or "unknown",
        "category": (r.action if r else None) or "unknown",
        "group": (r.side if r else None) or "unknown",
        "place": (r.place if r else None) or "whole area",
        "unit": (r.unit if r else None) or "count",
        "role": _ROLES.get((r.role if r else None) or "", "level"),
        "scope": claim.scope.value,
        "changing": bool(r and r.changing),
        "as_of": claim.as_of,
        "since": claim.since,
        "source": claim.source or "the outlet",
    }


class StoryLinker:
    """Callable `(story claims) -> Links | None`; `usage` and `failures` say what it cost."""

    def __init__(
        self,
        config: LLMConfig,
        http_client: httpx2.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        from figcheck.llm.client import LLMClient

        self.config = config
        self.client = LLMClient(config, http_client=http_client, sleep=sleep)
        self.prompt = load_prompt(PROMPT_NAME)
        self.cache = ResponseCache.from_config(config)
        self.usage = Usage()
        self.failures = 0

    def __repr__(self) -> str:
        return f"StoryLinker(model={self.config.model!r}, prompt={self.prompt.name!r})"

    def __call__(self, claims: list[Claim]) -> Links | None:
        ordered = sorted(claims, key=lambda c: (c.article, c.start, c.id))
        chunks = [ordered[i : i + CHUNK_CLAIMS] for i in range(0, len(ordered), CHUNK_CLAIMS)]
        story = ", ".join(
            sorted({n for c in ordered if c.reading for n in c.reading.story if _a_name(n)})
        )
        merged = Links()
        answered = False
        for index, chunk in enumerate(chunks, start=1):
            messages = self.prompt.render(
                story=story or "unnamed",
                claims=[_row(c) for c in chunk],
                chunk_index=index,
                chunk_count=len(chunks),
            )
            try:
                links = self.client.structured_cached(
                    self.cache, self.prompt, messages, StoryLinks, self.usage, kind="link"
                )
            except Exception as exc:  # a linker failure means "no opinion" for this part
                self.failures += 1
                log.warning("story linker failed on part %d of %r: %s", index, story, exc)
                continue
            answered = True
            merged.groups.extend(links.groups)
            merged.relations.extend(links.relations)
            merged.seen = [*(merged.seen or []), *(c.id for c in chunk)]
        return merged if answered else None


def make_story_linker(config: LLMConfig | None = None, **options: Any) -> StoryLinker | None:
    """A story linker for the configured endpoint, or None when there is none (rules alone)."""
    if config is None:
        fields = {k: v for k, v in options.items() if k in LLMConfig.model_fields and k != "source"}
        config = load_config(
            cwd=options.get("cwd"),
            environ=options.get("environ"),
            trust_project=bool(options.get("trust_project")),
            **fields,
        )
    if not config.has_endpoint:
        return None
    return StoryLinker(
        config, http_client=options.get("http_client"), sleep=options.get("sleep", time.sleep)
    )


def _a_name(entry: str) -> bool:
    """A story entry that is a name, not a two-word name's marker of read._stories, nor a
    content word of the opening."""
    return " " not in entry and not entry.startswith(WORD_MARK)
