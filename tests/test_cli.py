"""End-to-end through the CLI on the seed dataset, offline (rules extractor)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from figcheck.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "seeds"
runner = CliRunner(env={"COLUMNS": "300"})  # wide tables: quotes stay on one line


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`auto` must fall back to rules here, whatever the developer's shell has set."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "FIGCHECK_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("quote_start", "low", "high", "low_open", "qualifier"),
    [
        ("248 Russian soldiers", 248, 248, False, "exact"),
        ("Exactly 230", 230, 230, False, "exact"),
        ("2,828", 2828, 2828, False, "exact"),
        ("nearly 2,600", None, 2600, False, "nearly"),
        ("More than 200", 200, None, True, "more_than"),
        ("66 defenders", 66, 66, False, "exact"),
        ("116 Ukrainian servicemen", 116, 116, False, "exact"),
        ("63 Russian servicemen", 63, 63, False, "exact"),
        ("A majority of 87", 87, 87, False, "exact"),
    ],
)
def test_extract_json_lists_seed_figures(
    tmp_path: Path,
    quote_start: str,
    low: float | None,
    high: float | None,
    low_open: bool,
    qualifier: str,
) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["extract", str(SEEDS), "--json", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["extractor"] == "rules"
    texts = {a["id"]: a["text"] for a in payload["articles"]}
    hits = [c for c in payload["claims"] if c["quote"].startswith(quote_start)]
    assert hits, f"no claim starting {quote_start!r}"
    claim = hits[0]
    assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["quote"]
    assert (claim["low"], claim["high"], claim["low_open"], claim["qualifier"]) == (
        low,
        high,
        low_open,
        qualifier,
    )


def test_check_writes_report_with_the_seed_findings(tmp_path: Path) -> None:
    md, js, html = tmp_path / "r.md", tmp_path / "r.json", tmp_path / "r.html"
    result = runner.invoke(
        app, ["check", str(SEEDS), "--report", str(md), "--json", str(js), "--html", str(html)]
    )
    assert result.exit_code == 1, result.output  # the seeds hold real inconsistencies
    report = md.read_text(encoding="utf-8")
    data = json.loads(js.read_text(encoding="utf-8"))
    claims = {c["id"]: c for c in data["claims"]}

    def involved(finding: dict[str, object]) -> set[str]:
        return {claims[i]["quote"] for i in finding["claims"]}  # type: ignore[attr-defined]

    # the 230-since-2022 sentence against the 2,828 running total: inconsistent
    bad = [f for f in data["findings"] if f["verdict"] == "inconsistent"]
    assert any(
        any("230" in q for q in involved(f)) and any("2,828" in q for q in involved(f)) for f in bad
    ), bad
    # 2,828 - 230 against "nearly 2,600": the reconciliation is shown, consistent
    assert any(
        f["verdict"] == "consistent"
        and any("2,600" in q for q in involved(f))
        and any("2,828" in q for q in involved(f))
        for f in data["findings"]
    )
    # 248 Russians and 230 Ukrainians are different quantities
    key_248 = next(c["key"] for c in claims.values() if c["quote"].startswith("248"))
    key_230 = next(c["key"] for c in claims.values() if c["quote"].startswith("Exactly 230"))
    assert key_248 != key_230
    # the parts of 116: 87 + 8 summed against it, "at least 23" checked alone
    assert any(
        f["kind"] == "arithmetic"
        and any(q.startswith("116") for q in involved(f))
        and any("87" in q for q in involved(f))
        and any(q.startswith("Eight") for q in involved(f))
        for f in data["findings"]
    )
    assert any(
        f["kind"] == "arithmetic"
        and any(q.startswith("116") for q in involved(f))
        and any(q.startswith("At least 23") for q in involved(f))
        for f in data["findings"]
    )
    # the Markdown shows the evidence: quotes of both sides of the conflict
    assert "2,828" in report and "Exactly 230" in report and "nearly 2,600" in report
    assert "rules" in report
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_bad_files_are_reported_and_others_still_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(
        "---\npublished: 2024-05-02\n---\n"
        "At least 12 people were killed on Tuesday, police said.\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners said 40 people came.".encode("latin-1"))
    result = runner.invoke(
        app, ["extract", str(good), str(tmp_path / "empty.txt"), str(tmp_path / "latin1.txt")]
    )
    assert result.exit_code == 3, result.output  # some inputs failed: the rest still ran
    assert "failed: 2 input(s)" in result.output
    assert "At least 12 people" in result.output
    assert "empty.txt" in result.output and "latin1.txt" in result.output


def test_eval_prints_and_keeps_scoreboard_then_compares(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(SEEDS), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "claims.recall" in result.output
    boards = sorted((tmp_path / "runs").glob("seeds-rules-*/scoreboard.md"))
    assert len(boards) == 1
    assert "claims.precision" in boards[0].read_text(encoding="utf-8")
    board_json = boards[0].with_suffix(".json")
    compared = runner.invoke(app, ["eval", "--compare", str(board_json), str(board_json)])
    assert compared.exit_code == 0, compared.output
    assert "B − A" in compared.output
    assert runner.invoke(app, ["eval"]).exit_code == 2


def _cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point, as a CI job runs it (exit codes end to end)."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("figcheck")), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), **env},
    )


def test_exit_codes_end_to_end(tmp_path: Path) -> None:
    clean = tmp_path / "clean.md"
    clean.write_text(
        "---\npublished: 2024-05-02\n---\nAt least 12 people were killed on Tuesday.\n",
        encoding="utf-8",
    )
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe\x00binary")
    assert _cli("check", str(clean), cwd=tmp_path).returncode == 0
    assert _cli("check", str(SEEDS), cwd=tmp_path).returncode == 1
    assert _cli("check", str(SEEDS), "--fail-on", "never", cwd=tmp_path).returncode == 0
    failing = _cli("check", str(clean), str(broken), cwd=tmp_path)
    assert failing.returncode == 3, failing.stderr
    assert "broken.txt" in failing.stderr
    assert _cli("check", str(clean), "--fail-on", "sometimes", cwd=tmp_path).returncode == 2
    assert "Exit codes" in _cli("--help", cwd=tmp_path).stdout
    dead = "http://127.0.0.1:9/v1"  # nothing listens on the discard port: refused at once
    llm = _cli(
        "check", str(clean), "-e", "llm", "--base-url", dead, cwd=tmp_path, OPENAI_API_KEY="k"
    )
    assert llm.returncode == 3, llm.stderr
    assert "127.0.0.1:9" in llm.stderr and "failed: every input" in llm.stderr


def test_rich_markup_in_article_text_is_printed_not_parsed(tmp_path: Path) -> None:
    article = tmp_path / "markup.md"
    article.write_text(
        "---\npublished: 2024-05-02\n---\n[/]Reuters [bold]said[/bold] 12 people [red]died.\n",
        encoding="utf-8",
    )
    done = _cli("check", str(article), "--fail-on", "never", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "[/]Reuters" in done.stdout or "12 people" in done.stdout


def test_cli_conventions(tmp_path: Path) -> None:
    """--version; `-` reads stdin; `--json -` is JSON alone on stdout; --quiet; no overwrite."""
    article = "---\npublished: 2024-05-02\n---\nAt least 12 people were killed, police said.\n"
    figcheck = str(Path(sys.executable).with_name("figcheck"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [figcheck, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
        )

    assert run("--version").stdout.startswith("figcheck ")
    piped = run("check", "-", "--json", "-", stdin=article)
    assert piped.returncode == 0, piped.stderr
    data = json.loads(piped.stdout)  # nothing but JSON on stdout
    assert [c["quote"] for c in data["claims"]] == ["At least 12 people were killed"]
    assert data["articles"][0]["id"] == "stdin"
    assert "Figures" in piped.stderr  # the table went to stderr
    quiet = run("-q", "extract", "-", stdin=article)
    assert quiet.returncode == 0 and "Figures" not in quiet.stdout + quiet.stderr
    source = tmp_path / "a.md"
    source.write_text(article, encoding="utf-8")
    clobber = run("check", str(source), "--report", str(source))
    assert clobber.returncode == 2 and "one of the inputs" in clobber.stderr
    assert source.read_text(encoding="utf-8") == article


def test_auto_says_which_extractor_and_fallback_happens_only_when_asked(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "---\npublished: 2024-05-02\n---\nAt least 12 people were killed.\n", encoding="utf-8"
    )
    offline = _cli("check", str(article), cwd=tmp_path)
    assert offline.stderr.splitlines()[0].startswith("using the rules extractor, offline")
    dead = ("-e", "llm", "--base-url", "http://127.0.0.1:9/v1")
    loud = _cli("check", str(article), *dead, cwd=tmp_path, OPENAI_API_KEY="k")
    assert "127.0.0.1:9/v1" in loud.stderr.splitlines()[0] and loud.returncode == 3
    asked = _cli(
        "check", str(article), *dead, "--fallback", "rules", cwd=tmp_path, OPENAI_API_KEY="k"
    )
    assert asked.returncode == 0, asked.stderr
    assert "rules extractor used instead, as --fallback asked" in asked.stderr


def test_a_dead_endpoint_trips_the_breaker_and_names_the_rest(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"a{i}.md").write_text(
            f"---\npublished: 2024-05-02\n---\nAt least {i + 2} people were killed.\n",
            encoding="utf-8",
        )
    dead = ("-e", "llm", "--base-url", "http://127.0.0.1:9/v1")
    done = _cli("extract", str(tmp_path), *dead, cwd=tmp_path, OPENAI_API_KEY="k")
    assert done.returncode == 3
    assert done.stderr.count("cannot connect") == 3
    assert done.stderr.count("not attempted") == 2


@pytest.mark.parametrize("given_html", [False, True])
def test_check_open_shows_the_html_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given_html: bool
) -> None:
    """--open hands the HTML view to the stdlib browser launcher, written first if need be."""
    import tempfile
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    html = tmp_path / "out" / "r.html"
    args = ["check", str(SEEDS), "--fail-on", "never", "--open"]
    result = runner.invoke(app, args + (["--html", str(html)] if given_html else []))
    assert result.exit_code == 0, result.output
    assert len(opened) == 1 and opened[0].startswith("file://")
    shown = Path(opened[0].removeprefix("file://"))
    if given_html:
        assert shown == html.resolve()
    else:
        assert shown.parent == (tmp_path / "tmp").resolve() and shown.suffix == ".html"
        assert f"wrote {shown}" in result.output
    page = shown.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "AFP (via inkl) #6" in page


def test_check_open_without_a_browser_says_where_the_report_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    html = tmp_path / "r.html"
    result = runner.invoke(
        app, ["check", str(SEEDS), "--fail-on", "never", "--open", "--html", str(html)]
    )
    assert result.exit_code == 0, result.output
    assert "no browser could be opened" in result.output and html.is_file()
