"""LLM extractor: prompt -> structured claims -> grounded by align() -> checked by the normaliser.

Offsets always come from `figcheck.align`, never from the model. A quote that
cannot be placed is re-asked (instructor, with the validator's error naming the
bad quotes); if it still cannot be placed it is dropped, counted in
`Extraction.dropped` and listed as a warning. A transport failure after
tenacity's retries ends the article with an error Problem and no claims; the
batch goes on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from figcheck.errors import ConfigError
from figcheck.extractors.budget import Deadline
from figcheck.llm._reading import model_reading
from figcheck.llm._reconcile import reconcile
from figcheck.llm.cache import ResponseCache
from figcheck.llm.chunking import Chunk, split_text
from figcheck.llm.config import LLMConfig, load_config
from figcheck.llm.prompts import load_prompt
from figcheck.llm.schema import ChunkClaims, ExtractedClaim, GroundingContext
from figcheck.llm.usage import Ledger
from figcheck.models import Alignment, Article, Claim, Extraction, Problem, Usage
from figcheck.normalise.figures import FIGURE_ROLES, find_figures

if TYPE_CHECKING:  # openai and instructor load only when an LLM is really used (~1.5 s)
    import httpx2

PROMPT_NAME = "extract_claims.v2"
KIND = "extract"  # the cache-key kind of extraction requests
NO_ENDPOINT = (
    "the LLM extractor needs an endpoint: set OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL for "
    "an OpenAI-compatible server (e.g. http://localhost:11434/v1 for Ollama, with "
    "FIGCHECK_MODE=json), or put base_url in the [llm] table of ./figcheck.toml or of your "
    "user figcheck.toml (`figcheck config` shows where); "
    "or use --extractor rules"
)


# Text that could close the prompt's <article> block early is escaped: an article never
# speaks outside its data block. Metadata is flattened to one short line for the same reason.
_ARTICLE_TAG = re.compile(r"</?\s*article\b", re.IGNORECASE)


def _one_line(value: str | None, limit: int = 300) -> str | None:
    return None if value is None else " ".join(value.split())[:limit]


class LLMExtractor:
    """Extracts grounded claims with one structured LLM call per chunk (cached)."""

    name = "llm"

    def __init__(
        self,
        config: LLMConfig,
        http_client: httpx2.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.model = config.model
        from figcheck.llm.client import LLMClient

        self.client = LLMClient(config, http_client=http_client, sleep=sleep)
        self.prompt = load_prompt(PROMPT_NAME)
        self.cache = ResponseCache.from_config(config)
        self.ledger = Ledger()

    def __repr__(self) -> str:
        return f"LLMExtractor(model={self.model!r}, prompt={self.prompt.name!r})"

    def set_deadline(self, deadline: Deadline | None) -> None:
        """The run's deadline: requests are cut at it and not retried past it."""
        self.client.deadline = deadline

    def _messages(self, article: Article, chunk: Chunk, count: int) -> list[dict[str, str]]:
        return self.prompt.render(
            outlet=_one_line(article.outlet),
            published=article.published.isoformat() if article.published else None,
            title=_one_line(article.title),
            text=_ARTICLE_TAG.sub(lambda m: "&lt;" + m.group(0)[1:], chunk.text),
            chunk_index=chunk.index,
            chunk_count=count,
        )

    def _chunks(self, article: Article) -> list[Chunk]:
        return split_text(
            article.text, self.config.chunk_tokens, self.config.chunk_overlap_paragraphs
        )

    def _ask(self, article: Article, chunk: Chunk, count: int, usage: Usage) -> ChunkClaims:
        messages = self._messages(article, chunk, count)
        context = GroundingContext(text=chunk.text, min_score=self.config.min_score)
        return self.client.structured_cached(
            self.cache, self.prompt, messages, ChunkClaims, usage, kind=KIND, context=context
        )

    def first_requests(self, article: Article) -> Iterator[tuple[str, Chunk, int, dict[str, Any]]]:
        """(cache key, chunk, chunk count, request body) of each chunk's first request, exactly
        as `extract` would send it: what a provider batch answers ahead of time."""
        chunks = self._chunks(article)
        for chunk in chunks:
            messages = self._messages(article, chunk, len(chunks))
            context = GroundingContext(text=chunk.text, min_score=self.config.min_score)
            key = self.client.request_key(self.prompt, messages, ChunkClaims, KIND)
            yield key, chunk, len(chunks), self.client.prepare(messages, ChunkClaims, context)

    def _claim(self, article: Article, item: ExtractedClaim, start: int, end: int, n: int) -> Claim:
        quote = article.text[start:end]
        chosen = reconcile(item, quote)
        notes = list(chosen.notes)
        if item.span.alignment is Alignment.fuzzy:
            notes.append(
                f"quote grounded fuzzily (score {item.span.score:.0f}); "
                f"the model wrote {item.quote!r}"
            )
        return Claim(
            id=f"{article.id}-L{n}",
            article=article.id,
            start=start,
            end=end,
            quote=quote,
            low=chosen.low,
            high=chosen.high,
            low_open=chosen.low_open,
            high_open=chosen.high_open,
            qualifier=chosen.qualifier,
            measure=item.measure,
            key=item.key,
            scope=item.scope,
            as_of=item.as_of,
            since=item.since,
            source=item.source,
            value=chosen.value,
            unit=chosen.unit,
            figure_text=item.figure,
            alignment=item.span.alignment,
            extractor=self.name,
            notes=notes,
            reading=model_reading(item),
        )

    def extract(self, article: Article) -> Extraction:
        """Claims of one article; failures become Problems on the Extraction, never exceptions."""
        result = Extraction(
            article=article.id,
            extractor=self.name,
            model=self.config.model,
            prompt=self.prompt.name,
            prompt_hash=self.prompt.sha256,
        )
        chunks = self._chunks(article)
        seen: set[tuple[int, int]] = set()

        def problem(message: str, severity: str) -> Problem:
            return Problem(
                severity=severity,
                stage="extract",
                message=message,
                article=article.id,
                path=article.path,
            )

        for chunk in chunks:
            before = result.usage.model_copy()
            try:
                answer = self._ask(article, chunk, len(chunks), result.usage)
            except Exception as exc:  # every failure is reported; the batch goes on
                from figcheck.llm._failures import describe

                failure = describe(
                    exc,
                    attempts=result.usage.requests - before.requests,
                    reasks=result.usage.reasks - before.reasks,
                    endpoint=f"the LLM endpoint {self.config.base_url or 'api.openai.com'}",
                )
                where = f"chunk {chunk.index}/{len(chunks)}: " if len(chunks) > 1 else ""
                result.problems.append(problem(where + failure.reason, "error"))
                if failure.fatal:
                    result.claims = []
                    break
                continue
            for item in answer.claims:
                if not item.span.grounded:
                    result.dropped += 1
                    result.problems.append(
                        problem(
                            f"dropped a claim whose quote is not in the article after "
                            f"{self.config.max_reasks} re-ask(s): {item.quote!r}",
                            "warning",
                        )
                    )
                    continue
                start, end = chunk.start + item.span.start, chunk.start + item.span.end
                if (start, end) in seen:
                    continue  # the same span from an overlapping chunk
                seen.add((start, end))
                result.claims.append(self._claim(article, item, start, end, len(result.claims) + 1))
        result.claims = sorted(_tightened(result.claims, article), key=lambda c: (c.start, c.end))
        self.ledger.add(article.id, result.usage)
        return result


# what joins a figure to a second one that states something else: a conversion in
# brackets ("72 km (45 miles)"), a level after a change ("rose 0.3 points to 3.7%")
_RUNS_ON = re.compile(r"\s*[(\[]\s*|\s+to\s+")


def _tightened(claims: list[Claim], article: Article) -> list[Claim]:
    """Quotes cut short where they run on into a second figure.

    The spec's span is the smallest one holding the figure and what it counts;
    a model's quote sometimes runs on over another figure ("72 km (45 miles)
    southwest of Marrakech", "rose 1.46% to 3,789.99"), and then one span holds
    two figures and a reader (or the scorer) cannot tell which it states. Only
    a conversion in brackets or a level after "to" is cut off: in "41 of the
    69 bodies" the whole names what the part counts, and it stays. The cut
    stays on the article text, so quote == text[start:end] still holds.
    """
    out: list[Claim] = []
    for claim in claims:
        figure = claim.figure_text or ""
        own = claim.quote.find(figure) if figure else -1
        if own < 0:
            out.append(claim)
            continue
        after = own + len(figure)
        runs_on = any(
            m.start >= after
            and m.role in FIGURE_ROLES
            and _RUNS_ON.fullmatch(claim.quote, after, m.start)
            for m in find_figures(claim.quote)
        )
        if runs_on:  # cut at the end of its own figure
            end = claim.start + after
            claim = claim.model_copy(
                update={
                    "end": end,
                    "quote": article.text[claim.start : end],
                    "notes": [*claim.notes, f"quote cut before a second figure: {claim.quote!r}"],
                }
            )
        out.append(claim)
    return out


def make_llm_extractor(required: bool = False, **options: Any) -> LLMExtractor | None:
    """The LLM extractor, or None when no endpoint is configured and the caller can fall back."""
    config = options.get("config")
    if not isinstance(config, LLMConfig):
        fields = {k: v for k, v in options.items() if k in LLMConfig.model_fields and k != "source"}
        config = load_config(
            cwd=options.get("cwd"),
            environ=options.get("environ"),
            trust_project=bool(options.get("trust_project")),
            **fields,
        )
    if not config.has_endpoint:
        if required:
            raise ConfigError(NO_ENDPOINT)
        return None
    return LLMExtractor(
        config, http_client=options.get("http_client"), sleep=options.get("sleep", time.sleep)
    )
