"""LLM extraction replayed from cassettes, end to end: article -> claims -> findings -> report.

These cassettes are generated (see cassettes/README.md) but the tests assert
only what must hold for any competent model, so they also pass after
re-recording against a real endpoint with `--record-mode=rewrite`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from figcheck.evaluate._matching import match_claims
from figcheck.extractors.llm import PROMPT_NAME, LLMExtractor
from figcheck.llm._cassettes import CASSETTE_MODEL, cassette_llm_config
from figcheck.llm.linker import StoryLinker
from figcheck.models import Alignment, Article, Claim, Links
from figcheck.read import read_all

ROOT = Path(__file__).resolve().parents[1]
SEED_IDS = ["000_e1a4344e77eb0634", "003_a17483f7f873bf1c"]
MIN_RECALL = 0.6  # a real model misses some vague figures; the generated answers score 1.0


def _recall(claims: list[Claim], gold: list[Claim], article: Article) -> float:
    mine = [g for g in gold if g.article == article.id]
    pairs = match_claims(claims, mine, {article.id: article.text})
    return len(pairs) / len(mine)


@pytest.mark.vcr
@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_extraction(
    article_id: str, seed_articles: dict[str, Article], seed_gold: list[Claim], exchanges: Any
) -> None:
    article = seed_articles[article_id]
    result = LLMExtractor(cassette_llm_config()).extract(article)

    assert [p for p in result.problems if p.severity == "error"] == []
    assert result.extractor == "llm" and result.model == CASSETTE_MODEL
    template = (ROOT / "prompts" / f"{PROMPT_NAME}.md").read_bytes()
    assert result.prompt == PROMPT_NAME
    assert result.prompt_hash == hashlib.sha256(template).hexdigest()
    for claim in result.claims:
        assert claim.quote == article.text[claim.start : claim.end]
        assert claim.alignment is not Alignment.ungrounded
        assert claim.extractor == "llm"
    assert _recall(result.claims, seed_gold, article) >= MIN_RECALL
    assert result.usage.requests == exchanges() >= 1
    assert result.usage.prompt_tokens > 0


@pytest.mark.vcr
def test_cache_second_run(
    tmp_path: Path, seed_articles: dict[str, Article], exchanges: Any
) -> None:
    article = seed_articles["000_e1a4344e77eb0634"]
    config = cassette_llm_config(cache=True, cache_dir=tmp_path / "cache")

    first = LLMExtractor(config).extract(article)
    played = exchanges()
    second = LLMExtractor(config).extract(article)

    assert played == first.usage.requests >= 1
    assert exchanges() == played, "the second run reached HTTP"
    assert second.usage.requests == 0
    assert second.usage.cache_hits == 1
    assert [c.model_dump() for c in second.claims] == [c.model_dump() for c in first.claims]


@pytest.mark.vcr
def test_long_article_chunks(seed_articles: dict[str, Article], exchanges: Any) -> None:
    article = seed_articles["003_a17483f7f873bf1c"]
    result = LLMExtractor(cassette_llm_config(chunk_tokens=300)).extract(article)

    assert exchanges() == result.usage.requests > 1  # one request per chunk
    spans = [(c.start, c.end) for c in result.claims]
    assert len(spans) == len(set(spans)), "overlap duplicates were not merged"
    assert spans == sorted(spans)
    for claim in result.claims:
        assert claim.quote == article.text[claim.start : claim.end]


@pytest.mark.vcr
def test_check_end_to_end(seed_articles: dict[str, Article], exchanges: Any) -> None:
    from figcheck.pipeline import check

    articles = [seed_articles[i] for i in SEED_IDS]
    extractor = LLMExtractor(cassette_llm_config())
    linker = StoryLinker(cassette_llm_config())
    report = check(articles, extractor=extractor, story_linker=linker)

    assert report.extractor == "llm" and report.model == CASSETTE_MODEL
    # one request per article (plus any re-asks), and one for the story
    assert report.usage.requests + linker.usage.requests == exchanges() >= 3
    assert linker.usage.requests == 1 and linker.failures == 0
    assert all(c.reading is not None and c.reading.reader == "llm+rules" for c in report.claims)
    assert {c.article for c in report.claims} == set(SEED_IDS)
    assert all(c.key for c in report.claims), "linking left a claim without a key"
    assert report.findings, "no cross-check findings from two articles about one swap"
    claim_ids = {c.id for c in report.claims}
    assert all(set(f.claims) <= claim_ids for f in report.findings)


@pytest.mark.vcr
def test_story_linker(
    seed_gold: list[Claim], seed_articles: dict[str, Article], exchanges: Any
) -> None:
    """One request for the story; every id it returns is one the story holds."""
    story = read_all(
        [g for g in seed_gold if g.article == SEED_IDS[0]], [seed_articles[SEED_IDS[0]]]
    )
    linker = StoryLinker(cassette_llm_config())

    answer = linker(story)

    assert isinstance(answer, Links) and answer.groups
    assert {i for group in answer.groups for i in group} <= {c.id for c in story}
    assert linker.usage.requests == exchanges() == 1
    assert linker.failures == 0


def test_a_quote_running_on_into_a_second_figure_is_cut() -> None:
    """A conversion in brackets or a level after "to" is another figure: the span stops
    at the claim's own; a partitive's whole names what the part counts and stays."""
    from figcheck.extractors.llm import _tightened
    from figcheck.models import Article, Claim, Qualifier

    text = (
        "The epicentre was 72 km (45 miles) southwest of Marrakech. Unemployment rose "
        "0.3 percentage points to 3.8%. Officials identified 41 of the 69 bodies."
    )
    article = Article(id="a", text=text)

    def claim(quote: str, figure: str) -> Claim:
        start = text.index(quote)
        return Claim(
            id=f"a-{start}",
            article="a",
            start=start,
            end=start + len(quote),
            quote=quote,
            low=None,
            high=None,
            qualifier=Qualifier.exact,
            measure="",
            figure_text=figure,
        )

    out = _tightened(
        [
            claim("72 km (45 miles) southwest of Marrakech", "72 km"),
            claim("rose 0.3 percentage points to 3.8%", "0.3 percentage points"),
            claim("41 of the 69 bodies", "41"),
        ],
        article,
    )
    assert [c.quote for c in out] == ["72 km", "rose 0.3 percentage points", "41 of the 69 bodies"]
    assert all(text[c.start : c.end] == c.quote for c in out)
    assert "cut before a second figure" in out[0].notes[-1]
