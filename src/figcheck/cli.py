"""`figcheck` command line: a thin shell over the library (parse, call, print).

Tables and progress go to the terminal for people; `--json` files are for
machines. Keys come from the environment or figcheck.toml, never from flags.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from figcheck.errors import FigcheckError
from figcheck.models import Claim, Problem
from figcheck.normalise import _format
from figcheck.report import Report

if TYPE_CHECKING:
    from figcheck.llm.config import LLMConfig

EXIT_CODES = """Exit codes: 0 clean; 1 findings at or above --fail-on (check); 2 usage or
config error; 3 some or all inputs or articles failed (the summary says which),
including a run where every LLM request failed."""

app = typer.Typer(
    help="Check the figures in news reporting: extract, cross-check, report, evaluate.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=True,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # messages never hard-wrapped


class _Show:
    """Where tables for people go: stdout, or stderr when stdout carries JSON (`--json -`),
    or nowhere with --quiet. Errors and warnings always go to stderr."""

    console: Console | None = out


show = _Show()


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"figcheck {version('figcheck')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No tables: errors, warnings and files only.")
    ] = False,
) -> None:
    """Check the figures in news reporting: extract, cross-check, report, evaluate."""
    show.console = None if quiet else out


def _route(*targets: Path | None) -> None:
    """`-` as an output means JSON on stdout: tables move to stderr."""
    if any(t is not None and str(t) == "-" for t in targets) and show.console is out:
        show.console = err


def _display(renderable: Any) -> None:
    if show.console is not None:
        show.console.print(renderable)


ReportOpt = Annotated[Path | None, typer.Option("--report", help="Write the Markdown report here.")]
JsonReportOpt = Annotated[Path | None, typer.Option("--json", help="Write the JSON report here.")]
HtmlOpt = Annotated[Path | None, typer.Option("--html", help="Write the HTML view here.")]
Paths = Annotated[
    list[Path],
    typer.Argument(
        help="Article files (.txt/.md), corpus files (.jsonl, .parquet), folders, dataset dirs."
    ),
]
ExtractorOpt = Annotated[
    str,
    typer.Option("--extractor", "-e", help="rules (offline), llm (needs an endpoint), or auto."),
]
ModelOpt = Annotated[
    str | None, typer.Option("--model", help="LLM model name (else FIGCHECK_MODEL).")
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible endpoint (else OPENAI_BASE_URL)."),
]
TrustOpt = Annotated[
    bool,
    typer.Option(
        "--trust-project-config",
        help="Let ./figcheck.toml name the endpoint your OPENAI_API_KEY is sent to.",
    ),
]
EngineOpt = Annotated[
    str,
    typer.Option(
        "--engine",
        help="local (one process) or ray (Ray Data: needs the figcheck[ray] extra; rules only).",
    ),
]
FallbackOpt = Annotated[
    str | None,
    typer.Option(
        "--fallback",
        help="Extractor for articles whose extraction failed (e.g. rules); off unless given.",
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0.001,
        help="Seconds one LLM request may take (else FIGCHECK_TIMEOUT, figcheck.toml, 60).",
    ),
]
DeadlineOpt = Annotated[
    float | None,
    typer.Option(
        "--deadline",
        min=0,
        envvar="FIGCHECK_DEADLINE",
        help="Seconds the whole run may take; articles not started by then are recorded "
        "as not attempted (eval: continue them with --resume).",
    ),
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Do not read or write the LLM response cache.")
]
ConcurrencyOpt = Annotated[
    int, typer.Option("--concurrency", "-j", help="Articles extracted at once.")
]
RpmOpt = Annotated[
    float | None, typer.Option("--rpm", help="At most this many article starts per minute.")
]


def _progress_wanted() -> bool:
    """A progress bar only for a person watching: on a terminal, and never with --quiet."""
    return show.console is not None and sys.stderr.isatty()


class FailOn(StrEnum):
    """The least severe verdict that makes `check` exit 1."""

    inconsistent = "inconsistent"
    unclear = "unclear"
    never = "never"


def _llm_options(
    model: str | None,
    base_url: str | None,
    no_cache: bool,
    trust: bool = False,
    timeout: float | None = None,
) -> dict[str, Any]:
    options: dict[str, Any] = {"trust_project": True} if trust else {}
    if timeout is not None:
        options["timeout_s"] = timeout
    if model:
        options["model"] = model
    if base_url:
        options["base_url"] = base_url
    if no_cache:
        options["cache"] = False
    return options


def _fail(exc: Exception) -> typer.Exit:
    err.print("[red]error:[/red] ", markup=True, end="")
    err.print(str(exc), markup=False)  # "[llm]" in a message is text, not a style
    return typer.Exit(code=2)


def _claims_table(claims: list[Claim]) -> Table:
    table = Table(title="Figures", show_lines=False)
    for column in ("article", "quote", "interval", "qualifier", "measure", "source", "as_of"):
        table.add_column(column, overflow="fold")
    for claim in claims:
        table.add_row(
            *_cells(
                claim.article,
                claim.quote,
                _format.interval(
                    claim.low, claim.high, claim.low_open, claim.high_open, claim.unit
                ),
                claim.qualifier.value,
                claim.measure,
                claim.source or "",
                claim.as_of.isoformat() if claim.as_of else "",
            )
        )
    return table


def _cells(*values: str) -> list[Text]:
    """Table cells as plain Text: article and model text is never read as rich markup
    ("[/]Reuters" in a quote would otherwise stop the run)."""
    return [Text(v) for v in values]


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        where = problem.path or problem.article or ""
        colour = "red" if problem.severity == "error" else "yellow"
        err.print(
            f"[{colour}]{problem.severity}[/{colour}] {problem.stage}: {where}: ",
            markup=True,
            end="",
        )
        err.print(problem.message, markup=False)


@app.command()
def extract(
    paths: Paths,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Write claims as JSON here.")
    ] = None,
    extractor: ExtractorOpt = "auto",
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
    trust_project_config: TrustOpt = False,
    fallback: FallbackOpt = None,
    timeout: TimeoutOpt = None,
    deadline: DeadlineOpt = None,
    concurrency: ConcurrencyOpt = 4,
    rpm: RpmOpt = None,
) -> None:
    """Extract every figure-bearing claim with a verified source span."""
    from figcheck.pipeline import extract_all

    _route(json_file)
    _guard_outputs(paths, json_file)
    options = _llm_options(model, base_url, no_cache, trust_project_config, timeout)
    result = _run(extract_all, paths, extractor, options, fallback, deadline, concurrency, rpm)
    _print_problems(result.problems)
    _write(json_file, result.to_json)
    _exit(result, FailOn.never)


def _run(
    stage: Callable[..., Report],
    paths: list[Path],
    extractor: str,
    options: dict[str, Any],
    fallback: str | None = None,
    deadline: float | None = None,
    concurrency: int = 4,
    rpm: float | None = None,
    engine: str = "local",
) -> Report:
    """Run a pipeline stage, saying first which extractor, model and endpoint it uses and why."""
    from figcheck.extractors import get_extractor

    try:
        chosen = get_extractor(extractor, **options)
        err.print(_which(chosen, extractor), markup=False)
        extra: dict[str, Any] = {"fallback": fallback} if fallback else {}
        if deadline is not None:
            extra["deadline"] = deadline
        if engine != "local":
            extra["engine"] = engine
        else:
            extra |= {"concurrency": concurrency, "rpm": rpm, "progress": _progress_wanted()}
        result = stage(paths, chosen, **extra)
    except FigcheckError as exc:
        raise _fail(exc) from exc
    model_note = f" (model {result.model})" if result.model else ""
    err.print(
        f"extractor: {result.extractor}{model_note}  articles: {len(result.articles)}  "
        f"claims: {len(result.claims)}  findings: {len(result.findings)}"
    )
    _display(_claims_table(result.claims))
    return result


def _which(chosen: Any, asked: str) -> str:
    """The first line of every run: no paid model is ever used silently."""
    config = getattr(chosen, "config", None)
    if config is not None:
        endpoint = config.endpoint
        return (
            f"using the llm extractor: model {config.model} at {endpoint} "
            f"(asked for {asked}; endpoint configured by {config.source})"
        )
    why = (
        "no LLM endpoint is configured (OPENAI_API_KEY / OPENAI_BASE_URL / figcheck.toml; "
        "see figcheck config)"
        if asked == "auto"
        else "asked for"
    )
    return f"using the rules extractor, offline: {why}"


def _guard_outputs(inputs: list[Path], *targets: Path | None) -> None:
    """An output file never overwrites an input (`--report a.md` with a.md as an article)."""
    given = {p.resolve() for p in inputs if str(p) != "-"}
    for target in targets:
        if target is not None and str(target) != "-" and target.resolve() in given:
            raise _fail(ValueError(f"{target} is one of the inputs; write the output elsewhere"))


def _write(target: Path | None, render: Callable[[], str]) -> None:
    if target is not None and str(target) == "-":
        sys.stdout.write(render().rstrip("\n") + "\n")
        return
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(), encoding="utf-8")
        err.print(f"wrote {target}")


@app.command()
def check(
    paths: Paths,
    report: ReportOpt = None,
    json_file: JsonReportOpt = None,
    html: HtmlOpt = None,
    open_html: Annotated[
        bool,
        typer.Option(
            "--open",
            help="Open the HTML view in a browser (written to a temporary file without --html).",
        ),
    ] = False,
    extractor: ExtractorOpt = "auto",
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
    trust_project_config: TrustOpt = False,
    fallback: FallbackOpt = None,
    timeout: TimeoutOpt = None,
    deadline: DeadlineOpt = None,
    engine: EngineOpt = "local",
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding has this verdict or a worse one (never: always 0).",
        ),
    ] = FailOn.inconsistent,
    concurrency: ConcurrencyOpt = 4,
    rpm: RpmOpt = None,
    shards: Annotated[
        Path | None,
        typer.Option(
            "--shards",
            help="Corpus scale: stream the articles and write claims, findings, articles and "
            "problems as shards in this folder (memory stays flat); --report/--html then "
            "hold a digest per story.",
        ),
    ] = None,
    shard_format: Annotated[
        str, typer.Option("--shard-format", help="jsonl, or parquet (the figcheck[parquet] extra).")
    ] = "jsonl",
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue the killed --shards run in that folder."),
    ] = False,
) -> None:
    """Extract, link and cross-check figures across articles; write a reviewer's report.

    Articles are extracted --concurrency at a time under --rpm starts per
    minute, with a progress bar when stderr is a terminal. With --shards the
    results go to shard files and the reports summarise per story.

    Exit codes: 0 clean; 1 findings at or above --fail-on; 2 usage or config
    error; 3 some or all inputs or articles failed.
    """
    from figcheck.pipeline import check as run_check

    _route(report, json_file, html)
    _guard_outputs(paths, report, json_file, html)
    options = _llm_options(model, base_url, no_cache, trust_project_config, timeout)
    if shards is not None or resume:
        if shards is None:
            raise _fail(ValueError("--resume needs the --shards folder of the run to continue"))
        if json_file is not None or open_html:
            raise _fail(
                ValueError("--shards writes the JSON as shards: leave out --json and --open")
            )
        options |= {"fallback": fallback, "deadline": deadline, "concurrency": concurrency}
        options |= {"engine": engine}
        options |= {"rpm": rpm, "shard_format": shard_format, "resume": resume}
        _check_shards(paths, shards, extractor, options, report, html, fail_on)
        return
    result = _run(
        run_check, paths, extractor, options, fallback, deadline, concurrency, rpm, engine
    )
    findings = Table(title="Findings")
    for column in ("verdict", "kind", "claims", "note"):
        findings.add_column(column, overflow="fold")
    order = {"inconsistent": 0, "unclear": 1, "consistent": 2}
    for finding in sorted(result.findings, key=lambda f: order[f.verdict.value]):
        findings.add_row(
            *_cells(
                finding.verdict.value,
                finding.kind.value,
                ", ".join(finding.claims),
                finding.note or "",
            )
        )
    _display(findings)
    _print_problems(result.problems)
    _write(report, result.to_markdown)
    _write(json_file, result.to_json)
    _write(html, result.to_html)
    if open_html:
        _open_in_browser(html if html is not None and str(html) != "-" else None, result)
    _exit(result, fail_on)


def _check_shards(
    paths: list[Path],
    folder: Path,
    extractor: str,
    options: dict[str, Any],
    report: Path | None,
    html: Path | None,
    fail_on: FailOn,
) -> None:
    """`check --shards`: the streamed run, a digest per story, and the same exit codes."""
    from figcheck.extractors import get_extractor
    from figcheck.pipeline import check_to_shards
    from figcheck.report.stories import digest, render_digest_html, render_digest_markdown

    llm = {k: v for k, v in options.items() if k not in _SHARD_RUN_OPTIONS}
    try:
        chosen = get_extractor(extractor, **llm)
        err.print(_which(chosen, extractor), markup=False)
        run = check_to_shards(paths, folder, chosen, **options)
        view = digest(folder) if report is not None or html is not None else None
    except FigcheckError as exc:
        raise _fail(exc) from exc
    resumed = f" ({run.resumed} extracted by the run resumed)" if run.resumed else ""
    err.print(
        f"extractor: {run.extractor}  articles: {run.articles}{resumed}  claims: {run.claims}  "
        f"findings: {run.findings}  stories: {run.stories}  shards: {folder}"
    )
    errors = [p for p in run.problems if p.severity == "error"]
    _print_problems(run.problems[:_SHOWN_PROBLEMS])
    if len(run.problems) > _SHOWN_PROBLEMS:
        err.print(f"... {len(run.problems) - _SHOWN_PROBLEMS} more problems in {folder}")
    if view is not None:
        _write(report, lambda: render_digest_markdown(view))
        _write(html, lambda: render_digest_html(view))
    if errors or not run.articles:
        which = {p.path or p.article or "?" for p in errors}
        err.print(f"failed: {len(which)} input(s) or article(s); see the problems shards")
        raise typer.Exit(code=3)
    if fail_on is not FailOn.never:
        floor = _SEVERITY[fail_on.value]
        hits = sum(n for v, n in run.verdicts.items() if _SEVERITY[v] >= floor)
        if hits:
            err.print(f"{hits} finding(s) at or above --fail-on {fail_on.value}: exit 1")
            raise typer.Exit(code=1)


_SHARD_RUN_OPTIONS = (
    "fallback",
    "deadline",
    "concurrency",
    "rpm",
    "shard_format",
    "resume",
    "engine",
)
_SHOWN_PROBLEMS = 20


def _open_in_browser(written: Path | None, result: Report) -> None:
    """Show the HTML view; with no --html file it goes to a fresh temporary file first."""
    import tempfile
    import webbrowser

    if written is None:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", prefix="figcheck-report-", suffix=".html", delete=False
        ) as handle:
            handle.write(result.to_html())
        written = Path(handle.name)
        err.print(f"wrote {written}", markup=False)
    if not webbrowser.open(written.resolve().as_uri()):
        err.print(f"no browser could be opened; the report is at {written}", markup=False)


_SEVERITY = {"inconsistent": 2, "unclear": 1, "consistent": 0}


def _exit(result: Report, fail_on: FailOn) -> None:
    """0 clean, 1 findings at or above --fail-on, 3 inputs or articles failed (says which)."""
    failed = sorted({p.path or p.article or "?" for p in result.problems if p.severity == "error"})
    if failed or not result.articles:
        every = not result.articles or (len(failed) >= len(result.articles) and not result.claims)
        which = "every input" if every else f"{len(failed)} input(s)"
        err.print(f"failed: {which}: {', '.join(failed) or 'no article was read'}", markup=False)
        raise typer.Exit(code=3)
    if fail_on is not FailOn.never:
        floor = _SEVERITY[fail_on.value]
        hits = [f for f in result.findings if _SEVERITY[f.verdict.value] >= floor]
        if hits:
            err.print(f"{len(hits)} finding(s) at or above --fail-on {fail_on.value}: exit 1")
            raise typer.Exit(code=1)


_HEADLINE = (
    "claims.precision",
    "claims.recall",
    "claims.f1",
    "claims.exact_span_rate",
    "claims.mean_iou",
    "claims.interval_accuracy",
    "claims.unit_accuracy",
    "grouping.f1",
    "findings.precision",
    "findings.recall",
    "cost.requests",
    "cost.prompt_tokens",
    "cost.completion_tokens",
    "cost.wall_s",
)


@app.command("eval")
def eval_(
    dataset: Annotated[
        Path | None, typer.Argument(help="Dataset dir in the layout of the dataset spec.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the Markdown scoreboard here.")
    ] = None,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Write the JSON scoreboard here.")
    ] = None,
    extractor: ExtractorOpt = "rules",
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
    timeout: TimeoutOpt = None,
    deadline: DeadlineOpt = None,
    gold_claims: Annotated[
        bool,
        typer.Option(
            "--gold-claims", help="Feed gold claims to the cross-checker: score it alone."
        ),
    ] = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", help="Articles extracted at once.")
    ] = 4,
    rpm: Annotated[
        float | None, typer.Option("--rpm", help="At most this many article starts per minute.")
    ] = None,
    run_dir: Annotated[
        Path | None,
        typer.Option("--run-dir", help="Keep extractions here so a killed run can --resume."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the run in --run-dir.")
    ] = False,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = True,
    engine: EngineOpt = "local",
    compare: Annotated[
        tuple[Path, Path] | None,
        typer.Option("--compare", help="Show what changed between two runs' scoreboard.json."),
    ] = None,
    inject: Annotated[
        bool,
        typer.Option(
            "--inject",
            help="Error injection: change each shared figure by a third, count how often a "
            "finding catches it; also the false-alarm rate of the unchanged data.",
        ),
    ] = False,
    in_claims: Annotated[
        bool,
        typer.Option(
            "--in-claims",
            help="With --inject: scale the extracted claims at the changed figure instead of "
            "extracting the changed text (for stored answers: cassettes, a stand-in).",
        ),
    ] = False,
) -> None:
    """Score figcheck against a labelled dataset (claims, grouping, findings, cost).

    Every run keeps its extractions and scoreboard in a run directory (default
    runs/DATASET-EXTRACTOR-TIME), so a killed run continues with --resume.
    """
    from figcheck.evaluate import evaluate

    if compare is not None:
        compare_(*compare)
        return
    if dataset is None:
        raise _fail(ValueError("give a DATASET directory to score, or --compare RUN_A RUN_B"))
    if inject:
        _inject(
            dataset, extractor, gold_claims, model, base_url, no_cache, report, json_file, in_claims
        )
        return
    if run_dir is None:
        if resume:
            raise _fail(ValueError("--resume needs the --run-dir of the run to continue"))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        mode = "-gold-claims" if gold_claims else ""
        run_dir = Path("runs") / f"{dataset.resolve().name}-{extractor}{mode}-{stamp}"
    try:
        board = evaluate(
            dataset,
            extractor,
            gold_claims=gold_claims,
            concurrency=concurrency,
            rpm=rpm,
            resume=resume,
            run_dir=run_dir,
            progress=progress,
            extractor_options=_llm_options(model, base_url, no_cache, timeout=timeout),
            deadline=deadline,
            engine=engine,
        )
    except FigcheckError as exc:
        raise _fail(exc) from exc
    table = Table(title=f"figcheck eval: {board.extractor} on {dataset}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name in _HEADLINE:
        value = board.metrics.get(name)
        table.add_row(
            name,
            "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value),
        )
    _display(table)
    err.print(f"missed claims: {len(board.misses)}  false alarms: {len(board.false_alarms)}")
    err.print(
        f"scoreboard: {run_dir / 'scoreboard.md'} (resume a killed run with "
        f"--run-dir {run_dir} --resume)"
    )
    _print_problems(board.problems)
    from figcheck.report.scoreboard import render_scoreboard

    (run_dir / "scoreboard.md").write_text(render_scoreboard(board), encoding="utf-8")
    _write(report, lambda: render_scoreboard(board))
    _write(json_file, board.to_json)


def _inject(
    dataset: Path,
    extractor: str,
    gold_claims: bool,
    model: str | None,
    base_url: str | None,
    no_cache: bool,
    report: Path | None,
    json_file: Path | None,
    in_claims: bool = False,
) -> None:
    from figcheck.evaluate.inject import inject
    from figcheck.extractors import get_extractor
    from figcheck.link import StoryLinker

    options = _llm_options(model, base_url, no_cache)
    linker: StoryLinker | None = None
    try:
        chosen = get_extractor(extractor, **options)
        if chosen.name == "llm":
            from figcheck.llm.linker import make_story_linker

            linker = make_story_linker(**options)
        result = inject(
            dataset, chosen, gold_claims=gold_claims, story_linker=linker, in_claims=in_claims
        )
    except FigcheckError as exc:
        raise _fail(exc) from exc
    caught = sum(t.caught for t in result.tries)
    recall = "–" if result.recall is None else f"{result.recall:.2f}"
    alarms = "–" if result.false_alarms_per_10 is None else f"{result.false_alarms_per_10:.2f}"
    table = Table(title=f"figcheck eval --inject: {result.extractor} on {dataset}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("changed figures caught", f"{caught}/{len(result.tries)}")
    table.add_row("injection recall", recall)
    table.add_row("false inconsistent per 10 articles (unchanged data)", alarms)
    _display(table)
    _write(report, result.to_markdown)
    _write(json_file, lambda: result.model_dump_json(indent=1))


@app.command("config")
def config_(
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Write the settings as JSON here ('-': stdout).")
    ] = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
    trust_project_config: TrustOpt = False,
) -> None:
    """Print every LLM setting as resolved, with its origin (cli, env, project, user, default).

    The API key is never printed: only whether one is set.
    """
    from figcheck.llm.config import user_config_file

    _route(json_file)
    config = _load(_llm_options(model, base_url, no_cache, trust_project_config))
    rows = config.settings()
    table = Table(
        title="figcheck config",
        caption="origin, highest first: cli > env > project > user > default",
    )
    for column in ("setting", "value", "origin"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*_cells(row.name, row.value, row.origin))
    _display(table)
    files = {"project_file": Path.cwd() / "figcheck.toml", "user_file": user_config_file()}
    for name, path in files.items():
        state = "" if path.is_file() else " (absent)"
        err.print(f"{name.replace('_', ' ')}: {path}{state}", markup=False)
    payload = {
        "settings": [r.model_dump() for r in rows],
        **{name: str(path) for name, path in files.items()},
    }
    _write(json_file, lambda: json.dumps(payload, indent=1))


def _load(options: dict[str, Any]) -> LLMConfig:
    from figcheck.llm.config import load_config

    trust = bool(options.pop("trust_project", False))
    try:
        return load_config(trust_project=trust, **options)
    except FigcheckError as exc:
        raise _fail(exc) from exc


cache_app = typer.Typer(help="The LLM response cache: where it is, how full, clear it.")
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Write the figures as JSON here ('-': stdout).")
    ] = None,
) -> None:
    """Path, entries, size on disk, size limit and expiry of the response cache."""
    from figcheck.llm.cache import ResponseCache

    _route(json_file)
    # Nothing is sent anywhere, so a project's endpoint needs no trust here; its
    # cache_dir must still stay inside the project.
    info = ResponseCache.from_config(_load({"trust_project": True})).info()
    table = Table(title="figcheck cache")
    table.add_column("")
    table.add_column("", overflow="fold")
    expiry = "never" if info.expire_days == 0 else f"{info.expire_days:g} days"
    for name, value in (
        ("path", info.path),
        ("entries", str(info.entries)),
        ("size", f"{info.size_bytes / 1024 / 1024:.1f} MB ({info.size_bytes} bytes)"),
        ("limit", f"{info.limit_bytes / 1024 / 1024:.1f} MB"),
        ("expiry", expiry),
    ):
        table.add_row(*_cells(name, value))
    _display(table)
    _write(json_file, lambda: info.model_dump_json(indent=1))


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove every cached LLM answer (the next run asks the model again)."""
    from figcheck.llm.cache import ResponseCache

    cache = ResponseCache.from_config(_load({"trust_project": True}))
    removed = cache.clear()
    err.print(f"removed {removed} cached answer(s) from {cache.directory}", markup=False)


@app.command("compare")
def compare_(
    run_a: Annotated[Path, typer.Argument(help="scoreboard.json of run A (or its --run-dir).")],
    run_b: Annotated[Path, typer.Argument(help="scoreboard.json of run B (or its --run-dir).")],
) -> None:
    """Markdown: metric deltas between two eval runs and the claims/findings that flipped."""
    from figcheck.report.scoreboard import compare

    try:
        text = compare(run_a, run_b)
    except FigcheckError as exc:
        raise _fail(exc) from exc
    typer.echo(text, nl=False)


batch_app = typer.Typer(
    help="Provider Batch API: submit extraction requests, check on them, collect the results.",
    no_args_is_help=True,
)
app.add_typer(batch_app, name="batch")
RunDirOpt = Annotated[Path, typer.Option("--run-dir", help="Where the batch's state is kept.")]
BATCH_PENDING = 75  # EX_TEMPFAIL: the batch has not finished; run collect again later


def _batch_line(state: Any) -> str:
    waiting = "nothing to send, every chunk is cached" if not state.requests else "not created"
    counts = state.request_counts
    done = f" ({counts.get('completed', 0)}/{counts.get('total', 0)} done)" if counts else ""
    usage = (
        f"; batch usage: {state.usage.input_tokens} input + {state.usage.output_tokens} "
        "output tokens"
        if state.usage
        else ""
    )
    return (
        f"batch {state.batch_id or '(not created)'}: {state.status or waiting}{done}; "
        f"{state.requests} request(s) for {state.articles} article(s), "
        f"{state.cached} answered from the cache{usage}"
    )


@batch_app.command("submit")
def batch_submit(
    paths: Paths,
    run_dir: RunDirOpt,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
    trust_project_config: TrustOpt = False,
) -> None:
    """Write the LLM extraction requests as JSONL, upload them and create a batch (24 h).

    Rerun after an interruption: it continues where it stopped and sends nothing twice.
    """
    from figcheck.pipeline import batch_submit as submit

    try:
        state = submit(
            paths, run_dir, **_llm_options(model, base_url, no_cache, trust_project_config)
        )
    except FigcheckError as exc:
        raise _fail(exc) from exc
    _print_problems(state.problems)
    err.print(_batch_line(state), markup=False)
    err.print(
        f"check on it: figcheck batch status {run_dir}; then: figcheck batch collect {run_dir}"
    )


@batch_app.command("status")
def batch_status(
    run_dir: Annotated[Path, typer.Argument(help="The --run-dir given to submit.")],
    base_url: BaseUrlOpt = None,
    trust_project_config: TrustOpt = False,
) -> None:
    """Ask the provider how the batch stands; its counts and usage are recorded in the run dir."""
    from figcheck.pipeline import batch_status as status

    try:
        state = status(run_dir, **_llm_options(None, base_url, False, trust_project_config))
    except FigcheckError as exc:
        raise _fail(exc) from exc
    typer.echo(_batch_line(state))


@batch_app.command("collect")
def batch_collect(
    run_dir: Annotated[Path, typer.Argument(help="The --run-dir given to submit.")],
    report: ReportOpt = None,
    json_file: JsonReportOpt = None,
    html: HtmlOpt = None,
    base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
    trust_project_config: TrustOpt = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", help="Articles grounded (and re-asked) at once.")
    ] = 4,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="As for check.")
    ] = FailOn.inconsistent,
) -> None:
    """Download the answers, ground and validate them like online ones (re-asking the failed
    ones online), then link, cross-check and report like `check`.

    Exit 75 while the batch is still running; otherwise the exit codes of check.
    """
    from figcheck.pipeline import batch_collect as collect

    _route(report, json_file, html)
    options = _llm_options(None, base_url, no_cache, trust_project_config)
    try:
        result = collect(run_dir, concurrency=concurrency, **options)
    except FigcheckError as exc:
        raise _fail(exc) from exc
    if not isinstance(result, Report):
        err.print(_batch_line(result), markup=False)
        err.print("not finished yet; run collect again later", markup=False)
        raise typer.Exit(code=BATCH_PENDING)
    err.print(
        f"extractor: {result.extractor} (model {result.model}, provider batch)  "
        f"articles: {len(result.articles)}  claims: {len(result.claims)}  "
        f"findings: {len(result.findings)}  requests: {result.usage.requests} "
        f"({result.usage.batch_requests} from the batch)"
    )
    _display(_claims_table(result.claims))
    _print_problems(result.problems)
    _write(report, result.to_markdown)
    _write(json_file, result.to_json)
    _write(html, result.to_html)
    _exit(result, fail_on)


if __name__ == "__main__":  # pragma: no cover
    app()
