"""Cassette settings and scripted answers, shared by tests/conftest.py and the generator script.

Committed cassettes are GENERATED: no endpoint is reachable where figcheck is
built, so scripts/generate_cassettes.py runs the real extractor against an
httpx2.MockTransport whose "model" answers from hand-written gold claims, while
vcrpy records the exchange. The requests are therefore exactly what figcheck
sends; the responses are made up and say so (`provenance` in every file).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from figcheck.llm.config import LLMConfig, load_config, user_config_file

CASSETTE_MODEL = "gpt-4o-mini"
FILTER_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
]
STRIPPED_RESPONSE_HEADERS = {
    "openai-organization",
    "openai-project",
    "set-cookie",
    "cookie",
    "x-request-id",
    "cf-ray",
    "openai-processing-ms",
    "strict-transport-security",
}
BODY_MATCHER = "body_any_pydantic"
MATCH_ON = ["method", "path", BODY_MATCHER]
# A re-ask quotes pydantic's error, and its link names the installed pydantic
# (".../2.14/v/json_invalid"): the lowest-versions CI run must still match.
_PYDANTIC_LINK = re.compile(rb"errors\.pydantic\.dev/[0-9][0-9.]*/")
PROVENANCE = {
    "generated": True,
    "by": "scripts/generate_cassettes.py",
    "answers_from": "evals/datasets/seeds/claims.jsonl (hand-written gold claims)",
    "note": "requests are what figcheck sends; responses are scripted, not model output. "
    "Re-record with a real endpoint as cassettes/README.md says.",
}
PROVENANCE_COMMENT = (
    "# GENERATED cassette: the responses below were written by scripts/generate_cassettes.py\n"
    "# from hand-written gold claims; they are NOT a recording of a model.\n"
    "# See cassettes/README.md.\n"
)


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy before_record_response: drop account and tracking headers from what we keep."""
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in STRIPPED_RESPONSE_HEADERS:
            del headers[name]
    return response


def _version_blind(request: Any) -> Any:
    """A request body as JSON (or bytes, if it is not JSON) with pydantic's version set aside."""
    body = request.body or b""
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    raw = _PYDANTIC_LINK.sub(b"errors.pydantic.dev/_/", raw)
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def body_any_pydantic(r1: Any, r2: Any) -> None:
    """vcrpy matcher: the same body, whichever pydantic wrote the error a re-ask quotes."""
    if _version_blind(r1) != _version_blind(r2):
        raise AssertionError("request bodies differ")


def register_matchers(recorder: Any) -> None:
    """Teach a vcr.VCR the matchers MATCH_ON names (conftest and the generator both call it)."""
    recorder.register_matcher(BODY_MATCHER, body_any_pydantic)


def vcr_settings() -> dict[str, Any]:
    """The vcr_config fixture's value (no record_mode: the command line decides that)."""
    return {
        "filter_headers": list(FILTER_HEADERS),
        "before_record_response": scrub_response,
        "match_on": list(MATCH_ON),
        "decode_compressed_response": True,
    }


def cassette_llm_config(environ: Mapping[str, str] | None = None, **overrides: Any) -> LLMConfig:
    """The config every cassette test uses: fixed model and mode so request bodies match."""
    env = os.environ if environ is None else environ
    settings: dict[str, Any] = {
        "model": CASSETTE_MODEL,
        "mode": "tools",
        "api_key": env.get("OPENAI_API_KEY") or "sk-cassette-replay",
        "base_url": env.get("OPENAI_BASE_URL") or None,
        "cache": False,
        "backoff_initial_s": 0.0,
        "backoff_max_s": 0.0,
        "source": "cassette tests",
    }
    settings.update(overrides)
    return LLMConfig(**settings)


# Provider configs are the README's examples, so the documented config is the tested one.
PROVIDER_ENV: dict[str, dict[str, str]] = {
    "openai": {"OPENAI_API_KEY": "sk-cassette-replay"},
    "azure": {"AZURE_OPENAI_API_KEY": "azure-cassette-replay"},
}
_EXAMPLE = re.compile(r"<!-- provider: (\S+) -->\s*```toml\n(.*?)```", re.DOTALL)


def provider_examples(readme: str) -> dict[str, str]:
    """README's provider examples: a `<!-- provider: NAME -->` line, then a toml block."""
    return dict(_EXAMPLE.findall(readme))


def provider_config(name: str, example: str, folder: Path, user_file: Path | None) -> LLMConfig:
    """A provider's example as the user's figcheck.toml, resolved like any run (cache off).

    `user_file=None` writes it where platformdirs says (tests patch that place);
    the generator passes a file of its own.
    """
    target = user_file or user_config_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example, encoding="utf-8")
    (folder / "project").mkdir(parents=True, exist_ok=True)
    return load_config(
        cwd=folder / "project",
        environ=PROVIDER_ENV.get(name, {}),
        user_file=user_file,
        cache=False,
        backoff_initial_s=0.0,
        backoff_max_s=0.0,
    )


_QUALIFIER = (
    r"(?:more than|less than|fewer than|nearly|almost|about|around|roughly|at least|at most"
    r"|up to|over|some|exactly|a majority of)\s+"
)
_NUMBER = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty|hundred|several|dozens|hundreds|thousands|a dozen)\b"
)
_FIGURE = re.compile(rf"(?:{_QUALIFIER})?{_NUMBER}", re.IGNORECASE)


def figure_phrase(quote: str) -> str:
    """The qualifier + number inside a gold quote, as a model would name it."""
    match = _FIGURE.search(quote)
    return match.group(0) if match else quote


def answer_from_gold(gold: dict[str, Any], quote: str | None = None) -> dict[str, Any]:
    """One ExtractedClaim-shaped dict from a gold claim (spec fields + verbatim quote + figure)."""
    q = quote if quote is not None else gold["quote"]
    return {
        "quote": q,
        "figure": figure_phrase(gold["quote"]),
        "measure": gold["measure"],
        "qualifier": gold["qualifier"],
        "low": gold.get("low"),
        "high": gold.get("high"),
        "low_open": gold.get("low_open", False),
        "high_open": gold.get("high_open", False),
        "scope": gold.get("scope", "other"),
        "as_of": gold.get("as_of"),
        "since": gold.get("since"),
        "source": gold.get("source"),
        "key": gold.get("key", ""),
    }


def chat_completion(
    arguments: str | None = None,
    *,
    tool_name: str = "ChunkClaims",
    finish_reason: str = "stop",
    refusal: str | None = None,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    n: int = 0,
    content: str | None = None,
    model: str = CASSETTE_MODEL,
) -> dict[str, Any]:
    """A chat.completions response body shaped like OpenAI's: a tool call, text, or a refusal."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
    if arguments is not None:
        message["tool_calls"] = [
            {
                "id": f"call_generated_{n}",
                "type": "function",
                "function": {"name": tool_name, "arguments": arguments},
            }
        ]
    return {
        "id": f"chatcmpl-generated-{n}",
        "object": "chat.completion",
        "created": 1700000000 + n,
        "model": model,
        "choices": [
            {"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def api_error(message: str, kind: str) -> dict[str, Any]:
    """An OpenAI-style error body."""
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def approx_tokens(body: Mapping[str, Any]) -> int:
    """Prompt tokens a model would bill, approximated as characters / 4 over the messages."""
    return sum(len(str(m.get("content") or "")) for m in body.get("messages", [])) // 4


def chunk_text(body: Mapping[str, Any]) -> str:
    """The article text figcheck put between <article> tags in the first user message."""
    for message in body.get("messages", []):
        content = str(message.get("content") or "")
        if message.get("role") == "user" and "<article>\n" in content:
            return content.split("<article>\n", 1)[1].rsplit("\n</article>", 1)[0]
    raise ValueError("no <article> block in the request; did the prompt template change?")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
