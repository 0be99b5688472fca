"""Provider Batch API: submit -> status -> collect, replayed from GENERATED cassettes.

The cassettes (cassettes/test_llm_batch/, provenance: generated) hold a scripted
OpenAI Files + Batches provider (scripts/generate_cassettes.py, FakeBatchProvider):
the requests are what figcheck sends, the answers are written from gold claims.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml
from typer.testing import CliRunner

from figcheck import pipeline
from figcheck.cli import app
from figcheck.errors import ConfigError
from figcheck.extractors.llm import PROMPT_NAME, LLMExtractor
from figcheck.llm import batch
from figcheck.llm._cassettes import cassette_llm_config, chat_completion
from figcheck.llm.cache import ResponseCache
from figcheck.llm.client import LLMClient
from figcheck.llm.prompts import load_prompt
from figcheck.llm.schema import ChunkClaims, GroundingContext
from figcheck.models import Alignment, Article, Claim, Usage
from figcheck.report import Report

ROOT = Path(__file__).resolve().parents[1]
A0, A3 = "000_e1a4344e77eb0634", "003_a17483f7f873bf1c"
CASSETTES = ROOT / "cassettes" / "test_llm_batch"


def _options() -> dict[str, Any]:
    return {"config": cassette_llm_config({})}


def _no_links(claims: list[Claim]) -> None:
    """Propose no story groups: the rules' keys stand and no link request is made."""
    return None


def _articles(seed_articles: dict[str, Article]) -> list[Article]:
    return [seed_articles[A0], seed_articles[A3]]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def _canonical(body: Any) -> str:
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


class _AnswersByBody(httpx2.BaseTransport):
    """An online endpoint that answers each request body with the batch's answer to it.

    A plain BaseTransport: vcrpy patches the stock transports only, so this one is not replayed.
    """

    def __init__(self, run_dir: Path) -> None:
        outputs = {
            row["custom_id"]: row["response"]["body"] for row in _jsonl(run_dir / "output.jsonl")
        }
        self.by_body = {
            _canonical(line["body"]): outputs[line["custom_id"]]
            for line in _jsonl(run_dir / "requests.jsonl")
        }
        self.asked = 0

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.asked += 1
        body = self.by_body[_canonical(json.loads(request.read()))]  # KeyError: not a batch line
        return httpx2.Response(200, json=body)


def test_a_batch_line_is_the_online_request(seed_articles: dict[str, Article]) -> None:
    """Same prompt, schema and tool choice: the body equals what the online path sent."""
    extractor = LLMExtractor(cassette_llm_config())
    [(key, chunk, count, body)] = list(extractor.first_requests(seed_articles[A0]))
    online = yaml.safe_load(
        (ROOT / "cassettes" / "test_llm_extract" / f"test_seed_extraction[{A0}].yaml").read_text(
            encoding="utf-8"
        )
    )["interactions"][0]["request"]["body"]

    assert (chunk.index, count) == (1, 1)
    assert json.loads(json.dumps(body)) == json.loads(online)
    messages = body["messages"]
    assert key == extractor.client.request_key(extractor.prompt, messages, ChunkClaims, "extract")


@pytest.mark.vcr
def test_submit_status_collect(
    tmp_path: Path, seed_articles: dict[str, Article], exchanges: Any
) -> None:
    run = tmp_path / "run"
    articles = _articles(seed_articles)

    state = pipeline.batch_submit(articles, run, **_options())
    assert (state.batch_id, state.input_file_id) == ("batch_generated_1", "file-generated-1")
    assert exchanges() == 2  # upload, create
    lines = _jsonl(run / "requests.jsonl")
    assert len(lines) == state.requests == 2
    assert {ln["url"] for ln in lines} == {"/v1/chat/completions"}
    assert {r["article"] for r in batch.request_map(run).values()} == {A0, A3}
    assert batch.load_state(run) == state  # recorded on disk, read back the same

    assert pipeline.batch_status(run, **_options()).status == "in_progress"
    report = pipeline.batch_collect(run, story_linker=_no_links, **_options())

    assert isinstance(report, Report)
    done = batch.load_state(run)
    assert done.status == "completed" and done.downloaded
    assert exchanges() == 5  # + retrieve, retrieve, output download; no chat request
    assert report.usage.requests == report.usage.batch_requests == 2
    assert done.usage is not None
    assert report.usage.prompt_tokens == done.usage.input_tokens > 0  # the batch's own usage
    assert report.usage.completion_tokens == done.usage.output_tokens > 0
    assert [p for p in report.problems if p.severity == "error"] == []
    assert {c.article for c in report.claims} == {A0, A3}
    texts = {a.id: a.text for a in articles}
    for claim in report.claims:
        assert claim.quote == texts[claim.article][claim.start : claim.end]
        assert claim.alignment is not Alignment.ungrounded
    assert "answered by a provider batch" in report.to_markdown()

    # the online path, given the same answers, ends with the same claims and findings
    transport = _AnswersByBody(run)
    online = pipeline.check(
        articles,
        extractor=LLMExtractor(
            cassette_llm_config(), http_client=httpx2.Client(transport=transport)
        ),
        story_linker=_no_links,
    )
    assert transport.asked == 2
    assert [c.model_dump() for c in report.claims] == [c.model_dump() for c in online.claims]
    assert [f.model_dump() for f in report.findings] == [f.model_dump() for f in online.findings]


@pytest.mark.vcr
def test_failed_and_ungrounded_lines_asked_online(
    tmp_path: Path, seed_articles: dict[str, Article], exchanges: Any
) -> None:
    """A0's batch answer invents a quote (re-asked online); A3's line failed (asked online)."""
    run = tmp_path / "run"
    pipeline.batch_submit(_articles(seed_articles), run, **_options())
    pipeline.batch_status(run, **_options())
    report = pipeline.batch_collect(run, story_linker=_no_links, **_options())

    assert isinstance(report, Report)
    assert report.usage.batch_requests == 1
    assert report.usage.reasks == 1
    assert report.usage.requests == 3  # A0: batch + one online re-ask; A3: online
    assert exchanges() == 8  # upload, create, 2 retrieves, output + error files, 2 chats
    assert {c.article for c in report.claims} == {A0, A3}
    assert all("a further 75 civilians" not in c.quote for c in report.claims)
    warned = [p for p in report.problems if p.severity == "warning" and p.article == A3]
    assert any("HTTP 500" in p.message and "online" in p.message for p in warned)
    assert [p for p in report.problems if p.severity == "error"] == []


@pytest.mark.vcr
def test_kill_after_create_repeats_nothing(
    tmp_path: Path,
    seed_articles: dict[str, Article],
    exchanges: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Kills at the worst moments: after the batch is created but before its id is saved,
    between submit and collect (a torn temp file left behind), and in the middle of collect."""
    run = tmp_path / "run"
    articles = _articles(seed_articles)
    save = batch.save_state

    def killed_once(run_dir: Path, state: batch.BatchState) -> None:
        if state.batch_id is not None:
            monkeypatch.setattr(batch, "save_state", save)
            raise KeyboardInterrupt  # the process dies here
        save(run_dir, state)

    monkeypatch.setattr(batch, "save_state", killed_once)
    with pytest.raises(KeyboardInterrupt):
        pipeline.batch_submit(articles, run, **_options())
    lost = batch.load_state(run)
    assert lost.creating and lost.batch_id is None and lost.input_file_id == "file-generated-1"

    # rerun: the upload is not repeated, and the batch is found by its input file, not recreated
    state = pipeline.batch_submit(articles, run, **_options())
    assert state.batch_id == "batch_generated_1"
    assert exchanges() == 3  # upload, create, list: a second upload or create has no cassette

    # a kill between submit and collect: a new process, a half-written temp file beside state
    (run / ".batch.json.killed.tmp").write_text('{"run": "torn', encoding="utf-8")
    pipeline.batch_status(run, **_options())
    first = pipeline.batch_collect(run, story_linker=_no_links, **_options())
    assert isinstance(first, Report) and first.claims
    played = exchanges()

    # a kill in the middle of collect: the last extraction record is torn
    records = run / "extract" / "extractions.jsonl"
    data = records.read_bytes()
    records.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 1] + data[:40])
    again = pipeline.batch_collect(run, story_linker=_no_links, **_options())
    assert isinstance(again, Report)
    assert exchanges() == played  # nothing downloaded or asked again
    assert [c.model_dump() for c in again.claims] == [c.model_dump() for c in first.claims]
    assert again.usage.batch_requests == first.usage.batch_requests == 2


@pytest.mark.vcr
def test_cli_batch_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchanges: Any
) -> None:
    """The three commands end to end on the seed dataset, story-level linking included."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-cassette-replay")
    for name in ("OPENAI_BASE_URL", "FIGCHECK_MODEL", "FIGCHECK_MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"COLUMNS": "300"})
    seeds = str(ROOT / "evals" / "datasets" / "seeds")
    run = tmp_path / "run"

    submitted = runner.invoke(app, ["batch", "submit", seeds, "--run-dir", str(run), "--no-cache"])
    assert submitted.exit_code == 0, submitted.output
    assert "batch_generated_1" in submitted.output
    status = runner.invoke(app, ["batch", "status", str(run)])
    assert status.exit_code == 0 and "in_progress" in status.output, status.output
    out = tmp_path / "report.json"
    collected = runner.invoke(
        app, ["batch", "collect", str(run), "--no-cache", "--json", str(out), "--fail-on", "never"]
    )
    assert collected.exit_code == 0, collected.output
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["usage"]["batch_requests"] == 2 and payload["claims"]
    assert "sk-cassette-replay" not in (run / "batch.json").read_text(encoding="utf-8")


def test_collect_before_submit_says_what_to_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["batch", "collect", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "figcheck batch submit" in result.output


def test_generated_cassettes_say_so() -> None:
    for path in CASSETTES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["provenance"]["generated"] is True, path
        assert "Bearer" not in path.read_text(encoding="utf-8"), path


def _completion(arguments: str, finish_reason: str = "stop") -> dict[str, Any]:
    return chat_completion(arguments, finish_reason=finish_reason, prompt_tokens=10, n=1)


@pytest.mark.parametrize(
    ("batch_answer", "online_asked"),
    [
        (_completion('{"claims": []}'), 0),  # a usable answer: nothing sent
        (_completion('{"claims": [', finish_reason="length"), 1),  # cut off: asked afresh
    ],
)
def test_a_batch_answer_replaces_the_first_request_only(
    batch_answer: dict[str, Any], online_asked: int
) -> None:
    sent: list[dict[str, Any]] = []

    def online(request: httpx2.Request) -> httpx2.Response:
        sent.append(json.loads(request.content))
        return httpx2.Response(200, json=_completion('{"claims": []}'))

    config = cassette_llm_config({})
    client = LLMClient(config, http_client=httpx2.Client(transport=httpx2.MockTransport(online)))
    prompt = load_prompt(PROMPT_NAME)
    messages = [{"role": "user", "content": "Nothing to count here."}]
    context = GroundingContext(text="Nothing to count here.")
    key = client.request_key(prompt, messages, ChunkClaims, "extract")
    client.answers = {key: batch_answer}
    usage = Usage()

    answer = client.structured_cached(
        ResponseCache(None), prompt, messages, ChunkClaims, usage, kind="extract", context=context
    )

    assert answer.claims == []
    assert len(sent) == online_asked
    assert (usage.requests, usage.batch_requests) == (1 + online_asked, 1)
    if sent:  # the fresh online request is the one the batch line held
        assert sent[0] == json.loads(json.dumps(client.prepare(messages, ChunkClaims, context)))


def test_cached_chunks_are_not_sent(tmp_path: Path, seed_articles: dict[str, Article]) -> None:
    config = cassette_llm_config({}, cache=True, cache_dir=tmp_path / "cache")
    extractor = LLMExtractor(config)
    [(key, *_)] = list(extractor.first_requests(seed_articles[A0]))
    extractor.cache.put(key, {"answer": {"claims": []}})

    state = batch.prepare(tmp_path / "run", _articles(seed_articles), extractor, ["seeds"])

    assert (state.requests, state.cached, state.articles) == (1, 1, 2)
    [line] = _jsonl(tmp_path / "run" / "requests.jsonl")
    assert line["custom_id"] != key
    assert [a.id for a in batch.read_articles(tmp_path / "run")] == [A0, A3]
    assert not list((tmp_path / "run").glob(".*.tmp"))  # every file renamed into place


def test_collect_refuses_other_settings_and_submit_other_inputs(
    tmp_path: Path, seed_articles: dict[str, Article]
) -> None:
    run = tmp_path / "run"
    batch.prepare(run, _articles(seed_articles), LLMExtractor(cassette_llm_config({})), [A0, A3])

    with pytest.raises(ConfigError, match="model: submitted 'gpt-4o-mini', now 'gpt-other'"):
        pipeline.batch_collect(run, config=cassette_llm_config({}, model="gpt-other"))
    with pytest.raises(ConfigError, match="holds a batch of other inputs"):
        pipeline.batch_submit([seed_articles[A0]], run, **_options())


def test_a_failed_batch_is_named_and_its_requests_asked_online(
    tmp_path: Path, seed_articles: dict[str, Article]
) -> None:
    """The provider rejects the whole batch: collect says why and asks every chunk online."""
    run = tmp_path / "run"
    calls: list[str] = []

    def provider(request: httpx2.Request) -> httpx2.Response:
        calls.append(f"{request.method} {request.url.path}")
        if request.url.path.endswith("/chat/completions"):
            return httpx2.Response(200, json=_completion('{"claims": []}'))
        return httpx2.Response(
            200,
            json={
                "id": "batch_x",
                "object": "batch",
                "endpoint": "/v1/chat/completions",
                "input_file_id": "file-x",
                "completion_window": "24h",
                "status": "failed",
                "created_at": 1700000000,
                "errors": {
                    "object": "list",
                    "data": [{"code": "invalid_model", "message": "no such model", "line": 1}],
                },
            },
        )

    options = {**_options(), "http_client": httpx2.Client(transport=httpx2.MockTransport(provider))}
    extractor = LLMExtractor(options["config"])
    state = batch.prepare(run, _articles(seed_articles), extractor, [A0, A3])
    batch.save_state(
        run, state.model_copy(update={"input_file_id": "file-x", "batch_id": "batch_x"})
    )

    report = pipeline.batch_collect(run, story_linker=_no_links, **options)

    assert isinstance(report, Report)
    assert batch.load_state(run).errors == ["invalid_model: no such model"]
    assert calls.count("GET /v1/batches/batch_x") == 1
    assert calls.count("POST /v1/chat/completions") == 2  # both chunks, online
    assert (report.usage.requests, report.usage.batch_requests) == (2, 0)
    first = report.problems[0]
    assert "the batch ended failed (invalid_model: no such model)" in first.message
    assert sum("asked through the online endpoint" in p.message for p in report.problems) == 2


def test_collected_answers_fill_the_online_cache(
    tmp_path: Path, seed_articles: dict[str, Article]
) -> None:
    """custom_id is the online cache key: after collect, the online path asks nothing."""
    run = tmp_path / "run"
    config = cassette_llm_config({}, cache=True, cache_dir=tmp_path / "cache")
    extractor = LLMExtractor(config)
    state = batch.prepare(run, _articles(seed_articles), extractor, [A0, A3])
    batch.save_state(run, state.model_copy(update={"input_file_id": "file-x", "batch_id": "b"}))
    output = b"".join(
        json.dumps(
            {
                "custom_id": line["custom_id"],
                "response": {"status_code": 200, "body": _completion('{"claims": []}')},
                "error": None,
            }
        ).encode()
        + b"\n"
        for line in _jsonl(run / "requests.jsonl")
    )

    def provider(request: httpx2.Request) -> httpx2.Response:
        if request.url.path == "/v1/files/file-out/content":
            return httpx2.Response(200, content=output)
        assert request.url.path == "/v1/batches/b", request.url.path
        done = {"status": "completed", "output_file_id": "file-out", "created_at": 0}
        return httpx2.Response(
            200,
            json={
                "id": "b",
                "object": "batch",
                "endpoint": "/v1/chat/completions",
                "input_file_id": "file-x",
                "completion_window": "24h",
                **done,
            },
        )

    client = httpx2.Client(transport=httpx2.MockTransport(provider))
    report = pipeline.batch_collect(run, story_linker=_no_links, config=config, http_client=client)
    assert isinstance(report, Report) and report.usage.batch_requests == 2

    def nothing_online(request: httpx2.Request) -> httpx2.Response:
        raise AssertionError(f"the online path asked {request.url}")

    online = LLMExtractor(
        config, http_client=httpx2.Client(transport=httpx2.MockTransport(nothing_online))
    )
    for article in _articles(seed_articles):
        result = online.extract(article)
        assert (result.usage.requests, result.usage.cache_hits) == (0, 1)


def test_all_chunks_cached_means_nothing_to_send_or_wait_for(
    tmp_path: Path, seed_articles: dict[str, Article]
) -> None:
    config = cassette_llm_config({}, cache=True, cache_dir=tmp_path / "cache")
    extractor = LLMExtractor(config)
    for article in _articles(seed_articles):
        for key, *_ in extractor.first_requests(article):
            extractor.cache.put(key, {"answer": {"claims": []}})

    def nothing(request: httpx2.Request) -> httpx2.Response:
        raise AssertionError(f"asked {request.url}")

    client = httpx2.Client(transport=httpx2.MockTransport(nothing))
    run = tmp_path / "run"
    state = pipeline.batch_submit(_articles(seed_articles), run, config=config, http_client=client)
    assert (state.requests, state.cached, state.batch_id) == (0, 2, None)
    report = pipeline.batch_collect(run, story_linker=_no_links, config=config, http_client=client)
    assert isinstance(report, Report)
    assert (report.usage.requests, report.usage.cache_hits) == (0, 2)
    assert not [p for p in report.problems if "batch ended" in p.message]
