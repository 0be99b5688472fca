"""Corpus scale (issue 12 item 3, issue 10): a streamed, sharded run gives `check`'s results.

`check_to_shards` extracts, spills claims by story, links and cross-checks one
partition at a time. Here partitions are made tiny (8 claims) so that every
bundled dataset is cut into many of them, and the shards must still hold
exactly the claims and keys `check` gives, and the same findings compared
without their ids (numbered partition by partition, not rule family by rule
family, as the Ray engine's).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import figcheck.engine._extract_log as extract_log
import figcheck.engine.stream as stream
from figcheck.cli import app
from figcheck.engine.shards import ShardWriter, read_rows
from figcheck.errors import ConfigError
from figcheck.extractors.rules import RulesExtractor
from figcheck.ingest import scan
from figcheck.ingest.corpus import iter_corpus, write_corpus
from figcheck.ingest.dataset import load_dataset
from figcheck.models import Article, Extraction, Finding
from figcheck.pipeline import check, check_to_shards
from figcheck.report.stories import digest, render_digest_html, render_digest_markdown

DATASETS = Path(__file__).resolve().parents[1] / "evals" / "datasets"
runner = CliRunner(env={"COLUMNS": "300"})


@pytest.fixture
def tiny_partitions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Partitions of 8 claims; the list receives how many partitions each run made."""
    made: list[int] = []
    spill = stream._spill

    def counted(*args: Any) -> list[Any]:
        parts = spill(*args)
        made.append(len(parts))
        return parts

    monkeypatch.setattr(stream, "CLAIMS_PER_PARTITION", 8)
    monkeypatch.setattr(stream, "_spill", counted)
    return made


def _canonical(findings: list[dict[str, Any]]) -> list[str]:
    return sorted(
        json.dumps({k: v for k, v in f.items() if k not in ("id", "story")}, sort_keys=True)
        for f in findings
    )


def _in_order(rows: list[dict[str, Any]], ids: list[str]) -> list[dict[str, Any]]:
    """Shard claims (partition by partition) put back in corpus order, `story` left out."""
    place = {cid: n for n, cid in enumerate(ids)}
    return sorted(
        ({k: v for k, v in row.items() if k != "story"} for row in rows),
        key=lambda row: place[row["id"]],
    )


@pytest.mark.parametrize("dataset", ["seeds", "dev", "news-dev"])
def test_a_sharded_run_gives_checks_claims_keys_findings_and_problems(
    dataset: str, tmp_path: Path, tiny_partitions: list[int]
) -> None:
    one = check([DATASETS / dataset], "rules")
    run = check_to_shards([DATASETS / dataset], tmp_path / "run", "rules")
    assert tiny_partitions[0] > 3  # the corpus really was cut into partitions
    claims = list(read_rows(tmp_path / "run", "claims"))
    expected = [c.model_dump(mode="json") for c in one.claims]
    assert len(expected) > 20
    assert _in_order(claims, [c.id for c in one.claims]) == expected
    findings = list(read_rows(tmp_path / "run", "findings"))
    assert findings and _canonical(findings) == _canonical(
        [f.model_dump(mode="json") for f in one.findings]
    )
    assert [f["id"] for f in findings] == [f"f{n:03d}" for n in range(1, len(findings) + 1)]
    assert run.problems == one.problems
    assert [
        Article.model_validate({**a, "text": ""}).id
        for a in read_rows(tmp_path / "run", "articles")
    ] == [a.id for a in one.articles]
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert summary["claims"] == len(one.claims) and summary["findings"] == len(one.findings)
    assert summary["verdicts"] == dict(Counter(f.verdict.value for f in one.findings))
    assert (run.extractor, run.usage, run.dropped) == ("rules", one.usage, one.dropped_claims)


def test_every_claim_row_names_its_story_and_a_story_stays_in_one_partition(
    tmp_path: Path, tiny_partitions: list[int]
) -> None:
    run = check_to_shards([DATASETS / "news-dev"], tmp_path / "run", "rules")
    rows = list(read_rows(tmp_path / "run", "claims"))
    assert run.stories > 1 and len({r["story"] for r in rows}) == run.stories
    # claims of one story come out together: a story never spans two partitions
    seen: list[str] = []
    for row in rows:
        if not seen or seen[-1] != row["story"]:
            assert row["story"] not in seen
            seen.append(row["story"])


def test_parquet_shards_hold_the_same_rows_as_json_lines(tmp_path: Path) -> None:
    check_to_shards([DATASETS / "dev"], tmp_path / "j", "rules")
    check_to_shards([DATASETS / "dev"], tmp_path / "p", "rules", shard_format="parquet")
    assert sorted((tmp_path / "p").glob("claims-*")) == [tmp_path / "p" / "claims-00000.parquet"]
    for kind in ("claims", "findings", "articles"):
        jsonl = list(read_rows(tmp_path / "j", kind))
        parquet = list(read_rows(tmp_path / "p", kind))
        assert jsonl, kind
        # Parquet gives every column on every row (None where JSON lines leave a key out)
        assert parquet == [{**dict.fromkeys(parquet[0]), **row} for row in jsonl]


def test_an_unknown_shard_format_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown shard format 'csv'"):
        check_to_shards([DATASETS / "seeds"], tmp_path / "x", "rules", shard_format="csv")  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_a_corpus_file_gives_the_claims_of_the_dataset_folder(suffix: str, tmp_path: Path) -> None:
    articles = load_dataset(DATASETS / "dev").articles
    corpus = tmp_path / f"articles{suffix}"
    assert write_corpus(corpus, articles) == len(articles)
    from_folder = check([DATASETS / "dev"], "rules")
    from_file = check([corpus], "rules")
    assert [a.id for a in from_file.articles] == [a.id for a in articles]
    assert [c.model_dump() for c in from_file.claims] == [
        c.model_dump() for c in from_folder.claims
    ]
    assert not from_file.problems


def test_a_bad_parquet_row_is_an_error_naming_it_and_the_other_rows_are_read(
    tmp_path: Path,
) -> None:
    rows = [
        {"id": "a1", "published": "2024-03-02", "text": "At least 12 people died on Friday."},
        {"id": "a2", "published": "2024-03-02", "text": "   "},
        {"id": "a3", "published": None, "text": "Some 40 homes were flooded."},
        {"id": "a4", "published": "2024-03-03", "text": "Rescuers found 3 survivors."},
    ]
    _parquet(tmp_path / "articles.parquet", rows)
    read = list(iter_corpus(tmp_path / "articles.parquet"))
    assert [a.id for a in read if isinstance(a, Article)] == ["a1", "a4"]
    bad = [b.message for b in read if not isinstance(b, Article)]
    assert len(bad) == 2 and "articles.parquet:2" in bad[0] and "'text'" in bad[0]
    assert "articles.parquet:3" in bad[1] and "'published'" in bad[1]
    scanned = scan([tmp_path / "articles.parquet"])
    assert [a.id for a in scanned.articles] == ["a1", "a4"]
    assert [p.severity for p in scanned.problems] == ["error", "error"]


def test_a_parquet_date_column_reads_as_the_articles_date(tmp_path: Path) -> None:
    import datetime as dt

    row = {"id": "d1", "published": dt.date(2024, 5, 6), "text": "Officials said 7 were hurt."}
    _parquet(tmp_path / "dated.parquet", [row])  # pyarrow stores a date as date32
    (article,) = list(iter_corpus(tmp_path / "dated.parquet"))
    assert isinstance(article, Article) and article.published == dt.date(2024, 5, 6)


def _parquet(path: Path, rows: list[dict[str, Any]]) -> None:
    """A Parquet file of these rows, as another tool might write it (columns inferred)."""
    writer = ShardWriter(path.parent / "made", "rows", "parquet")
    for row in rows:
        writer.write(row)
    (written,) = writer.close()
    written.replace(path)


class _Killed(KeyboardInterrupt):
    """Stands for the run being killed while an article is extracted."""


class _Counting:
    """The rules extractor, counting each article it extracts; raises at `kill_at` calls."""

    name = "rules"

    def __init__(self, kill_at: int | None = None) -> None:
        self.kill_at = kill_at
        self.calls = 0
        self.done: Counter[str] = Counter()
        self.rules = RulesExtractor()

    def extract(self, article: Article) -> Extraction:
        self.calls += 1
        if self.calls == self.kill_at:
            raise _Killed
        self.done[article.id] += 1
        return self.rules.extract(article)


def test_a_killed_sharded_run_resumes_losing_and_repeating_nothing(
    tmp_path: Path, tiny_partitions: list[int]
) -> None:
    whole = check_to_shards([DATASETS / "news-dev"], tmp_path / "whole", "rules")
    first = _Counting(kill_at=11)
    with pytest.raises(_Killed):
        check_to_shards([DATASETS / "news-dev"], tmp_path / "run", first, concurrency=1)
    assert sum(first.done.values()) == 10 and not (tmp_path / "run" / "summary.json").exists()
    # a kill mid-write leaves a torn last line: that article is extracted again, once
    spill = tmp_path / "run" / "work" / "extract.jsonl"
    data = spill.read_bytes()
    torn = json.loads(data.splitlines()[-1])["id"]
    spill.write_bytes(data[: len(data) - 40])
    with pytest.raises(ConfigError, match="--resume"):
        check_to_shards([DATASETS / "news-dev"], tmp_path / "run", "rules")
    second = _Counting()
    run = check_to_shards(
        [DATASETS / "news-dev"], tmp_path / "run", second, concurrency=1, resume=True
    )
    assert run.resumed == 9
    both = first.done + second.done
    assert both.pop(torn) == 2  # its record was not whole: redone
    assert set(both.values()) == {1}  # every other article extracted exactly once
    assert set(second.done) - {torn} == set(both) - set(first.done)
    assert len(both) + 1 == whole.articles == run.articles
    assert list(read_rows(tmp_path / "run", "claims")) == list(
        read_rows(tmp_path / "whole", "claims")
    )
    assert list(read_rows(tmp_path / "run", "findings")) == list(
        read_rows(tmp_path / "whole", "findings")
    )


def test_resume_refuses_a_run_made_with_other_settings(tmp_path: Path) -> None:
    check_to_shards([DATASETS / "seeds"], tmp_path / "run", "rules")
    with pytest.raises(ConfigError, match="shard_format"):
        check_to_shards(
            [DATASETS / "seeds"], tmp_path / "run", "rules", shard_format="parquet", resume=True
        )


def test_the_digest_is_built_from_the_shards_and_quotes_each_shown_finding(
    tmp_path: Path,
) -> None:
    one = check([DATASETS / "news-dev"], "rules")
    check_to_shards([DATASETS / "news-dev"], tmp_path / "run", "rules")
    view = digest(tmp_path / "run", stories=2, per_story=2)
    assert len(view.stories) == 2 and view.hidden_stories == view.summary["stories"] - 2
    worst = max(
        Counter(
            row["story"]
            for row in read_rows(tmp_path / "run", "findings")
            if row["verdict"] == "inconsistent"
        ).values()
    )
    assert view.stories[0].verdicts["inconsistent"] == worst
    shown = [f for s in view.stories for f in s.shown]
    assert len(shown) == 4 and all(f.verdict.value == "inconsistent" for f in shown)
    quotes = {c.id: c.quote for c in one.claims}
    text = render_digest_markdown(view)
    for finding in shown:
        assert f"{finding.verdict.value} {finding.kind.value}: {finding.id}" in text
        assert all(view.claims[cid].claim.quote == quotes[cid] for cid in finding.claims)
    html = render_digest_html(view)
    assert html.count("<section>") == 2 and "<script" not in html


def test_the_digest_escapes_article_text(tmp_path: Path) -> None:
    article = Article(
        id="x1",
        title="<script>alert(1)</script> # heading",
        outlet="[link](http://evil.example)",
        published=None,
        text="Officials said 12 people died <b>today</b>. Later, 15 people died, police said.",
    )
    check_to_shards([article], tmp_path / "run", "rules")
    view = digest(tmp_path / "run")
    html = render_digest_html(view)
    assert "<script>alert" not in html and "<b>today" not in html
    assert "](http" not in render_digest_markdown(view)


def test_check_shards_on_the_command_line_writes_shards_and_a_digest(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = runner.invoke(
        app,
        [
            "check",
            str(DATASETS / "dev"),
            "-e",
            "rules",
            "--shards",
            str(out),
            "--report",
            str(tmp_path / "r.md"),
            "--html",
            str(tmp_path / "r.html"),
        ],
    )
    assert result.exit_code == 1, result.output  # dev holds inconsistent findings
    assert "stories: 2" in result.output and (tmp_path / "r.md").read_text().startswith(
        "# figcheck: story digest"
    )
    again = runner.invoke(
        app, ["check", str(DATASETS / "dev"), "-e", "rules", "--shards", str(out)]
    )
    assert again.exit_code == 2 and "--resume" in again.output
    resumed = runner.invoke(
        app,
        [
            "check",
            str(DATASETS / "dev"),
            "-e",
            "rules",
            "--shards",
            str(out),
            "--resume",
            "--fail-on",
            "never",
        ],
    )
    assert resumed.exit_code == 0 and "6 extracted by the run resumed" in resumed.output
    both = runner.invoke(app, ["check", str(DATASETS / "dev"), "--shards", str(out), "--json", "x"])
    assert both.exit_code == 2 and "--json" in both.output
    llm = runner.invoke(
        app,
        [
            "check",
            str(DATASETS / "dev"),
            "-e",
            "rules",
            "--fallback",
            "rules",
            "--engine",
            "ray",
            "--shards",
            str(tmp_path / "ray"),
        ],
    )
    assert llm.exit_code == 2 and "rules extractor only" in llm.output


def test_findings_read_back_from_shards_are_findings(tmp_path: Path) -> None:
    check_to_shards([DATASETS / "seeds"], tmp_path / "run", "rules")
    rows = list(read_rows(tmp_path / "run", "findings"))
    assert rows and all(Finding.model_validate(r).id == r["id"] for r in rows)


@pytest.mark.ray
def test_a_sharded_ray_run_writes_the_local_shards(
    tmp_path: Path, local_ray: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunks: list[int] = []
    chunked = stream.write_log

    def counted(*args: Any, **kwargs: Any) -> int:
        given = kwargs["chunked"]
        if given is not None:  # the ray run: note each chunk's size
            kwargs["chunked"] = lambda articles: (chunks.append(len(articles)), given(articles))[1]
        return chunked(*args, **kwargs)

    monkeypatch.setattr(extract_log, "CHUNK_ARTICLES", 5)
    monkeypatch.setattr(stream, "write_log", counted)
    local = check_to_shards([DATASETS / "news-dev"], tmp_path / "local", "rules")
    spread = check_to_shards([DATASETS / "news-dev"], tmp_path / "ray", "rules", engine="ray")
    n = len(load_dataset(DATASETS / "news-dev").articles)
    # never more than a chunk of articles on the driver
    assert chunks == [5] * (n // 5) + ([n % 5] if n % 5 else [])
    for kind in ("claims", "findings", "articles", "problems"):
        assert list(read_rows(tmp_path / "ray", kind)) == list(read_rows(tmp_path / "local", kind))
    assert (spread.claims, spread.findings) == (local.claims, local.findings)
