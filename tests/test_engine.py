"""The Ray Data engine gives the single-process results (issue 12, item 2).

Runs a local Ray of 2 CPUs; marked `ray` and run wherever the figcheck[ray]
extra is installed (scripts/test.sh installs it, so CI runs them). Keys are
compared in corpus order, exactly; finding ids are compared canonically: the
single-process cross-checker numbers findings rule family by rule family over
the whole corpus, the ray engine story by story (both deterministic), so the
findings are compared without their ids, sorted.
"""

from __future__ import annotations

import builtins
import datetime as dt
import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from figcheck.cli import app
from figcheck.engine import split_problems
from figcheck.engine.ray_data import _link_group
from figcheck.link import block_of, link, number_keys, plain_words
from figcheck.models import Claim, Finding, Qualifier, Reading
from figcheck.pipeline import check
from figcheck.read._stories import claim_stories

LINK = importlib.import_module("figcheck.link")  # figcheck.link is also the function
DATASETS = Path(__file__).resolve().parents[1] / "evals" / "datasets"
runner = CliRunner(env={"COLUMNS": "300"})


def _canonical(findings: list[Finding]) -> list[str]:
    return sorted(f.model_dump_json(exclude={"id"}) for f in findings)


@pytest.mark.ray
@pytest.mark.parametrize("dataset", ["seeds", "dev", "news-dev", "news-test"])
def test_ray_engine_gives_the_single_process_claims_keys_and_findings(
    dataset: str, local_ray: None
) -> None:
    one = check([DATASETS / dataset], "rules")
    spread = check([DATASETS / dataset], "rules", engine="ray")
    assert len(one.claims) > 20 and one.findings
    assert [c.model_dump() for c in spread.claims] == [c.model_dump() for c in one.claims]
    assert [c.key for c in spread.claims] == [c.key for c in one.claims]
    assert _canonical(spread.findings) == _canonical(one.findings)
    assert [f.id for f in spread.findings] == [f"f{n:03d}" for n in range(1, len(one.findings) + 1)]
    assert [p.message for p in spread.problems] == [p.message for p in one.problems]


@pytest.mark.ray
def test_check_engine_ray_on_the_cli_writes_the_report(local_ray: None, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(
        app,
        ["check", str(DATASETS / "seeds"), "--engine", "ray", "-e", "rules", "--json", str(out)],
    )
    assert result.exit_code == 1, result.output  # the seeds hold real inconsistencies
    assert '"findings"' in out.read_text(encoding="utf-8")


@pytest.mark.ray
def test_eval_engine_ray_scores_as_the_single_process_eval(local_ray: None, tmp_path: Path) -> None:
    from figcheck.evaluate import evaluate

    one = evaluate(DATASETS / "seeds", "rules", run_dir=tmp_path / "a", progress=False)
    spread = evaluate(
        DATASETS / "seeds", "rules", run_dir=tmp_path / "b", progress=False, engine="ray"
    )
    for name in ("claims.f1", "grouping.f1", "findings.precision", "findings.recall"):
        assert spread.metrics[name] == one.metrics[name], name


def test_engine_ray_without_the_extra_says_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real_import = builtins.__import__

    def no_ray(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "ray" or name.startswith("ray."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["check", str(DATASETS / "seeds"), "--engine", "ray", "-e", "rules"]
    )
    assert result.exit_code == 2
    assert "figcheck[ray]" in result.output
    evaluated = runner.invoke(app, ["eval", str(DATASETS / "seeds"), "--engine", "ray"])
    assert evaluated.exit_code == 2
    assert "figcheck[ray]" in evaluated.output


@pytest.mark.parametrize("engine", ["spark", "ray"])
def test_engine_refuses_what_it_cannot_run(engine: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["check", str(DATASETS / "seeds"), "--engine", engine, "-e", "rules", "--deadline", "9"],
    )
    assert result.exit_code == 2
    assert ("unknown engine" if engine == "spark" else "--deadline") in result.output


def _crowded_story(n: int) -> list[Claim]:
    """`n` figures of one story that share no evidence: each is a quantity of its own."""
    words = ["alder", "birch", "cedar", "maple", "rowan", "larch", "aspen", "holly", "hazel"]
    claims = []
    for i in range(n):
        thing = f"{words[i % 9]} {words[(i // 9) % 9]} {words[(i // 81) % 9]} lot{i}"
        claims.append(
            Claim(
                id=f"c{i}",
                article="a1" if i % 2 else "a2",
                start=0,
                end=2,
                quote="12",
                low=12,
                high=12,
                qualifier=Qualifier.exact,
                measure=thing,
                reading=Reading(
                    descriptor=thing,
                    story=("valmora",),
                    published=dt.date(2024, 5, 1),
                    date=dt.date(2024, 5, 1),
                    date_assumed=True,
                ),
            )
        )
    return claims


def test_a_story_too_big_is_linked_block_by_block_as_the_whole_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The engine's link step (a groupby on block, `_link_group` per block, keys renamed
    in corpus order) against `link` of the whole, with blocks cut at 5 groups."""
    monkeypatch.setattr(LINK, "_BLOCK_LIMIT", 5)
    claims = _crowded_story(12) + [
        c.model_copy(update={"id": f"u{c.id}", "unit": "percent"}) for c in _crowded_story(4)
    ]
    claims = [
        c.model_copy(update={"reading": c.reading.model_copy(update={"unit": c.unit})})
        if c.reading
        else c
        for c in claims
    ]
    whole = link(claims)
    stories = claim_stories(claims)
    plain = plain_words(claims, stories)
    blocks: dict[tuple[str, ...], list[int]] = {}
    for i, c in enumerate(claims):
        blocks.setdefault(block_of(c, stories[c.article]), []).append(i)
    assert len(blocks) == 2
    keyed: dict[int, Claim] = {}
    for n, members in enumerate(reversed(list(blocks.values()))):  # any partition order
        batch = {
            "order": [i for i in reversed(members)],
            "story": [stories[claims[i].article] for i in reversed(members)],
            "plain": [" ".join(plain[claims[i].article]) for i in reversed(members)],
            "claim": [claims[i].model_dump_json() for i in reversed(members)],
        }
        out = _link_group(batch)
        for i, data in zip(json.loads(out["orders"][0]), json.loads(out["claims"][0]), strict=True):
            keyed[i] = Claim.model_validate({**data, "key": f"{n}|{data['key']}"})
    spread = number_keys([keyed[i] for i in range(len(claims))], lambda c: c.key)
    assert [c.key for c in spread] == [c.key for c in whole]
    assert [c.notes for c in spread] == [c.notes for c in whole]
    split = [c.id for c in whole if any("block split" in note for note in c.notes)]
    assert split == [f"c{i}" for i in range(6, 12)]  # claim i meets i groups: > 5 from c6
    problems = split_problems(spread, stories)
    assert len(problems) == 1
    assert "block split" in problems[0].message and "6 claim(s)" in problems[0].message


def test_the_report_says_where_a_block_was_split(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LINK, "_BLOCK_LIMIT", 3)
    report = check([DATASETS / "news-dev"], "rules")
    warned = [p for p in report.problems if p.stage == "link" and "block split" in p.message]
    noted = {c.article for c in report.claims if any("block split" in n for n in c.notes)}
    assert warned and noted
    assert "block split" in report.to_markdown()


def test_the_local_ray_gets_a_capped_object_store_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from figcheck.engine.ray_data import OBJECT_STORE_MB, _local_ray_options
    from figcheck.errors import ConfigError

    for name in (
        "FIGCHECK_RAY_OBJECT_STORE_MB",
        "RAY_DEFAULT_OBJECT_STORE_MAX_MEMORY_BYTES",
        "RAY_DEFAULT_OBJECT_STORE_MEMORY_PROPORTION",
    ):
        monkeypatch.delenv(name, raising=False)
    assert _local_ray_options() == {
        "include_dashboard": False,
        "log_to_driver": False,
        "object_store_memory": OBJECT_STORE_MB * 1024 * 1024,
    }
    monkeypatch.setenv("FIGCHECK_RAY_OBJECT_STORE_MB", "2048")
    assert _local_ray_options()["object_store_memory"] == 2048 * 1024 * 1024
    monkeypatch.delenv("FIGCHECK_RAY_OBJECT_STORE_MB")
    monkeypatch.setenv("RAY_DEFAULT_OBJECT_STORE_MEMORY_PROPORTION", "0.5")  # Ray's own wins
    assert "object_store_memory" not in _local_ray_options()
    for bad in ("lots", "10"):
        monkeypatch.setenv("FIGCHECK_RAY_OBJECT_STORE_MB", bad)
        with pytest.raises(ConfigError, match="FIGCHECK_RAY_OBJECT_STORE_MB"):
            _local_ray_options()


def test_the_ray_figcheck_started_is_stopped_and_a_callers_ray_is_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ray = pytest.importorskip("ray", reason="the figcheck[ray] extra is not installed")
    from figcheck.engine import ray_data

    calls: list[str] = []
    running = [False]
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setattr(ray, "is_initialized", lambda: running[0])
    monkeypatch.setattr(
        ray, "init", lambda **_: (calls.append("init"), running.__setitem__(0, True))
    )
    monkeypatch.setattr(
        ray, "shutdown", lambda: (calls.append("shutdown"), running.__setitem__(0, False))
    )
    monkeypatch.setattr(ray_data, "_STARTED", [])
    ray_data.start_ray()
    ray_data.start_ray()  # already running: not started twice
    ray_data.stop_ray()
    ray_data.stop_ray()  # already stopped
    assert calls == ["init", "shutdown"]
    running[0] = True  # a Ray the caller started: used, never stopped
    ray_data.start_ray()
    ray_data.stop_ray()
    assert calls == ["init", "shutdown"]
