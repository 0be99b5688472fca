"""Fault budget: a per-request timeout and a per-run deadline (issue 10, "LLM faults").

No test here measures time. The model is an httpx2.MockTransport; the run's
clock is a fake one that the scripted server and the retry sleeps move forward,
so "the deadline passed" happens exactly where each test says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2
import pytest
from typer.testing import CliRunner

from figcheck.cli import app
from figcheck.errors import ConfigError
from figcheck.evaluate.batch import EXTRACTIONS, PROBLEMS, run_batch
from figcheck.extractors.budget import Deadline, as_deadline
from figcheck.extractors.llm import LLMExtractor
from figcheck.extractors.rules import RulesExtractor
from figcheck.llm._cassettes import cassette_llm_config, chat_completion, chunk_text
from figcheck.llm.config import load_config
from figcheck.models import Article
from figcheck.pipeline import check, extract_all

ARTICLES = [
    Article(id=f"a{i}", text=f"At least {i + 2} people were killed, police said.\n")
    for i in range(4)
]


class Clock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class Server:
    """A scripted model: answers the article's figure, or fails; each request costs `cost` s."""

    def __init__(self, clock: Clock, cost: float, status: int = 200) -> None:
        self.clock, self.cost, self.status = clock, cost, status
        self.timeouts: list[dict[str, float]] = []
        self.articles: list[str] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.timeouts.append(dict(request.extensions["timeout"]))
        self.clock.now += self.cost
        body = json.loads(request.content)
        text = chunk_text(body)
        self.articles.append(text)
        if self.status != 200:
            return httpx2.Response(self.status, json={"error": {"message": "down"}})
        quote = text.split(",")[0]
        claim = {"quote": quote, "figure": quote.split(" people")[0], "measure": "people killed"}
        claim |= {"qualifier": "at_least", "low": int(quote.split()[2]), "high": None}
        arguments = json.dumps({"claims": [claim]})
        return httpx2.Response(200, json=chat_completion(arguments, n=len(self.articles)))


def _extractor(server: Server, clock: Clock, **overrides: Any) -> LLMExtractor:
    client = httpx2.Client(transport=httpx2.MockTransport(server))
    config = cassette_llm_config(environ={}, **overrides)
    return LLMExtractor(config, http_client=client, sleep=clock.sleep)


def _not_attempted(problems: list[Any]) -> list[str]:
    return [p.article for p in problems if p.message.startswith("not attempted: the run's")]


def test_each_request_carries_the_configured_timeout() -> None:
    clock = Clock()
    server = Server(clock, cost=0)
    extract_all(ARTICLES[:1], _extractor(server, clock, timeout_s=7.5))
    extract_all(ARTICLES[:1], _extractor(server, clock))
    configured, default = server.timeouts
    assert configured == {"connect": 7.5, "read": 7.5, "write": 7.5, "pool": 7.5}
    assert default["read"] == 60 and default["connect"] == 10  # a dead host fails fast


def test_the_timeout_comes_from_the_environment_or_the_option(tmp_path: Path) -> None:
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "FIGCHECK_TIMEOUT": "12"}
    assert load_config(cwd=tmp_path, environ=env).timeout_s == 12
    assert load_config(cwd=tmp_path, environ=env, timeout_s=3).timeout_s == 3
    for bad in ("0", "-1", "nan", "inf"):
        with pytest.raises(ConfigError, match="timeout_s"):
            load_config(cwd=tmp_path, environ={**env, "FIGCHECK_TIMEOUT": bad})


def test_a_server_that_times_out_ends_the_article_and_the_run_goes_on() -> None:
    calls: list[str] = []

    def hung(request: httpx2.Request) -> httpx2.Response:
        calls.append(chunk_text(json.loads(request.content)))
        if "At least 2 " in calls[-1]:
            raise httpx2.ReadTimeout("no answer", request=request)
        return Server(Clock(), cost=0)(request)

    extractor = LLMExtractor(
        cassette_llm_config(environ={}, max_attempts=2, timeout_s=0.5),
        http_client=httpx2.Client(transport=httpx2.MockTransport(hung)),
        sleep=lambda _: None,
    )
    report = extract_all(ARTICLES[:2], extractor)
    (error,) = [p for p in report.problems if p.severity == "error"]
    assert error.article == "a0" and "timed out 2 time(s)" in error.message
    assert "--timeout" in error.message
    assert [c.article for c in report.claims] == ["a1"]
    assert len(calls) == 3  # two tries for a0, one for a1


def test_past_the_deadline_the_rest_is_not_attempted() -> None:
    clock = Clock()
    server = Server(clock, cost=6)
    # one article at a time: the accounting below is of a sequential run's clock
    report = extract_all(
        ARTICLES, _extractor(server, clock), deadline=Deadline(10, clock), concurrency=1
    )
    assert [c.article for c in report.claims] == ["a0", "a1"]  # started at t=0 and t=6
    assert _not_attempted(report.problems) == ["a2", "a3"]
    assert len(server.articles) == 2
    assert all("--deadline" in p.message for p in report.problems)


def test_the_deadline_cuts_retries_and_the_timeout_of_the_article_in_flight() -> None:
    clock = Clock()
    server = Server(clock, cost=6, status=503)
    extractor = _extractor(server, clock, max_attempts=4, backoff_initial_s=5, backoff_max_s=5)
    report = extract_all(ARTICLES, extractor, deadline=Deadline(10, clock), concurrency=1)
    # t=0: first try (-> 6); the backoff sleeps what is left (4 s); second try (-> 16); stop
    assert len(server.articles) == 2 and all("At least 2 " in a for a in server.articles)
    assert server.timeouts[0]["read"] == 10 and server.timeouts[1]["read"] == 0.001
    assert _not_attempted(report.problems) == ["a1", "a2", "a3"]
    assert extractor.client.deadline is None  # the run's deadline does not outlive the run


def test_a_request_is_not_sent_once_the_deadline_has_passed() -> None:
    clock = Clock()
    server = Server(clock, cost=0)
    extractor = _extractor(server, clock)
    extractor.set_deadline(Deadline(0, clock))
    result = extractor.extract(ARTICLES[0])
    assert server.articles == [] and result.claims == []
    assert any("deadline (0 s) passed" in p.message for p in result.problems)


def test_check_skips_the_story_linker_when_the_deadline_passed() -> None:
    asked: list[Any] = []
    report = check(
        ARTICLES, extractor="rules", story_linker=asked.append, deadline=Deadline(0, Clock())
    )
    assert asked == [] and report.claims == []
    assert _not_attempted(report.problems) == ["a0", "a1", "a2", "a3"]
    assert any("story-level LLM linking skipped" in p.message for p in report.problems)


def test_an_eval_batch_past_its_deadline_is_resumed_without_loss(tmp_path: Path) -> None:
    run = tmp_path / "run"
    config = {"extractor": "rules"}
    first = run_batch(
        ARTICLES, RulesExtractor(), run, config=config, progress=False, deadline=Deadline(0)
    )
    assert first.extractions == {} and first.failed == {"a0", "a1", "a2", "a3"}
    assert _not_attempted(first.problems) == ["a0", "a1", "a2", "a3"]
    assert (run / EXTRACTIONS).read_text(encoding="utf-8") == ""
    assert (run / PROBLEMS).read_text(encoding="utf-8").count("not attempted") == 4

    second = run_batch(ARTICLES, RulesExtractor(), run, config=config, progress=False, resume=True)
    assert list(second.extractions) == ["a0", "a1", "a2", "a3"] and second.failed == set()
    assert all(len(e.claims) == 1 for e in second.extractions.values())


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_a_deadline_must_be_a_number_of_seconds(bad: float) -> None:
    with pytest.raises(ConfigError, match="--deadline"):
        as_deadline(bad)


def test_cli_deadline_stops_the_run_and_says_so(tmp_path: Path) -> None:
    for article in ARTICLES:
        (tmp_path / f"{article.id}.md").write_text(
            "---\npublished: 2024-05-02\n---\n" + article.text, encoding="utf-8"
        )
    out = tmp_path / "out.json"
    done = CliRunner().invoke(
        app, ["check", str(tmp_path), "-e", "rules", "--deadline", "0", "--json", str(out)]
    )
    assert done.exit_code == 3, done.output
    assert done.output.count("not attempted: the run's deadline (0 s)") == 4
    assert json.loads(out.read_text(encoding="utf-8"))["claims"] == []  # the report is written


def test_concurrent_articles_stop_starting_at_the_deadline() -> None:
    """With several articles at once, none starts after the deadline; each unstarted one is
    named as not attempted, the started ones are accounted for."""
    clock = Clock()
    server = Server(clock, cost=6, status=503)
    report = extract_all(
        ARTICLES, _extractor(server, clock), deadline=Deadline(10, clock), concurrency=4
    )
    skipped = _not_attempted(report.problems)
    assert skipped and skipped == [a.id for a in ARTICLES][-len(skipped) :]
    attempted = {p.article for p in report.problems if p.article not in skipped}
    assert attempted | set(skipped) == {a.id for a in ARTICLES}
