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

import contextlib
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
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


def nan_then_gold(body: dict[str, Any], n: int) -> httpx2.Response:
    """The first answer has NaN and Infinity bounds (json.dumps writes them bare); then gold."""
    if n == 1:
        answer = gold_answer(body)
        answer["claims"][0]["low"] = float("nan")
        answer["claims"][1]["high"] = float("inf")
        return _ok(answer, body, n)
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


def gold_any_mode(body: dict[str, Any], n: int) -> httpx2.Response:
    """The gold answer shaped for the request's mode: a tool call, JSON text, or fenced JSON."""
    answer = C.dumps(gold_answer(body))
    usage = {"prompt_tokens": C.approx_tokens(body), "completion_tokens": len(answer) // 4}
    if body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        reply = C.chat_completion(answer, tool_name=name, n=n, model=body["model"], **usage)
    elif body.get("response_format"):
        reply = C.chat_completion(content=answer, n=n, model=body["model"], **usage)
    else:
        fenced = f"```json\n{answer}\n```"
        reply = C.chat_completion(content=fenced, n=n, model=body["model"], **usage)
    return httpx2.Response(200, json=reply)


def provider(name: str) -> Callable[[httpx2.Client], None]:
    """Extract one seed article with the README's example config for `name`."""

    def run(client: httpx2.Client) -> None:
        example = C.provider_examples((ROOT / "README.md").read_text(encoding="utf-8"))[name]
        with tempfile.TemporaryDirectory() as folder:
            config = C.provider_config(name, example, Path(folder), Path(folder) / "user.toml")
            LLMExtractor(config, http_client=client).extract(ARTICLES[A0])

    return run


class FakeBatchProvider:
    """OpenAI's Files and Batches API as far as figcheck uses it, answering lines with `line`.

    A batch completes on its second retrieve (the first says in_progress). Each
    output line is what `line(body, n)` answers for that request, so a batch
    scenario scripts its answers exactly like an online one; a non-200 answer
    goes to the error file, as the provider does. Chat requests (the online
    re-asks) are answered by `online`.
    """

    def __init__(self, line: Responder, online: Responder = gold) -> None:
        self.line, self.online = line, online
        self.files: dict[str, tuple[str, bytes]] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.retrieved: dict[str, int] = {}
        self.calls = 0

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.calls += 1
        method, path = request.method, request.url.path.removeprefix("/v1")
        if method == "POST" and path == "/chat/completions":
            return self.online(json.loads(request.content), self.calls)
        if method == "POST" and path == "/files":
            return httpx2.Response(200, json=self._upload(request))
        if method == "GET" and path == "/files":
            data = [self._file(fid) for fid in self.files]
            return httpx2.Response(200, json={"object": "list", "data": data, "has_more": False})
        if method == "GET" and path.startswith("/files/") and path.endswith("/content"):
            return httpx2.Response(200, content=self.files[path.split("/")[2]][1])
        if method == "POST" and path == "/batches":
            return httpx2.Response(200, json=self._create(json.loads(request.content)))
        if method == "GET" and path == "/batches":
            data = list(self.batches.values())
            return httpx2.Response(200, json={"object": "list", "data": data, "has_more": False})
        if method == "GET" and path.startswith("/batches/"):
            return httpx2.Response(200, json=self._retrieve(path.split("/")[2]))
        return httpx2.Response(404, json=C.api_error(f"no route {method} {path}", "not_found"))

    def _file(self, fid: str) -> dict[str, Any]:
        name, data = self.files[fid]
        return {
            "id": fid,
            "object": "file",
            "bytes": len(data),
            "created_at": 1700000000,
            "filename": name,
            "purpose": "batch",
            "status": "processed",
        }

    def _upload(self, request: httpx2.Request) -> dict[str, Any]:
        boundary = request.headers["content-type"].split("boundary=", 1)[1].encode()
        for part in request.content.split(b"--" + boundary):
            if b'name="file"' in part:
                head, data = part.split(b"\r\n\r\n", 1)
                name = re.search(rb'filename="([^"]+)"', head)
                fid = f"file-generated-{len(self.files) + 1}"
                self.files[fid] = (name.group(1).decode() if name else "upload", data[:-2])
                return self._file(fid)
        raise ValueError("no file part in the upload")

    def _create(self, body: dict[str, Any]) -> dict[str, Any]:
        bid = f"batch_generated_{len(self.batches) + 1}"
        lines = self.files[body["input_file_id"]][1].splitlines()
        self.batches[bid] = {
            "id": bid,
            "object": "batch",
            "endpoint": body["endpoint"],
            "input_file_id": body["input_file_id"],
            "completion_window": body["completion_window"],
            "status": "validating",
            "created_at": 1700000000,
            "metadata": body.get("metadata"),
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
        }
        return self.batches[bid]

    def _retrieve(self, bid: str) -> dict[str, Any]:
        batch = self.batches[bid]
        self.retrieved[bid] = self.retrieved.get(bid, 0) + 1
        if batch["status"] == "completed":
            return batch
        if self.retrieved[bid] == 1:
            batch["status"] = "in_progress"
            return batch
        good, bad, tokens = [], [], [0, 0]
        for n, raw in enumerate(self.files[batch["input_file_id"]][1].splitlines(), start=1):
            request = json.loads(raw)
            answer = self.line(request["body"], n)
            body = answer.json()
            row = {
                "id": f"batch_req_generated_{n}",
                "custom_id": request["custom_id"],
                "response": {
                    "status_code": answer.status_code,
                    "request_id": f"req_generated_{n}",
                    "body": body,
                },
                "error": None,
            }
            (good if answer.status_code == 200 else bad).append(row)
            usage = body.get("usage") or {}
            tokens[0] += usage.get("prompt_tokens", 0)
            tokens[1] += usage.get("completion_tokens", 0)
        for rows, key in ((good, "output_file_id"), (bad, "error_file_id")):
            if rows:
                fid = f"file-generated-{len(self.files) + 1}"
                data = "".join(C.dumps(r) + "\n" for r in rows).encode()
                self.files[fid] = (f"{bid}_{key}.jsonl", data)
                batch[key] = fid
        batch.update(
            status="completed",
            completed_at=1700003600,
            request_counts={
                "total": len(good) + len(bad),
                "completed": len(good),
                "failed": len(bad),
            },
            usage={
                "input_tokens": tokens[0],
                "input_tokens_details": {"cached_tokens": 0},
                "output_tokens": tokens[1],
                "output_tokens_details": {"reasoning_tokens": 0},
                "total_tokens": sum(tokens),
            },
        )
        return batch


def invented_for_a0_failed_for_a3(body: dict[str, Any], n: int) -> httpx2.Response:
    """Batch lines: A0's answer holds an invented quote (re-asked online), A3's line failed."""
    if C.chunk_text(body) in ARTICLES[A3].text:
        return httpx2.Response(500, json=C.api_error("The server had an error", "server_error"))
    return invented(body, n)


def batch_round(*, kill: bool = False) -> Callable[[httpx2.Client], None]:
    """submit -> status -> collect on the seeds in a fresh run dir named `run`.

    `kill` loses the batch id: the first save of a created batch is interrupted,
    and submit is run again (the test does the same; the batch is found, not recreated).
    """

    def run(client: httpx2.Client) -> None:
        import tempfile

        from figcheck import pipeline
        from figcheck.llm import batch

        options = {"config": C.cassette_llm_config({}), "http_client": client}
        articles = [ARTICLES[A0], ARTICLES[A3]]
        with tempfile.TemporaryDirectory() as tmp:
            run_dir = Path(tmp) / "run"
            if kill:
                with kill_when_batch_recorded(batch), contextlib.suppress(KeyboardInterrupt):
                    pipeline.batch_submit(articles, run_dir, **options)
            pipeline.batch_submit(articles, run_dir, **options)
            pipeline.batch_status(run_dir, **options)
            pipeline.batch_collect(run_dir, story_linker=no_links, **options)

    return run


PROVIDERS = ["openai", "azure", "ollama", "vllm", "llamacpp", "lmstudio"]


def batch_cli(client: httpx2.Client) -> None:
    """What `figcheck batch submit/status/collect` send with OPENAI_API_KEY set and --no-cache:
    the same calls as the CLI, with the default story linker (its requests included)."""
    import tempfile

    from figcheck import pipeline
    from figcheck.ingest import scan

    config = C.cassette_llm_config({}, backoff_initial_s=1.0, backoff_max_s=30.0)
    options = {"config": config, "http_client": client}
    articles = scan([ROOT / "evals" / "datasets" / "seeds"]).articles
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        pipeline.batch_submit(articles, run_dir, **options)
        pipeline.batch_status(run_dir, **options)
        pipeline.batch_collect(run_dir, **options)


def no_links(claims: list[Claim]) -> None:
    """A story linker that proposes nothing: the rules' keys stand (no link requests)."""
    return None


@contextlib.contextmanager
def kill_when_batch_recorded(module: Any) -> Iterator[None]:
    """Interrupt the first save_state that records a batch id, as a kill would."""
    original = module.save_state

    def save(run_dir: Path, state: Any) -> None:
        if state.batch_id is not None:
            module.save_state = original
            raise KeyboardInterrupt
        original(run_dir, state)

    module.save_state = save
    try:
        yield
    finally:
        module.save_state = original


@dataclass
class Scenario:
    """One cassette: where it goes, what the test does, how the scripted model answers."""

    cassette: str
    run: Callable[[httpx2.Client], None]
    responder: Responder | FakeBatchProvider
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
    # tests/test_hostile.py: scripted, never re-recorded
    "nan": Scenario(
        "test_hostile/test_non_finite_bounds_from_the_model_are_reasked.yaml",
        extract(A0),
        nan_then_gold,
    ),
    # tests/test_llm_batch.py: a scripted provider (Files + Batches API), generated only
    "batch": Scenario(
        "test_llm_batch/test_submit_status_collect.yaml", batch_round(), FakeBatchProvider(gold)
    ),
    "batch_faults": Scenario(
        "test_llm_batch/test_failed_and_ungrounded_lines_asked_online.yaml",
        batch_round(),
        FakeBatchProvider(invented_for_a0_failed_for_a3),
    ),
    "batch_cli": Scenario(
        "test_llm_batch/test_cli_batch_commands.yaml",
        batch_cli,
        FakeBatchProvider(gold, gold_or_groups),
    ),
    "batch_kill": Scenario(
        "test_llm_batch/test_kill_after_create_repeats_nothing.yaml",
        batch_round(kill=True),
        FakeBatchProvider(gold),
    ),
    # the timeout itself is injected by the test's transport: a cassette cannot hold one
    "timeout": Scenario("test_llm_faults/test_timeout_retried.yaml", extract(A0), gold),
    # tests/test_llm_providers.py: the README's example config for each provider
    **{
        f"provider_{name}": Scenario(
            f"test_llm_providers/test_provider_config[{name}].yaml", provider(name), gold_any_mode
        )
        for name in PROVIDERS
    },
}


def generate(name: str, scenario: Scenario) -> Path:
    path = ROOT / "cassettes" / scenario.cassette
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    calls = {"n": 0}

    def handler(request: httpx2.Request) -> httpx2.Response:
        if isinstance(scenario.responder, FakeBatchProvider):
            return scenario.responder(request)
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
