"""The result of `figcheck eval`: metrics under the spec's names, plus every miss and false alarm.

Kept apart from the scoring code so a saved scoreboard.json can be read back
(for `compare`) without running anything.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from figcheck.errors import FigcheckError
from figcheck.models import Problem

Metric = float | int | None


class ClaimRef(BaseModel):
    """A claim as a reviewer finds it again: article, id, span and quote."""

    article: str
    id: str
    start: int
    end: int
    quote: str


class MatchRow(BaseModel):
    """One matched (gold, predicted) pair and how well the prediction did on it."""

    article: str
    gold: str
    predicted: str
    gold_quote: str
    predicted_quote: str
    iou: float
    exact_span: bool
    interval_ok: bool
    unit_ok: bool = True  # canonical units equal (scoreboards written before units: True)


class FindingRef(BaseModel):
    """A finding with the quotes of its claims, so a miss can be judged without the dataset."""

    id: str
    kind: str
    claims: list[str]
    quotes: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    note: str | None = None
    matched_with: list[str] = Field(default_factory=list)


class ArticleScore(BaseModel):
    """One per-article row; ratios are None where their denominator is zero."""

    article: str
    outlet: str | None = None
    gold: int
    predicted: int
    matched: int
    precision: float | None
    recall: float | None
    f1: float | None
    exact_span_rate: float | None
    mean_iou: float | None
    interval_accuracy: float | None
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_s: float = 0.0
    failed: bool = False


class Scoreboard(BaseModel):
    """Everything `figcheck eval` reports; `metrics` keys are the spec's dotted names."""

    dataset: str
    extractor: str
    model: str | None = None
    prompt_hash: str | None = None
    gold_claims: bool = False
    created: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    metrics: dict[str, Metric]
    per_article: list[ArticleScore] = Field(default_factory=list)
    matches: list[MatchRow] = Field(default_factory=list)
    misses: list[ClaimRef] = Field(default_factory=list)
    false_alarms: list[ClaimRef] = Field(default_factory=list)
    finding_misses: list[FindingRef] = Field(default_factory=list)
    finding_hits: list[FindingRef] = Field(default_factory=list)
    finding_false_alarms: list[FindingRef] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    rules: dict[str, str] = Field(default_factory=dict)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)


def load_scoreboard(source: str | Path | Scoreboard) -> Scoreboard:
    """A scoreboard from a path to scoreboard.json, a run dir holding one, or JSON text."""
    if isinstance(source, Scoreboard):
        return source
    text: str
    where: str
    if isinstance(source, str) and source.lstrip().startswith("{"):
        text, where = source, "<json text>"
    else:
        path = Path(source)
        if path.is_dir():
            path = path / "scoreboard.json"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise FigcheckError(
                f"{path}: cannot read scoreboard ({exc.strerror}); pass the scoreboard.json "
                "written by `figcheck eval --json` or its --run-dir"
            ) from exc
        where = str(path)
    try:
        return Scoreboard.model_validate(json.loads(text))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise FigcheckError(f"{where}: not a figcheck scoreboard: {exc}") from exc
