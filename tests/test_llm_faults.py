"""Model and transport faults, replayed from GENERATED cassettes (never re-recorded).

A real endpoint cannot be made to rate-limit, fail, refuse or invent a quote on
demand, so these cassettes are scripted by scripts/generate_cassettes.py and
every test here pins record_mode="none": `--record-mode=rewrite` leaves them be.
A timeout cannot be stored in a cassette at all; that test injects it with a
transport that raises once before handing over to the replayed exchange.
"""

from __future__ import annotations

import json
from typing import Any

import httpx2
import pytest

from figcheck.extractors.llm import LLMExtractor
from figcheck.llm._cassettes import cassette_llm_config
from figcheck.llm.config import LLMConfig
from figcheck.models import Alignment, Article, Extraction

pytestmark = pytest.mark.vcr(record_mode="none")

A0, A3 = "000_e1a4344e77eb0634", "003_a17483f7f873bf1c"
INVENTED = "a further 75 civilians were freed in a second swap"


def _config() -> LLMConfig:
    """Never the environment's endpoint: these cassettes are replayed even while re-recording."""
    return cassette_llm_config(environ={})


def _run(
    article: Article, http_client: httpx2.Client | None = None
) -> tuple[Extraction, list[float]]:
    sleeps: list[float] = []
    extractor = LLMExtractor(_config(), http_client=http_client, sleep=sleeps.append)
    return extractor.extract(article), sleeps


def _errors(result: Extraction) -> list[str]:
    return [p.message for p in result.problems if p.severity == "error"]


def test_altered_quote_grounded_fuzzily(seed_articles: dict[str, Article], vcr: Any) -> None:
    article = seed_articles[A0]
    result, _ = _run(article)

    (azovstal,) = [c for c in result.claims if "Azovstal" in c.quote]
    assert azovstal.quote == "66 defenders of the Azovstal factory"  # the article's words
    assert azovstal.quote == article.text[azovstal.start : azovstal.end]
    assert azovstal.alignment is Alignment.fuzzy
    assert any("66 defenders of Azovstal factory" in n for n in azovstal.notes)
    assert result.usage.reasks == 0 and vcr.play_count == 1


def test_invented_quote_reasked_then_dropped(seed_articles: dict[str, Article], vcr: Any) -> None:
    article = seed_articles[A0]
    result, _ = _run(article)

    assert result.usage.reasks == 2
    assert result.usage.requests == vcr.play_count == 3
    assert result.dropped == 1
    assert all("75" not in c.quote for c in result.claims)
    warnings = [p.message for p in result.problems if p.severity == "warning"]
    assert any(INVENTED in w for w in warnings)
    assert len(result.claims) >= 8  # the grounded claims of the same answers survive
    # the re-ask told the model which quote was wrong
    reask = json.loads(vcr.requests[1].body)
    feedback = " ".join(str(m.get("content") or "") for m in reask["messages"][2:])
    assert INVENTED in feedback and "cannot be found in the article" in feedback


def test_malformed_json_is_reasked(seed_articles: dict[str, Article], vcr: Any) -> None:
    result, _ = _run(seed_articles[A0])

    assert _errors(result) == []
    assert result.usage.reasks == 1
    assert result.usage.requests == vcr.play_count == 2
    assert result.claims


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        pytest.param("length", "cut off (finish_reason=length)", id="length"),
        pytest.param("refusal", "the model refused: I'm sorry", id="refusal"),
    ],
)
def test_answer_faults_become_problems(
    fault: str, reason: str, seed_articles: dict[str, Article], vcr: Any
) -> None:
    result, _ = _run(seed_articles[A0])

    (error,) = _errors(result)
    assert reason in error
    assert result.claims == []
    assert result.usage.requests == vcr.play_count == 1
    assert result.usage.reasks == 0  # not worth re-asking


def test_rate_limit_honours_retry_after(seed_articles: dict[str, Article], vcr: Any) -> None:
    result, sleeps = _run(seed_articles[A0])

    assert sleeps == [3.0]  # the cassette's Retry-After, not the backoff
    assert (result.usage.requests, result.usage.failed_requests) == (2, 1) == (vcr.play_count, 1)
    assert _errors(result) == [] and result.claims


def test_server_errors_retried(seed_articles: dict[str, Article], vcr: Any) -> None:
    result, sleeps = _run(seed_articles[A0])

    assert len(sleeps) == 2
    assert (result.usage.requests, result.usage.failed_requests) == (3, 2)
    assert vcr.play_count == 3
    assert _errors(result) == [] and result.claims


def test_failed_article_does_not_stop_batch(seed_articles: dict[str, Article], vcr: Any) -> None:
    config = _config()
    extractor = LLMExtractor(config, sleep=lambda s: None)
    failed = extractor.extract(seed_articles[A0])
    fine = extractor.extract(seed_articles[A3])

    (error,) = _errors(failed)
    assert "HTTP 503" in error and f"after {config.max_attempts} attempt(s)" in error
    assert failed.claims == [] and failed.problems[0].stage == "extract"
    assert failed.usage.failed_requests == failed.usage.requests == config.max_attempts
    assert _errors(fine) == [] and fine.claims
    total = extractor.ledger.total
    assert total.requests == vcr.play_count == config.max_attempts + 1
    assert total.failed_requests == config.max_attempts


class _TimesOutOnce(httpx2.BaseTransport):
    """Raises a read timeout on the first request, then lets vcrpy replay the cassette."""

    def __init__(self) -> None:
        self.inner = httpx2.HTTPTransport()
        self.timeouts = 0

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if self.timeouts == 0:
            self.timeouts += 1
            raise httpx2.ReadTimeout("simulated read timeout", request=request)
        return self.inner.handle_request(request)


def test_timeout_retried(seed_articles: dict[str, Article], vcr: Any) -> None:
    transport = _TimesOutOnce()
    result, sleeps = _run(seed_articles[A0], httpx2.Client(transport=transport))

    assert transport.timeouts == 1 and len(sleeps) == 1
    assert (result.usage.requests, result.usage.failed_requests) == (2, 1)
    assert vcr.play_count == 1
    assert _errors(result) == [] and result.claims
