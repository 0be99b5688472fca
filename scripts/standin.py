"""Measure figcheck's LLM path with a strong-model stand-in (no endpoint reachable here).

A helper acts as the model: it reads each request figcheck sends (the chat
messages only, never the gold labels) and writes the answer a strong model
would give. This script is the OpenAI-compatible stub between them:

    python scripts/standin.py collect news-dev   # run; unanswered requests are written out
    # ... the stand-in answers evals/standin/news-dev/requests/*.json into answers/ ...
    python scripts/standin.py collect news-dev   # again: story-linking requests follow
    python scripts/standin.py eval news-dev      # score the LLM path on the stored answers
    python scripts/standin.py extract-only news-dev  # model readings, rules linking only
    python scripts/standin.py inject news-dev    # error injection on the stored answers

Stored answers are labelled "strong-model stand-in" (`provenance.json`), never
"recorded": they are what a careful reader wrote for each request, not model
output. Requests are keyed by the sha256 of their messages, so a prompt change
makes the old answers unused (and the next collect asks again).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import httpx2

from figcheck.evaluate import evaluate
from figcheck.extractors.llm import LLMExtractor
from figcheck.llm import _cassettes as C

ROOT = Path(__file__).resolve().parents[1]
STANDIN = ROOT / "evals" / "standin"
PROVENANCE = {
    "kind": "strong-model stand-in",
    "note": "answers written by a helper acting as the model from each request's messages "
    "alone, blind to gold labels; NOT recorded model output",
    "by": "scripts/standin.py",
}


def request_key(body: dict[str, Any]) -> str:
    """Extraction requests by their messages; story requests by their prompt and claim ids.

    A story request lists claims with figcheck's own readings. Keying it by the
    claim ids (stable: they come from the stored extraction answers) keeps an
    answer in use when the rules reader improves, which is what the stand-in
    should measure: the same model answer, read by today's code.
    """
    messages = body.get("messages", [])
    tool = body.get("tools", [{}])[0].get("function", {}).get("name", "")
    if tool == "Links" and len(messages) == 2:
        ids = re.findall(r"^- id: (\S+)", messages[1]["content"], flags=re.MULTILINE)
        stable = json.dumps([messages[0]["content"], ids], ensure_ascii=False)
        return "story-" + hashlib.sha256(stable.encode("utf-8")).hexdigest()[:20]
    text = json.dumps(messages, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _pending(folder: Path, tool: str) -> bool:
    return any(
        not (folder / "answers" / path.name).exists()
        and json.loads(path.read_text(encoding="utf-8"))["tool"] == tool
        for path in (folder / "requests").glob("*.json")
    )


def stub(folder: Path) -> httpx2.Client:
    """An in-process OpenAI-compatible endpoint answering from `folder/answers`."""
    (folder / "requests").mkdir(parents=True, exist_ok=True)
    (folder / "answers").mkdir(parents=True, exist_ok=True)
    (folder / "provenance.json").write_text(json.dumps(PROVENANCE, indent=2) + "\n")
    calls = {"n": 0}

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls["n"] += 1
        body = json.loads(request.content)
        key = request_key(body)
        answer = folder / "answers" / f"{key}.json"
        tool = body.get("tools", [{}])[0].get("function", {}).get("name", "ChunkClaims")
        if not answer.exists():
            if tool == "Links" and _pending(folder, "ChunkClaims"):
                # story requests depend on the extraction answers: ask them afterwards
                return httpx2.Response(400, json=C.api_error("extraction first", "invalid"))
            wanted = {"tool": tool, "schema": body.get("tools"), "messages": body["messages"]}
            (folder / "requests" / f"{key}.json").write_text(
                json.dumps(wanted, indent=1, ensure_ascii=False), encoding="utf-8"
            )
            return httpx2.Response(400, json=C.api_error("not answered yet", "invalid_request"))
        arguments = answer.read_text(encoding="utf-8")
        json.loads(arguments)  # a broken answer file should fail here, loudly
        return httpx2.Response(
            200,
            json=C.chat_completion(
                arguments,
                tool_name=tool,
                prompt_tokens=C.approx_tokens(body),
                completion_tokens=len(arguments) // 4,
                n=calls["n"],
            ),
        )

    return httpx2.Client(transport=httpx2.MockTransport(handler))


def _answered(dataset: str) -> tuple[Path, httpx2.Client, Any]:
    """The dataset's stand-in folder, the stub answering from it, and a config using it."""
    folder = STANDIN / dataset
    return folder, stub(folder), C.cassette_llm_config({}, max_attempts=1, max_reasks=1)


def _write(out: Path, data: dict[str, Any]) -> None:
    """Results written beside the answers, labelled as the stand-in's, never as recorded."""
    labelled = data | {"provenance": PROVENANCE}
    out.write_text(json.dumps(labelled, indent=1) + "\n", encoding="utf-8")
    print(f"  wrote {out} (strong-model stand-in)")


def run(dataset: str, story: bool = True) -> None:
    folder, client, config = _answered(dataset)
    board = evaluate(
        ROOT / "evals" / "datasets" / dataset,
        LLMExtractor(config, http_client=client),
        concurrency=1,
        progress=False,
        extractor_options={"config": config, "http_client": client} if story else {},
    )
    waiting = sorted(
        p.name
        for p in (folder / "requests").glob("*.json")
        if not (folder / "answers" / p.name).exists()
    )
    m = board.metrics
    print(f"{dataset}: {len(waiting)} requests wait for an answer in {folder / 'requests'}")
    keys = ("claims.f1", "grouping.f1", "findings.precision", "findings.recall")
    print("  " + "  ".join(f"{k} {m.get(k)}" for k in keys))
    if not waiting or not story:
        out = folder / ("scoreboard.json" if story else "scoreboard-extract-only.json")
        _write(out, json.loads(board.to_json()))


def run_inject(dataset: str) -> None:
    """Error injection on the LLM path with the stored answers: the extracted claims at a
    changed figure are scaled after extraction (the stand-in answered the unchanged texts
    only), and the story linker's stored groups are reused: this measures whether the
    cross-checker catches a change in the model's groups, not whether a model would read
    and group the changed figure the same way."""
    from figcheck.evaluate.inject import inject
    from figcheck.llm.linker import make_story_linker

    folder, client, config = _answered(dataset)
    result = inject(
        ROOT / "evals" / "datasets" / dataset,
        LLMExtractor(config, http_client=client),
        story_linker=make_story_linker(config=config, http_client=client),
        in_claims=True,
    )
    caught = sum(t.caught for t in result.tries)
    print(
        f"{dataset}: injection {caught}/{len(result.tries)} caught, "
        f"{result.false_alarms_per_10:.1f} false inconsistent per 10 articles"
    )
    data = json.loads(result.model_dump_json()) | {"dataset": f"evals/datasets/{dataset}"}
    _write(folder / "injection.json", data)


if __name__ == "__main__":
    command, *datasets = sys.argv[1:]
    if command not in ("collect", "eval", "extract-only", "inject"):
        raise SystemExit(__doc__)
    for name in datasets:
        if command == "inject":
            run_inject(name)
        else:
            run(name, story=command != "extract-only")
