"""`check` and `extract_all` run articles concurrently, yet report what a sequential run reports.

No test here times anything: overlap is seen by the extractor itself (how many
calls are inside it at once), and the waits below only keep a broken build from
hanging.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from figcheck import pipeline
from figcheck.errors import ConfigError
from figcheck.extractors import extract_article
from figcheck.ingest import scan
from figcheck.models import Article, Extraction, Problem
from figcheck.pipeline import BREAKER, check, extract_all

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "evals" / "datasets"
FIGCHECK = [sys.executable, "-m", "figcheck.cli"]
HANG_GUARD_S = 20.0  # only reached when the code under test is broken


def _articles(n: int) -> list[Article]:
    return [
        Article(id=f"a{i}", text=f"At least {i + 2} people were killed on Monday.", path=f"a{i}")
        for i in range(n)
    ]


def _without_time(report: Any) -> dict[str, Any]:
    return dict(report.model_dump(mode="json", exclude={"created"}))


@pytest.mark.parametrize("dataset", ["seeds", "dev", "news-dev"])
def test_concurrent_check_reports_what_the_sequential_run_reports(dataset: str) -> None:
    path = DATASETS / dataset
    one_at_a_time = check([path], "rules", concurrency=1)
    at_once = check([path], "rules", concurrency=8)
    assert at_once.claims and at_once.findings
    assert _without_time(at_once) == _without_time(one_at_a_time)


def test_claims_come_in_input_order_as_a_plain_loop_gives_them() -> None:
    articles = scan([DATASETS / "news-dev"]).articles
    loop = [c for a in articles for c in extract_article(a, "rules").claims]
    report = extract_all(articles, "rules", concurrency=6)
    assert [c.model_dump() for c in report.claims] == [c.model_dump() for c in loop]


class _Overlapping:
    """Records how many calls are inside `extract` at once; each even article waits for the
    odd one after it to finish, so articles finish out of input order."""

    name = "fake"

    def __init__(self, count: int, pairs: bool = True) -> None:
        self.pairs = pairs
        self.lock = threading.Lock()
        self.active = 0
        self.most = 0
        self.finished: list[str] = []
        self.done = {f"a{i}": threading.Event() for i in range(count)}

    def extract(self, article: Article) -> Extraction:
        with self.lock:
            self.active += 1
            self.most = max(self.most, self.active)
        n = int(article.id[1:])
        partner = self.done.get(f"a{n + 1}")
        if self.pairs and n % 2 == 0 and partner is not None:
            partner.wait(HANG_GUARD_S)  # both of the pair must be running for this to return
        with self.lock:
            self.active -= 1
            self.finished.append(article.id)
        self.done[article.id].set()
        note = Problem(severity="warning", stage="extract", message="seen", article=article.id)
        return Extraction(article=article.id, extractor=self.name, problems=[note])


def test_articles_really_run_at_once_and_come_back_in_input_order() -> None:
    articles = _articles(8)
    fake = _Overlapping(len(articles))
    report = extract_all(articles, fake, concurrency=3)
    assert 2 <= fake.most <= 3  # overlap happened, never past --concurrency
    assert fake.finished != [a.id for a in articles]  # they finished out of order...
    assert [p.article for p in report.problems] == [a.id for a in articles]  # ...reported in it


def test_sequential_run_never_overlaps() -> None:
    articles = _articles(4)
    fake = _Overlapping(len(articles), pairs=False)
    extract_all(articles, fake, concurrency=1)
    assert fake.most == 1
    assert fake.finished == [a.id for a in articles]


class _Dead:
    """An endpoint that is down: every article fails outright (no claims, an error)."""

    name = "llm"

    def __init__(self, healthy: int = 0) -> None:
        self.healthy = healthy
        self.lock = threading.Lock()
        self.calls: list[str] = []

    def extract(self, article: Article) -> Extraction:
        with self.lock:
            self.calls.append(article.id)
        if int(article.id[1:]) < self.healthy:
            return extract_article(article, "rules")
        error = Problem(stage="extract", message="cannot connect", article=article.id)
        return Extraction(article=article.id, extractor=self.name, problems=[error])


def test_a_dead_endpoint_costs_breaker_articles_whatever_the_concurrency() -> None:
    articles = _articles(7)
    dead = _Dead()
    report = extract_all(articles, dead, concurrency=8)
    assert sorted(dead.calls) == [f"a{i}" for i in range(BREAKER)]
    not_attempted = [p.article for p in report.problems if "not attempted" in p.message]
    assert not_attempted == [f"a{i}" for i in range(BREAKER, 7)]


def test_an_endpoint_dying_mid_run_leaves_every_article_accounted_for() -> None:
    articles = _articles(12)
    dying = _Dead(healthy=4)
    report = extract_all(articles, dying, concurrency=4)
    failed = [p.article for p in report.problems if p.message == "cannot connect"]
    skipped = [p.article for p in report.problems if "not attempted" in p.message]
    assert BREAKER <= len(failed) <= BREAKER + 3  # at most the ones already running finish
    assert {c.article for c in report.claims} == {"a0", "a1", "a2", "a3"}
    assert failed + skipped == [f"a{i}" for i in range(4, 12)]  # each once, in input order


def test_fallback_keeps_every_article_and_the_breaker_out_of_the_way() -> None:
    articles = _articles(6)
    report = extract_all(articles, _Dead(healthy=1), fallback="rules", concurrency=4)
    sequential = extract_all(articles, _Dead(healthy=1), fallback="rules", concurrency=1)
    assert _without_time(report) == _without_time(sequential)
    assert {c.article for c in report.claims} == {a.id for a in articles}
    used = [p.article for p in report.problems if "used instead" in p.message]
    assert used == [f"a{i}" for i in range(1, 6)]
    assert not any("not attempted" in p.message for p in report.problems)


def test_each_article_start_waits_for_the_rpm_limiter(monkeypatch: pytest.MonkeyPatch) -> None:
    acquired: list[float] = []

    class Counting:
        async def acquire(self) -> None:
            acquired.append(1.0)

    asked: list[float | None] = []

    def limiter(rpm: float | None) -> Counting:
        asked.append(rpm)
        return Counting()

    monkeypatch.setattr(pipeline, "rpm_limiter", limiter)
    extract_all(_articles(5), "rules", concurrency=3, rpm=30)
    assert asked == [30] and len(acquired) == 5


@pytest.mark.parametrize(("concurrency", "rpm"), [(0, None), (2, 0.0), (2, -5.0)])
def test_bad_limits_are_refused(concurrency: int, rpm: float | None) -> None:
    with pytest.raises(ConfigError):
        extract_all(_articles(1), "rules", concurrency=concurrency, rpm=rpm)


def test_a_running_event_loop_does_not_stop_the_library() -> None:
    import asyncio

    async def inside() -> int:
        return len(extract_all(_articles(3), "rules", concurrency=2).claims)

    assert asyncio.run(inside()) == 3


def _check_on_a_terminal(*flags: str) -> str:
    """Run `figcheck check` with stderr on a pseudo-terminal; what the terminal shows."""
    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "FIGCHECK_"))}
    env |= {"TERM": "xterm-256color", "COLUMNS": "120", "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [*FIGCHECK, *flags, "check", str(DATASETS / "seeds"), "--fail-on", "never"],
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_a_progress_bar_and_quiet_does_not() -> None:
    shown = _check_on_a_terminal()
    assert "extract" in shown and "2/2" in shown
    quiet = _check_on_a_terminal("--quiet")
    assert "2/2" not in quiet and "━" not in quiet
    assert "using the rules extractor" in quiet  # stderr was captured: the bar is really absent


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "FIGCHECK_"))}
    done = subprocess.run(
        [*FIGCHECK, "check", str(DATASETS / "seeds"), "--fail-on", "never"],
        capture_output=True,
        text=True,
        env=env | {"PYTHONPATH": str(ROOT / "src"), "TERM": "xterm-256color"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "using the rules extractor" in done.stderr
    assert "2/2" not in done.stderr and "━" not in done.stderr
