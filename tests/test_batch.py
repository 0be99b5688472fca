"""The batch runner: concurrency, failures as problems, and resuming a killed run."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from figcheck.errors import ConfigError
from figcheck.evaluate.batch import EXTRACTIONS, PROBLEMS, read_extractions, run_batch
from figcheck.ingest.dataset import write_dataset
from figcheck.models import Article, Claim, Extraction, Problem, Qualifier

# Sentences in the style of wire copy about prisoner swaps; each article gets its own numbers.
TEMPLATES = [
    "Russia said {a} Russian soldiers were returned, while Kyiv said {b} of its troops came home.",
    "The ministry said {a} servicemen were freed in the swap; {b} civilians were also released.",
    "Officials counted {a} dead and {b} injured after the strike on the city on Wednesday.",
    "More than {a} prisoners of war were exchanged, and {b} bodies were repatriated, they said.",
]
CRASH_AFTER = "FIGCHECK_TEST_CRASH_AFTER"
CALL_LOG = "FIGCHECK_TEST_CALL_LOG"
_NUMBER = re.compile(r"\d+")


class DigitExtractor:
    """A stand-in extractor: each digit run plus the next word is a claim.

    FIGCHECK_TEST_CRASH_AFTER=K kills the whole process (os._exit, no cleanup) when
    the K+1-th extraction starts; FIGCHECK_TEST_CALL_LOG names a file that gets one
    line per extraction started, so a test can see what was redone.
    """

    name = "digits"
    model = "digits-v1"

    def __init__(
        self, fail_on: set[str] | None = None, barrier: int = 0, report_failure: bool = False
    ) -> None:
        self.fail_on = fail_on or set()
        self.report_failure = report_failure
        self.calls = 0
        self.lock = threading.Lock()
        self.inflight = 0
        self.max_inflight = 0
        self.barrier = threading.Barrier(barrier, timeout=10) if barrier else None

    def extract(self, article: Article) -> Extraction:
        with self.lock:
            self.calls += 1
            calls = self.calls
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            if os.environ.get(CALL_LOG):
                with open(os.environ[CALL_LOG], "a", encoding="utf-8") as log:
                    log.write(article.id + "\n")
            crash_after = os.environ.get(CRASH_AFTER)
            if crash_after and calls > int(crash_after):
                os._exit(17)
            if self.barrier is not None and calls <= self.barrier.parties:
                self.barrier.wait()  # only passes when `parties` extractions run at once
            if article.id in self.fail_on and self.report_failure:
                problem = Problem(
                    stage="extract", message=f"endpoint refused {article.id}", article=article.id
                )
                return Extraction(article=article.id, extractor=self.name, problems=[problem])
            if article.id in self.fail_on:
                raise RuntimeError(f"endpoint refused {article.id}")
            return Extraction(article=article.id, extractor=self.name, claims=self._claims(article))
        finally:
            with self.lock:
                self.inflight -= 1

    def _claims(self, article: Article) -> list[Claim]:
        claims = []
        for i, m in enumerate(_NUMBER.finditer(article.text)):
            word = re.match(r"\s+(\w+)", article.text[m.end() :])
            end = m.end() + (word.end() if word else 0)
            value = float(m.group())
            claims.append(
                Claim(
                    id=f"{article.id}-{i}",
                    article=article.id,
                    start=m.start(),
                    end=end,
                    quote=article.text[m.start() : end],
                    low=value,
                    high=value,
                    qualifier=Qualifier.exact,
                    measure=word.group(1) if word else "",
                    key=word.group(1) if word else "",
                )
            )
        return claims


def make_articles(n: int) -> list[Article]:
    articles = []
    for i in range(n):
        text = TEMPLATES[i % len(TEMPLATES)].format(a=100 + 7 * i, b=3 + i)
        articles.append(Article(id=f"art{i:02d}", text=text, published=dt.date(2024, 1, 3)))
    return articles


def make_dataset(root: Path, n: int = 20) -> Path:
    """Gold: the first figure of each article, one word wider than the extractor's span."""
    articles = make_articles(n)
    claims = []
    for a in articles:
        m = re.search(r"(\d+)\s+\w+\s+\w+", a.text)
        assert m is not None
        start, end = m.span()
        value = float(m.group(1))
        claims.append(
            Claim(
                id=f"g-{a.id}",
                article=a.id,
                start=start,
                end=end,
                quote=a.text[start:end],
                low=value,
                high=value,
                qualifier=Qualifier.exact,
                measure="people",
                key=f"k-{a.id}",
            )
        )
    write_dataset(root, articles, claims)
    return root


CONFIG = {"extractor": "digits", "model": "digits-v1", "dataset": "x", "prompt_hash": None}


def ids_in(run_dir: Path) -> list[str]:
    lines = (run_dir / EXTRACTIONS).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["article"] for line in lines if line.strip()]


def test_all_articles_land_once_in_input_order(tmp_path: Path) -> None:
    articles = make_articles(12)
    result = run_batch(
        articles, DigitExtractor(), tmp_path, config=CONFIG, concurrency=4, progress=False
    )
    assert list(result.extractions) == [a.id for a in articles]
    assert sorted(ids_in(tmp_path)) == sorted(a.id for a in articles)
    assert all(len(e.claims) == 2 for e in result.extractions.values())


@pytest.mark.parametrize("concurrency", [1, 3, 4])
def test_concurrency_is_a_ceiling(tmp_path: Path, concurrency: int) -> None:
    extractor = DigitExtractor()
    run_batch(
        make_articles(10),
        extractor,
        tmp_path,
        config=CONFIG,
        concurrency=concurrency,
        progress=False,
    )
    assert extractor.max_inflight <= concurrency


def test_concurrency_is_used(tmp_path: Path) -> None:
    """Four extractions meet at a barrier: they pass only if the runner runs four at once."""
    extractor = DigitExtractor(barrier=4)
    result = run_batch(
        make_articles(8), extractor, tmp_path, config=CONFIG, concurrency=4, progress=False
    )
    assert result.problems == []
    assert len(result.extractions) == 8


@pytest.mark.parametrize("report_failure", [False, True], ids=["raises", "reports"])
def test_failing_article_is_a_problem_and_is_retried_on_resume(
    tmp_path: Path, report_failure: bool
) -> None:
    """An extractor that raises, or returns no claims with an error problem, has failed."""
    articles = make_articles(6)
    extractor = DigitExtractor(fail_on={"art03"}, report_failure=report_failure)
    first = run_batch(articles, extractor, tmp_path, config=CONFIG, progress=False)
    assert first.failed == {"art03"}
    assert "art03" not in ids_in(tmp_path) and len(ids_in(tmp_path)) == 5
    assert "endpoint refused art03" in (tmp_path / PROBLEMS).read_text(encoding="utf-8")
    retry = DigitExtractor()
    second = run_batch(articles, retry, tmp_path, config=CONFIG, resume=True, progress=False)
    assert retry.calls == 1
    assert list(second.extractions) == [a.id for a in articles]
    assert second.resumed == 5


def test_torn_last_line_is_ignored_and_redone(tmp_path: Path) -> None:
    articles = make_articles(5)
    run_batch(articles, DigitExtractor(), tmp_path, config=CONFIG, progress=False)
    path = tmp_path / EXTRACTIONS
    data = path.read_bytes()
    torn_id = ids_in(tmp_path)[-1]
    path.write_bytes(data[: len(data) - 40])  # killed in the middle of the last write
    done, problems = read_extractions(path)
    assert torn_id not in done and len(done) == 4
    assert "partially written last line" in problems[0].message
    redo = DigitExtractor()
    result = run_batch(articles, redo, tmp_path, config=CONFIG, resume=True, progress=False)
    assert redo.calls == 1
    assert sorted(ids_in(tmp_path)) == sorted(a.id for a in articles)
    assert len(result.extractions) == 5


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"model": "digits-v2"}, "model"),
        ({"prompt_hash": "abc123"}, "prompt_hash"),
        ({"dataset": "/elsewhere"}, "dataset"),
    ],
)
def test_resume_refuses_another_config(tmp_path: Path, change: dict[str, str], named: str) -> None:
    run_batch(make_articles(2), DigitExtractor(), tmp_path, config=CONFIG, progress=False)
    with pytest.raises(ConfigError, match=f"{named}: run has"):
        run_batch(
            make_articles(2),
            DigitExtractor(),
            tmp_path,
            config=CONFIG | change,
            resume=True,
            progress=False,
        )


def test_fresh_run_refuses_to_overwrite(tmp_path: Path) -> None:
    run_batch(make_articles(2), DigitExtractor(), tmp_path, config=CONFIG, progress=False)
    with pytest.raises(ConfigError, match="--resume"):
        run_batch(make_articles(2), DigitExtractor(), tmp_path, config=CONFIG, progress=False)


def test_progress_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_batch(make_articles(3), DigitExtractor(), tmp_path, config=CONFIG, progress=True)
    assert capsys.readouterr().out == ""


# --- a killed eval run, resumed, against an uninterrupted one ----------------------------

SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_batch import DigitExtractor
from figcheck.evaluate import evaluate
evaluate({dataset!r}, DigitExtractor(), run_dir={run_dir!r}, resume={resume!r},
         concurrency=4, progress=False)
"""


def eval_in_subprocess(
    dataset: Path, run_dir: Path, *, resume: bool, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    code = SCRIPT.format(
        tests=str(Path(__file__).parent), dataset=str(dataset), run_dir=str(run_dir), resume=resume
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _comparable(run_dir: Path) -> dict[str, object]:
    board = json.loads((run_dir / "scoreboard.json").read_text(encoding="utf-8"))
    metrics = {k: v for k, v in board["metrics"].items() if "wall_s" not in k}
    rows = [{k: v for k, v in r.items() if k != "wall_s"} for r in board["per_article"]]
    return {
        "metrics": metrics,
        "per_article": rows,
        "misses": board["misses"],
        "false_alarms": board["false_alarms"],
        "matches": board["matches"],
    }


def test_killed_run_resumes_to_the_same_scores(tmp_path: Path) -> None:
    dataset = make_dataset(tmp_path / "dataset", n=20)
    full, killed = tmp_path / "full", tmp_path / "killed"
    done = eval_in_subprocess(dataset, full, resume=False, env={})
    assert done.returncode == 0, done.stderr

    calls_1, calls_2 = tmp_path / "calls1.log", tmp_path / "calls2.log"
    crashed = eval_in_subprocess(
        dataset, killed, resume=False, env={CRASH_AFTER: "8", CALL_LOG: str(calls_1)}
    )
    assert crashed.returncode == 17, crashed.stderr
    finished_before = set(ids_in(killed))
    assert 0 < len(finished_before) <= 8
    assert not (killed / "scoreboard.json").exists()

    resumed = eval_in_subprocess(dataset, killed, resume=True, env={CALL_LOG: str(calls_2)})
    assert resumed.returncode == 0, resumed.stderr
    redone = set(calls_2.read_text(encoding="utf-8").split())
    assert redone.isdisjoint(finished_before)  # finished articles were not extracted again
    ids = ids_in(killed)
    assert sorted(ids) == sorted(set(ids)) == [f"art{i:02d}" for i in range(20)]
    assert _comparable(killed) == _comparable(full)


def test_a_second_run_on_a_held_run_dir_says_who_holds_it(tmp_path: Path) -> None:
    from figcheck.evaluate.batch import run_lock

    with run_lock(tmp_path), pytest.raises(ConfigError, match=r"in use by pid \d+"):
        run_batch(make_articles(2), DigitExtractor(), tmp_path, config=CONFIG, progress=False)
    # released: the run goes ahead and nothing was written twice
    run_batch(make_articles(2), DigitExtractor(), tmp_path, config=CONFIG, progress=False)
    assert len(ids_in(tmp_path)) == 2


def test_resume_redoes_an_article_whose_text_changed(tmp_path: Path) -> None:
    articles = make_articles(3)
    run_batch(articles, DigitExtractor(), tmp_path, config=CONFIG, progress=False)
    changed = [articles[0].model_copy(update={"text": articles[0].text + " 7 more died."})]
    changed += articles[1:]
    redo = DigitExtractor()
    result = run_batch(changed, redo, tmp_path, config=CONFIG, resume=True, progress=False)
    assert redo.calls == 1
    first = result.extractions[articles[0].id]
    assert all(c.quote == changed[0].text[c.start : c.end] for c in first.claims)
    assert any("text changed" in p.message for p in result.problems)


def test_rpm_below_one_per_minute_is_a_rate_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--rpm must be above 0"):
        run_batch(make_articles(1), DigitExtractor(), tmp_path, config=CONFIG, rpm=0)
    result = run_batch(
        make_articles(1), DigitExtractor(), tmp_path / "slow", config=CONFIG, rpm=0.5
    )
    assert len(result.extractions) == 1


def test_run_to_end_never_formats_the_result_it_hands_back() -> None:
    """asyncio.run formats its main task on the way out (Python 3.11): a run's result,
    every article and extraction, would be turned into one huge string."""
    from figcheck.evaluate.batch import run_to_end

    class Loud:
        formatted = 0

        def __repr__(self) -> str:
            Loud.formatted += 1
            return "Loud()"

    async def produce() -> Loud:
        return Loud()

    assert isinstance(run_to_end(produce()), Loud)
    assert Loud.formatted == 0
