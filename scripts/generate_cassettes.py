"""Generate the committed LLM cassettes (no endpoint needed). Run from the repo root:

    .venv/bin/python scripts/generate_cassettes.py            # all cassettes
    .venv/bin/python scripts/generate_cassettes.py rate_limit # some of them

Each scenario runs the real figcheck code (LLMExtractor / StoryLinker) with an
httpx2.MockTransport standing in for the model; vcrpy records the exchange,
so every request body is byte-for-byte what figcheck sends, and the response is
scripted from the seeds' hand-written gold claims. Every file gets a
`provenance` key and a header comment saying it is generated. To replace the
re-recordable ones with real model output, see cassettes/README.md.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import vcr
import yaml

from figcheck.extractors.llm import LLMExtractor
from figcheck.llm import _cassettes as C
from figcheck.llm.linker import StoryLinker
from figcheck.models import Claim
from figcheck.read import read_all

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import _seed_articles, _seed_gold  # noqa: E402

ARTICLES = _seed_articles()
GOLD = _seed_gold()
A0, A3 = "000_e1a4344e77eb0634", "003_a17483f7f873bf1c"
INVENTED = "a further 75 civilians were freed in a second swap"

Responder = Callable[[dict[str, Any], int], httpx2.Response]


def _ok(args: dict[str, Any], body: dict[str, Any], n: int, **kw: Any) -> httpx2.Response:
    arguments = C.dumps(args)
    return httpx2.Response(
        200,
        json=C.chat_completion(
            arguments,
            prompt_tokens=C.approx_tokens(body),
            completion_tokens=len(arguments) // 4,
            n=n,
            **kw,
        ),
    )


def gold_answer(body: dict[str, Any]) -> dict[str, Any]:
    """The claims a perfect model would return for the chunk in this request."""
    text = C.chunk_text(body)
    article = next(a for a in ARTICLES.values() if text in a.text)
    claims = [
        C.answer_from_gold(g) for g in GOLD if g["article"] == article.id and g["quote"] in text
    ]
    return {"claims": claims}


def gold(body: dict[str, Any], n: int) -> httpx2.Response:
    return _ok(gold_answer(body), body, n)


def fuzzy(body: dict[str, Any], n: int) -> httpx2.Response:
    """The model drops a word from one quote: '66 defenders of Azovstal factory'."""
    answer = gold_answer(body)
    for claim in answer["claims"]:
        claim["quote"] = claim["quote"].replace("of the Azovstal", "of Azovstal")
    return _ok(answer, body, n)


def invented(body: dict[str, Any], n: int) -> httpx2.Response:
    """Every attempt adds a quote that is not in the article (re-asked twice, then dropped)."""
    answer = gold_answer(body)
    answer["claims"].append(
        {
            "quote": INVENTED,
            "figure": "75",
            "measure": "civilians freed in a second swap",
            "qualifier": "exact",
            "low": 75,
            "high": 75,
            "scope": "event",
            "key": "swap-2024-01-03/civilians-freed",
        }
    )
    return _ok(answer, body, n)


def malformed_then_gold(body: dict[str, Any], n: int) -> httpx2.Response:
    if n == 1:
        broken = C.dumps(gold_answer(body))[:200]  # cut mid-string: not valid JSON
        return httpx2.Response(200, json=C.chat_completion(broken, prompt_tokens=50, n=n))
    return gold(body, n)


def length(body: dict[str, Any], n: int) -> httpx2.Response:
    cut = C.dumps(gold_answer(body))[:120]
    return httpx2.Response(
        200,
        json=C.chat_completion(
            cut, finish_reason="length", prompt_tokens=C.approx_tokens(body), n=n
        ),
    )


def refusal(body: dict[str, Any], n: int) -> httpx2.Response:
    return httpx2.Response(
        200,
        json=C.chat_completion(
            None, refusal="I'm sorry, I can't assist with that request.", prompt_tokens=20, n=n
        ),
    )


def rate_limited_then_gold(body: dict[str, Any], n: int) -> httpx2.Response:
    if n == 1:
        return httpx2.Response(
            429,
            headers={"retry-after": "3"},
            json=C.api_error("Rate limit reached for requests", "requests"),
        )
    return gold(body, n)


def server_error_twice(body: dict[str, Any], n: int) -> httpx2.Response:
    if n <= 2:
        return httpx2.Response(500, json=C.api_error("The server had an error", "server_error"))
    return gold(body, n)


def server_down_for_a0(body: dict[str, Any], n: int) -> httpx2.Response:
    if C.chunk_text(body) in ARTICLES[A0].text:
        return httpx2.Response(503, json=C.api_error("Service unavailable", "server_error"))
    return gold(body, n)


_ROW = re.compile(r"^- id: (\S+) \| outlet: (\S+) \| published: \S+ \| quote: \"(.*)\"$", re.M)


def story_groups(body: dict[str, Any]) -> dict[str, Any]:
    """Groups a perfect linker would return: the story's claims gathered by their gold key."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    by_key: dict[str, list[str]] = {}
    for cid, article, quote in _ROW.findall(user):
        gold = next(
            (g for g in GOLD if g["article"] == article and g["quote"] in quote), None
        ) or next((g for g in GOLD if g["article"] == article and quote in g["quote"]), None)
        if gold is not None:
            by_key.setdefault(gold["key"], []).append(cid)
    return {"groups": [ids for ids in by_key.values() if len(ids) > 1], "relations": []}


def gold_or_groups(body: dict[str, Any], n: int) -> httpx2.Response:
    """Extraction requests get the gold claims, story requests the gold grouping."""
    if any("<article>" in str(m.get("content")) for m in body["messages"]):
        return gold(body, n)
    return _ok(story_groups(body), body, n, tool_name="Links")


@dataclass
class Scenario:
    """One cassette: where it goes, what the test does, how the scripted model answers."""

    cassette: str
    run: Callable[[httpx2.Client], None]
    responder: Responder
    overrides: dict[str, Any] = field(default_factory=dict)


def extract(*ids: str, **overrides: Any) -> Callable[[httpx2.Client], None]:
    def run(client: httpx2.Client) -> None:
        extractor = LLMExtractor(C.cassette_llm_config({}, **overrides), http_client=client)
        for article_id in ids:
            extractor.extract(ARTICLES[article_id])

    return run


def link_story(client: httpx2.Client) -> None:
    claims = [Claim.model_validate(g) for g in GOLD if g["article"] == A0]
    story = read_all(claims, [ARTICLES[A0]])
    StoryLinker(C.cassette_llm_config({}), http_client=client)(story)


def check_both(client: httpx2.Client) -> None:
    from figcheck.pipeline import check

    extractor = LLMExtractor(C.cassette_llm_config({}), http_client=client)
    linker = StoryLinker(C.cassette_llm_config({}), http_client=client)
    check([ARTICLES[A0], ARTICLES[A3]], extractor=extractor, story_linker=linker)


SCENARIOS = {
    # tests/test_llm_extract.py: re-recordable against a real endpoint
    "seed_000": Scenario(f"test_llm_extract/test_seed_extraction[{A0}].yaml", extract(A0), gold),
    "seed_003": Scenario(f"test_llm_extract/test_seed_extraction[{A3}].yaml", extract(A3), gold),
    "cache": Scenario("test_llm_extract/test_cache_second_run.yaml", extract(A0), gold),
    "chunked": Scenario(
        "test_llm_extract/test_long_article_chunks.yaml",
        extract(A3, chunk_tokens=300),
        gold,
    ),
    "pipeline": Scenario("test_llm_extract/test_check_end_to_end.yaml", check_both, gold_or_groups),
    "link": Scenario("test_llm_extract/test_story_linker.yaml", link_story, gold_or_groups),
    # tests/test_llm_faults.py: scripted behaviour, never re-recorded
    "fuzzy": Scenario(
        "test_llm_faults/test_altered_quote_grounded_fuzzily.yaml", extract(A0), fuzzy
    ),
    "invented": Scenario(
        "test_llm_faults/test_invented_quote_reasked_then_dropped.yaml", extract(A0), invented
    ),
    "malformed": Scenario(
        "test_llm_faults/test_malformed_json_is_reasked.yaml", extract(A0), malformed_then_gold
    ),
    "length": Scenario(
        "test_llm_faults/test_answer_faults_become_problems[length].yaml", extract(A0), length
    ),
    "refusal": Scenario(
        "test_llm_faults/test_answer_faults_become_problems[refusal].yaml", extract(A0), refusal
    ),
    "rate_limit": Scenario(
        "test_llm_faults/test_rate_limit_honours_retry_after.yaml",
        extract(A0),
        rate_limited_then_gold,
    ),
    "server_error": Scenario(
        "test_llm_faults/test_server_errors_retried.yaml", extract(A0), server_error_twice
    ),
    "server_down": Scenario(
        "test_llm_faults/test_failed_article_does_not_stop_batch.yaml",
        extract(A0, A3),
        server_down_for_a0,
    ),
    # the timeout itself is injected by the test's transport: a cassette cannot hold one
    "timeout": Scenario("test_llm_faults/test_timeout_retried.yaml", extract(A0), gold),
}


def generate(name: str, scenario: Scenario) -> Path:
    path = ROOT / "cassettes" / scenario.cassette
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    calls = {"n": 0}

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls["n"] += 1
        return scenario.responder(json.loads(request.content), calls["n"])

    recorder = vcr.VCR(record_mode="all", **C.vcr_settings())
    C.register_matchers(recorder)
    with recorder.use_cassette(str(path)):
        scenario.run(httpx2.Client(transport=httpx2.MockTransport(handler)))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = {"provenance": {**C.PROVENANCE, "scenario": name}, **data}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(C.PROVENANCE_COMMENT + text, encoding="utf-8")
    return path


def main(argv: list[str]) -> None:
    names = argv or list(SCENARIOS)
    for name in names:
        path = generate(name, SCENARIOS[name])
        print(f"{name}: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
