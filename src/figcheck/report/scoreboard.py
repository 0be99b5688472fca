"""Markdown for `figcheck eval` scoreboards and for comparing two runs.

Quotes come from articles (untrusted), so the template environment escapes
every printed value, as the report templates do.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment
from pydantic import BaseModel

from figcheck.evaluate.scoreboard import ClaimRef, FindingRef, Metric, Scoreboard, load_scoreboard
from figcheck.report._escape import MarkdownSafe
from figcheck.report._templates import markdown_environment


def _num(value: Metric, signed: bool = False) -> MarkdownSafe:
    """Ratios to 3 places, counts as integers, undefined (0/0) as a dash."""
    if value is None:
        return MarkdownSafe("–")
    if isinstance(value, int):
        text = f"{int(value):+d}" if signed else str(int(value))
    else:
        text = f"{value:+.3f}" if signed else f"{value:.3f}"
    return MarkdownSafe(text)


@cache
def _environment() -> Environment:
    return markdown_environment(num=_num)


def _tidy(text: str) -> str:
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def render_scoreboard(board: Scoreboard) -> str:
    """Totals, per-article rows, then every miss and false alarm with its quote and article."""
    inexact = [r for r in board.matches if not r.exact_span or not r.interval_ok or not r.unit_ok]
    template = _environment().get_template("scoreboard.md.j2")
    return _tidy(template.render(b=board, m=board.metrics, inexact=inexact))


class _MetricRow(BaseModel):
    name: str
    a: Metric
    b: Metric
    delta: Metric


def _gold_claims(board: Scoreboard) -> dict[str, ClaimRef]:
    """Gold claim ids a run matched; flipped claims are shown from the other run's misses."""
    return {
        r.gold: ClaimRef(article=r.article, id=r.gold, start=-1, end=-1, quote=r.gold_quote)
        for r in board.matches
    }


def _alarm_key(c: ClaimRef) -> tuple[str, int, int]:
    return (c.article, c.start, c.end)


def compare(run_a: str | Path | Scoreboard, run_b: str | Path | Scoreboard) -> str:
    """Metric deltas and what flipped between two runs (claims and findings, matched vs missed).

    Each run is a scoreboard.json path, a run dir holding one, JSON text, or a Scoreboard.
    """
    a, b = load_scoreboard(run_a), load_scoreboard(run_b)
    names = list(a.metrics) + [n for n in b.metrics if n not in a.metrics]
    rows = []
    for name in names:
        va, vb = a.metrics.get(name), b.metrics.get(name)
        delta = vb - va if va is not None and vb is not None else None
        rows.append(_MetricRow(name=name, a=va, b=vb, delta=delta))
    a_hit, b_hit = _gold_claims(a), _gold_claims(b)
    a_miss = {c.id: c for c in a.misses}
    b_miss = {c.id: c for c in b.misses}
    gained = [a_miss[g] for g in b_hit if g in a_miss]
    lost = [b_miss[g] for g in a_hit if g in b_miss]
    a_alarms = {_alarm_key(c): c for c in a.false_alarms}
    b_alarms = {_alarm_key(c): c for c in b.false_alarms}
    new_alarms = [c for k, c in b_alarms.items() if k not in a_alarms]
    gone_alarms = [c for k, c in a_alarms.items() if k not in b_alarms]
    a_found = {f.id for f in a.finding_hits}
    b_found = {f.id for f in b.finding_hits}
    f_gained: list[FindingRef] = [f for f in b.finding_hits if f.id not in a_found]
    f_lost: list[FindingRef] = [f for f in a.finding_hits if f.id not in b_found]
    template = _environment().get_template("scoreboard_compare.md.j2")
    return _tidy(
        template.render(
            a=a,
            b=b,
            metrics=rows,
            gained=gained,
            lost=lost,
            new_alarms=new_alarms,
            gone_alarms=gone_alarms,
            f_gained=f_gained,
            f_lost=f_lost,
        )
    )
