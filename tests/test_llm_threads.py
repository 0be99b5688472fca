"""One LLMExtractor shared by many worker threads, as the batch runner uses it.

The client builds the instructor-patched `create` once and keeps each call's
usage and attempt count in thread-local state; the ledger adds under a lock.
Here every article is in flight at once (the mock transport holds all first
requests at a barrier before answering any), some articles need a re-ask and
some do not, and each article's Usage must still be its own.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx2
import pytest
from pydantic import SecretStr

from figcheck.extractors.llm import LLMExtractor
from figcheck.llm.config import LLMConfig
from figcheck.models import Article

# (text, quote the model gets right, its figure, whether its first answer invents a quote)
ARTICLES = [
    (
        "Officials said 248 Russian soldiers were returned on Wednesday.",
        "248 Russian soldiers",
        "248",
        True,
    ),
    (
        "The ministry reported that 230 Ukrainian prisoners came home.",
        "230 Ukrainian prisoners",
        "230",
        False,
    ),
    (
        "Nearly 2,600 people have been exchanged since the war began.",
        "Nearly 2,600 people",
        "Nearly 2,600",
        True,
    ),
    (
        "About fifty families waited at the border crossing overnight.",
        "About fifty families",
        "About fifty",
        False,
    ),
    (
        "Dozens of relatives gathered outside the hospital in Chernihiv.",
        "Dozens of relatives",
        "Dozens",
        True,
    ),
    (
        "More than 1,000 bodies have been repatriated so far this year.",
        "More than 1,000 bodies",
        "More than 1,000",
        False,
    ),
]
INVENTED = "a further 75 civilians were freed in a second swap"


def _answer(quote: str, figure: str) -> dict[str, Any]:
    claim = {"quote": quote, "figure": figure, "measure": "people", "qualifier": "exact"}
    arguments = json.dumps({"claims": [claim]})
    return {
        "id": "chatcmpl-mock",
        "object": "chat.completion",
        "created": 0,
        "model": "mock",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "ChunkClaims", "arguments": arguments},
                        }
                    ],
                },
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
    }


class _Endpoint:
    """Answers by the article in the request; first attempts wait at a barrier of `parties`."""

    def __init__(self, parties: int) -> None:
        self.barrier = threading.Barrier(parties)

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        user = body["messages"][1]["content"]
        _, quote, figure, invents = next(a for a in ARTICLES if a[0] in user)
        first = len(body["messages"]) == 2
        if first:
            self.barrier.wait(timeout=30)  # a guard against a hang, not a timing
        if first and invents:
            return httpx2.Response(200, json=_answer(INVENTED, "75"))
        return httpx2.Response(200, json=_answer(quote, figure))


@pytest.mark.parametrize("workers", [len(ARTICLES), 3, 2])
def test_shared_extractor_keeps_usage_per_article(workers: int) -> None:
    config = LLMConfig(
        model="mock", base_url="http://llm.invalid/v1", api_key=SecretStr("sk-test"), cache=False
    )
    transport = httpx2.MockTransport(_Endpoint(workers))
    extractor = LLMExtractor(config, http_client=httpx2.Client(transport=transport))
    articles = [Article(id=f"a{i}", text=a[0]) for i, a in enumerate(ARTICLES)]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(extractor.extract, articles))

    for result, (text, quote, _, invents) in zip(results, ARTICLES, strict=True):
        assert [c.quote for c in result.claims] == [quote]
        assert result.claims[0].start == text.index(quote)
        assert (result.usage.requests, result.usage.reasks) == ((2, 1) if invents else (1, 0))
        assert result.usage.prompt_tokens == 100 * result.usage.requests
        assert extractor.ledger.articles[result.article] == result.usage
    reasked = sum(a[3] for a in ARTICLES)
    assert extractor.ledger.total.requests == len(ARTICLES) + reasked
    assert extractor.ledger.total.reasks == reasked
