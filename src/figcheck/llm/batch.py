"""Provider Batch API (OpenAI Files + Batches) for LLM extraction: online requests, in bulk.

Why not a second extraction path: a batch answers exactly the first request
the online extractor would send for each chunk. `submit` captures those
requests from the online code (`LLMExtractor.first_requests`: same prompt,
schema, tool choice and cache key), writes them as the batch input file,
uploads it and creates the batch. `collect` downloads the output and hands
each answer to the online client as the reply to its request
(`LLMClient.answers`), so parsing, grounding, validation and re-asks are the
online code; a line that failed, is missing, or does not ground is re-asked
through the online endpoint.

Everything a later step needs is in the run directory, and every file is
written atomically (temp file, fsync, rename), so a step killed at any point
reruns without losing or repeating work:

    articles.jsonl     the articles as submitted (corpus format: spec fields + text)
    requests.jsonl     the batch input file, one request a line (custom_id = cache key)
    request_map.jsonl  custom_id -> article, chunk, chunks
    batch.json         state: settings, file and batch ids, status, the batch's own usage
    output.jsonl       the batch's answers, downloaded once (errors.jsonl: its failed lines)

A kill between sending an upload (or a batch create) and recording its id
loses only the id: the rerun finds the file by its name, which is derived from
its content, or the batch by its input file, and reuses it (identical requests,
so identical answers, even when another run sent them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel, Field, ValidationError

from figcheck.errors import ConfigError
from figcheck.ingest._atomic import AtomicLines, write_atomic
from figcheck.ingest.corpus import Bad, iter_corpus, write_corpus
from figcheck.llm.cache import schema_hash
from figcheck.llm.config import LLMConfig
from figcheck.llm.schema import ChunkClaims
from figcheck.models import Article, Problem

if TYPE_CHECKING:
    from figcheck.extractors.llm import LLMExtractor

STATE = "batch.json"
ARTICLES = "articles.jsonl"
REQUESTS = "requests.jsonl"
REQUEST_MAP = "request_map.jsonl"
OUTPUT = "output.jsonl"
ERRORS = "errors.jsonl"
ENDPOINT: Final = "/v1/chat/completions"
WINDOW: Final = "24h"
MAX_REQUESTS = 50_000  # OpenAI's limits for one batch input file
MAX_BYTES = 200 * 1024 * 1024
FINISHED = {"completed", "failed", "expired", "cancelled"}  # the batch will not change again
# the settings that shape a request or how its answer is read: collect must use the same
ANSWER_SETTINGS = (
    "model",
    "mode",
    "temperature",
    "chunk_tokens",
    "chunk_overlap_paragraphs",
    "min_score",
    "max_reasks",
)


class BatchUsage(BaseModel):
    """Tokens as the provider's batch object reports them (billed at the batch rate)."""

    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0


class BatchState(BaseModel):
    """batch.json: what was submitted and how far each step got."""

    run: str = Field(description="names the upload: derived from the requests' content")
    created: str
    inputs: list[str] = Field(default_factory=list)
    settings: dict[str, Any]
    prompt: str
    prompt_hash: str
    schema_hash: str
    articles: int = 0
    requests: int = 0
    cached: int = Field(default=0, description="chunks already answered in the cache, not sent")
    requests_sha256: str = ""
    problems: list[Problem] = Field(default_factory=list, description="ingest problems")
    uploading: bool = Field(default=False, description="an upload was sent; its id may be lost")
    input_file_id: str | None = None
    creating: bool = Field(default=False, description="a batch create was sent; its id may be lost")
    batch_id: str | None = None
    status: str | None = None
    output_file_id: str | None = None
    error_file_id: str | None = None
    request_counts: dict[str, int] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list, description="the provider's, if it failed")
    usage: BatchUsage | None = None
    downloaded: bool = False

    @property
    def upload_name(self) -> str:
        return f"figcheck-batch-{self.run}.jsonl"

    @property
    def finished(self) -> bool:
        """Nothing more will come: the batch ended, or every chunk was cached and none was sent."""
        return self.requests == 0 or self.status in FINISHED


def save_state(run_dir: Path, state: BatchState) -> None:
    write_atomic(run_dir / STATE, (state.model_dump_json(indent=1) + "\n").encode("utf-8"))


def load_state(run_dir: Path) -> BatchState:
    """The run's state; a missing or unreadable batch.json says which command to run."""
    path = run_dir / STATE
    if not path.is_file():
        raise ConfigError(
            f"{path}: not found; start a batch with `figcheck batch submit PATH... "
            f"--run-dir {run_dir}`"
        )
    try:
        return BatchState.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        raise ConfigError(f"{path}: not a figcheck batch state ({exc.errors()[0]['msg']})") from exc


def settings_of(config: LLMConfig) -> dict[str, Any]:
    return {name: getattr(config, name) for name in ANSWER_SETTINGS}


def check_settings(state: BatchState, config: LLMConfig, run_dir: Path) -> None:
    """Collect reads answers with the settings they were asked with, or stops and says why."""
    now = settings_of(config)
    differ = [k for k in ANSWER_SETTINGS if state.settings.get(k) != now[k]]
    if differ:
        detail = "; ".join(
            f"{k}: submitted {state.settings.get(k)!r}, now {now[k]!r}" for k in differ
        )
        raise ConfigError(
            f"{run_dir / STATE}: the batch was submitted with other LLM settings ({detail}); "
            "collect with the same --model and figcheck.toml [llm] settings"
        )


def prepare(
    run_dir: Path,
    articles: list[Article],
    extractor: LLMExtractor,
    inputs: Iterable[str],
    problems: Iterable[Problem] = (),
) -> BatchState:
    """Write articles, requests and the request map, and a first batch.json (nothing sent yet).

    Requests are streamed to disk (a line holds the whole schema, ~10 KB). A
    chunk whose answer is already in the response cache is not sent; nor is a
    request asked twice (two identical chunks share one cache key).
    """
    write_corpus(run_dir / ARTICLES, articles)
    requests, index = AtomicLines(run_dir / REQUESTS), AtomicLines(run_dir / REQUEST_MAP)
    seen: set[str] = set()
    cached = 0
    try:
        for article in articles:
            for key, chunk, count, body in extractor.first_requests(article):
                if key in seen:
                    continue
                seen.add(key)
                if extractor.cache.get(key) is not None:
                    cached += 1
                    continue
                requests.write({"custom_id": key, "method": "POST", "url": ENDPOINT, "body": body})
                index.write(
                    {"custom_id": key, "article": article.id, "chunk": chunk.index, "chunks": count}
                )
        if requests.count > MAX_REQUESTS or requests.size > MAX_BYTES:
            raise ConfigError(
                f"{requests.count:,} requests ({requests.size / 1e6:.0f} MB) exceed one batch "
                f"({MAX_REQUESTS:,} requests, {MAX_BYTES / 1e6:.0f} MB); split the articles "
                "across several --run-dir"
            )
    except BaseException:
        requests.discard()
        index.discard()
        raise
    index.commit()
    requests.commit()
    digest = requests.sha256.hexdigest()
    state = BatchState(
        run=digest[:12],
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        inputs=[str(i) for i in inputs],
        settings=settings_of(extractor.config),
        prompt=extractor.prompt.name,
        prompt_hash=extractor.prompt.sha256,
        schema_hash=schema_hash(ChunkClaims),
        articles=len(articles),
        requests=requests.count,
        cached=cached,
        requests_sha256=digest,
        problems=list(problems),
    )
    save_state(run_dir, state)
    return state


def read_articles(run_dir: Path) -> Iterator[Article]:
    """The articles as submitted, one line at a time."""
    for item in iter_corpus(run_dir / ARTICLES):
        if isinstance(item, Bad):
            raise ConfigError(f"{item.message}; the run dir was changed by hand: submit again")
        yield item


def upload(run_dir: Path, state: BatchState, extractor: LLMExtractor) -> BatchState:
    """Upload requests.jsonl for the Batch API (once: a lost file id is found by name)."""
    if state.input_file_id is not None or state.requests == 0:
        return state
    api = extractor.client.openai
    found = _find_upload(extractor, state.upload_name) if state.uploading else None
    if found is None:
        state = state.model_copy(update={"uploading": True})
        save_state(run_dir, state)
        data = (run_dir / REQUESTS).read_bytes()
        if hashlib.sha256(data).hexdigest() != state.requests_sha256:
            raise ConfigError(f"{run_dir / REQUESTS}: changed since it was written; submit again")
        # a boundary fixed by the content keeps the upload byte-identical on a rerun
        boundary = f"figcheck-{state.requests_sha256[:32]}"
        for attempt in extractor.client.retrying():
            with attempt:
                found = api.files.create(
                    file=(state.upload_name, data, "application/jsonl"),
                    purpose="batch",
                    extra_headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
                ).id
    state = state.model_copy(update={"input_file_id": found})
    save_state(run_dir, state)
    return state


def _find_upload(extractor: LLMExtractor, name: str) -> str | None:
    """An upload of this run that a kill kept us from recording."""
    for attempt in extractor.client.retrying():
        with attempt:
            page = extractor.client.openai.files.list(purpose="batch")
    return next((f.id for f in page.data if f.filename == name), None)


def create(run_dir: Path, state: BatchState, extractor: LLMExtractor) -> BatchState:
    """Create the batch for the uploaded file (once: a lost batch id is found by its file)."""
    file_id = state.input_file_id
    if state.batch_id is not None or file_id is None:
        return state
    api = extractor.client.openai
    batch = None
    if state.creating:
        for attempt in extractor.client.retrying():
            with attempt:
                page = api.batches.list(limit=100)
        batch = next((b for b in page.data if b.input_file_id == file_id), None)
    if batch is None:
        state = state.model_copy(update={"creating": True})
        save_state(run_dir, state)
        for attempt in extractor.client.retrying():
            with attempt:
                batch = api.batches.create(
                    input_file_id=file_id,
                    endpoint=ENDPOINT,
                    completion_window=WINDOW,
                    metadata={"figcheck_run": state.run},
                )
    assert batch is not None
    state = _update(state, batch)
    save_state(run_dir, state)
    return state


def _update(state: BatchState, batch: Any) -> BatchState:
    """Copy what the provider says about the batch: ids, status, counts, its own usage."""
    counts = batch.request_counts.model_dump() if batch.request_counts is not None else {}
    usage = (
        BatchUsage(
            input_tokens=batch.usage.input_tokens,
            output_tokens=batch.usage.output_tokens,
            total_tokens=batch.usage.total_tokens,
        )
        if getattr(batch, "usage", None) is not None
        else state.usage
    )
    errors = getattr(batch, "errors", None)
    messages = [f"{e.code or 'error'}: {e.message}" for e in (errors.data or [])] if errors else []
    return state.model_copy(
        update={
            "errors": messages or state.errors,
            "batch_id": batch.id,
            "status": batch.status,
            "output_file_id": batch.output_file_id,
            "error_file_id": batch.error_file_id,
            "request_counts": counts,
            "usage": usage,
        }
    )


def refresh(run_dir: Path, state: BatchState, extractor: LLMExtractor) -> BatchState:
    """Ask the provider how the batch stands (not again once it has finished)."""
    if state.batch_id is None or state.finished:
        return state
    for attempt in extractor.client.retrying():
        with attempt:
            batch = extractor.client.openai.batches.retrieve(state.batch_id)
    state = _update(state, batch)
    save_state(run_dir, state)
    return state


def download(run_dir: Path, state: BatchState, extractor: LLMExtractor) -> BatchState:
    """Fetch the output (and error) file once the batch has finished; never twice."""
    if state.downloaded or not state.finished:
        return state
    for file_id, name in ((state.output_file_id, OUTPUT), (state.error_file_id, ERRORS)):
        if file_id is None or (run_dir / name).is_file():
            continue
        for attempt in extractor.client.retrying():
            with attempt:
                content = extractor.client.openai.files.content(file_id).read()
        write_atomic(run_dir / name, content)
    state = state.model_copy(update={"downloaded": True})
    save_state(run_dir, state)
    return state


class Answers(BaseModel):
    """The batch's replies by custom_id (= cache key), and why the other requests have none."""

    bodies: dict[str, dict[str, Any]] = Field(default_factory=dict)
    failed: dict[str, str] = Field(default_factory=dict)


def answers(run_dir: Path) -> Answers:
    """Successful replies from output.jsonl; every other request is named with its reason."""
    result = Answers()
    for name in (OUTPUT, ERRORS):
        path = run_dir / name
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            for raw in handle:
                if not raw.strip():
                    continue
                try:
                    line = json.loads(raw)
                    custom_id = str(line["custom_id"])
                except (ValueError, KeyError, TypeError):
                    continue  # an unreadable line leaves its request unanswered: asked online
                response = line.get("response") or {}
                body = response.get("body")
                if line.get("error") is None and response.get("status_code") == 200 and body:
                    result.bodies[custom_id] = body
                    continue
                error = line.get("error") or (body or {}).get("error") or {}
                status = response.get("status_code")
                reason = error.get("message") if isinstance(error, dict) else str(error)
                result.failed[custom_id] = f"HTTP {status}: {reason}" if status else str(reason)
    sent = set(request_map(run_dir))
    for custom_id in sent - set(result.bodies) - set(result.failed):
        result.failed[custom_id] = "no answer in the batch output (expired or cancelled?)"
    return result


def request_map(run_dir: Path) -> dict[str, dict[str, Any]]:
    """custom_id -> {article, chunk, chunks}: which chunk each batch line asks about."""
    path = run_dir / REQUEST_MAP
    if not path.is_file():
        return {}
    rows = (json.loads(line) for line in path.read_bytes().split(b"\n") if line.strip())
    return {row["custom_id"]: row for row in rows}
