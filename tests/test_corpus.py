"""A corpus in one JSON-lines file (spec article fields + text): read line by line, checked
and evaluated like folders and dataset directories."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from figcheck.cli import app
from figcheck.ingest import scan
from figcheck.ingest.corpus import Bad, iter_corpus, write_corpus
from figcheck.models import Article

SEEDS = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "seeds"
runner = CliRunner(env={"COLUMNS": "300"})


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "FIGCHECK_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def _line(**row: object) -> str:
    return json.dumps(row, ensure_ascii=False) + "\n"


def test_corpus_lines_become_articles_with_their_text_exact(tmp_path: Path) -> None:
    corpus = tmp_path / "beat.jsonl"
    text = "More than 230 prisoners\r\nwere freed\u2028 on Wednesday."
    corpus.write_text(
        _line(id="a1", published="2024-01-03", outlet="Reuters", title="Swap", text=text)
        + "\n"
        + _line(id="a2", published="2024-01-04", url="https://example.org/x", text="About fifty."),
        encoding="utf-8",
        newline="",
    )
    result = scan([corpus])

    assert result.problems == []
    first, second = result.articles
    assert (first.id, first.outlet, first.title, first.text) == ("a1", "Reuters", "Swap", text)
    assert str(first.published) == "2024-01-03" and first.path == f"{corpus}:1"
    assert (second.url, second.path) == ("https://example.org/x", f"{corpus}:3")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("not json\n", "invalid JSON"),
        (_line(id="b", text="x 5"), "key 'published': missing required key"),
        (_line(id="b c", published="2024-01-03", text="x 5"), "key 'id'"),
        (_line(id="b", published="2024-01-03"), "key 'text': missing required key"),
        (_line(id="b", published="2024-01-03", text="  "), "key 'text': the article text is empty"),
        (_line(id="b", published="03/01/2024", text="x 5"), "key 'published'"),
        ("[1, 2]\n", "expected a JSON object"),
    ],
)
def test_a_bad_line_is_named_and_the_others_are_read(tmp_path: Path, line: str, said: str) -> None:
    corpus = tmp_path / "beat.jsonl"
    good = _line(id="ok", published="2024-01-03", text="Nearly 2,600 returned.")
    corpus.write_text(good + line + good.replace('"ok"', '"ok2"'), encoding="utf-8")
    result = scan([corpus])

    assert [a.id for a in result.articles] == ["ok", "ok2"]
    [problem] = result.problems
    assert problem.severity == "error" and f"{corpus}:2" in problem.message
    assert said in problem.message


def test_the_corpus_is_read_lazily(tmp_path: Path) -> None:
    """The first article arrives before the writer has written the second line: a reader
    that waited for the whole file would make the writer give up waiting (ok is False)."""
    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)
    first_seen = threading.Event()
    outcome: dict[str, bool] = {}

    def writer() -> None:
        with fifo.open("w", encoding="utf-8") as handle:
            handle.write(_line(id="a1", published="2024-01-03", text="Some 40 homes."))
            handle.flush()
            outcome["ok"] = first_seen.wait(timeout=30)
            handle.write(_line(id="a2", published="2024-01-03", text="Nearly 90 homes."))

    thread = threading.Thread(target=writer)
    thread.start()
    items = iter_corpus(fifo)
    first = next(items)
    first_seen.set()
    rest = list(items)
    thread.join()

    assert outcome["ok"] is True
    assert isinstance(first, Article) and first.id == "a1"
    assert [a.id for a in rest if isinstance(a, Article)] == ["a2"]


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    articles = scan([SEEDS]).articles
    path = tmp_path / "corpus.jsonl"
    assert write_corpus(path, articles) == len(articles)
    back = [a for a in iter_corpus(path) if not isinstance(a, Bad)]
    fields = ("id", "text", "published", "outlet", "url", "title")
    assert [[getattr(a, f) for f in fields] for a in back] == [
        [getattr(a, f) for f in fields] for a in articles
    ]


def test_check_reads_a_corpus_file_like_the_dataset(tmp_path: Path) -> None:
    corpus = tmp_path / "seeds.jsonl"
    write_corpus(corpus, scan([SEEDS]).articles)
    out_corpus, out_dir = tmp_path / "c.json", tmp_path / "d.json"
    for source, out in ((corpus, out_corpus), (SEEDS, out_dir)):
        result = runner.invoke(
            app, ["check", str(source), "--json", str(out), "--fail-on", "never"]
        )
        assert result.exit_code == 0, result.output

    def summary(path: Path) -> list[tuple[str, int, int, str | None]]:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return [(c["article"], c["start"], c["end"], c["key"]) for c in payload["claims"]]

    assert summary(out_corpus) == summary(out_dir) != []


def test_eval_reads_a_dataset_whose_articles_carry_their_text(tmp_path: Path) -> None:
    inline = tmp_path / "inline"
    inline.mkdir()
    write_corpus(inline / "articles.jsonl", scan([SEEDS]).articles)
    for name in ("claims.jsonl", "findings.jsonl"):
        shutil.copy(SEEDS / name, inline / name)
    boards = []
    for dataset in (inline, SEEDS):
        out = tmp_path / f"{dataset.name}.json"
        result = runner.invoke(
            app,
            [
                "eval",
                str(dataset),
                "--no-progress",
                "--json",
                str(out),
                "--run-dir",
                str(tmp_path / f"run-{dataset.name}"),
            ],
        )
        assert result.exit_code == 0, result.output
        boards.append(json.loads(out.read_text(encoding="utf-8"))["metrics"])

    keep = [k for k in boards[1] if not k.startswith("cost.")]
    assert {k: boards[0][k] for k in keep} == {k: boards[1][k] for k in keep}
    assert boards[0]["claims.recall"] > 0
