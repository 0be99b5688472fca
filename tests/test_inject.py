"""Error injection (`figcheck eval --inject`): a changed figure, and whether it is caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from figcheck.cli import app
from figcheck.evaluate.inject import changed_figure, inject
from figcheck.extractors.rules import RulesExtractor
from figcheck.ingest.dataset import load_dataset
from figcheck.models import Article, Extraction

DEV = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "dev"


@pytest.mark.parametrize(
    ("quote", "changed"),
    [("248 Russian soldiers", "331"), ("2,828 defenders", "3,771"), ("3.5 percent", "4.7")],
)
def test_a_figure_is_changed_by_about_a_third_in_its_own_style(quote: str, changed: str) -> None:
    found = changed_figure(quote)
    assert found is not None
    start, end, body = found
    assert body == changed and quote[start:end] in quote.split()[0]


class _Stored:
    """An extractor that answers only the texts it was shown before, as a cassette or a
    stand-in's stored answers do: a changed text gets no answer (no claims)."""

    name = "stored"

    def __init__(self) -> None:
        self.rules = RulesExtractor()
        self.seen: set[str] = set()
        self.asked_unseen = 0

    def extract(self, article: Article) -> Extraction:
        if self.seen and article.text not in self.seen:
            self.asked_unseen += 1
            return Extraction(article=article.id, extractor=self.name, claims=[])
        return self.rules.extract(article)


def test_in_claims_catches_what_the_text_run_catches_without_new_answers() -> None:
    """Scaling the extracted claims at the changed figure catches the rules' changes as
    re-extracting the changed text does; an extractor with stored answers, which has none
    for a changed text, is measured only that way."""
    text_run = inject(DEV, "rules")
    claim_run = inject(DEV, "rules", in_claims=True)
    assert text_run.tries and [t.caught for t in claim_run.tries] == [
        t.caught for t in text_run.tries
    ]
    assert claim_run.false_alarms == text_run.false_alarms

    stored = _Stored()
    stored.seen = {a.text for a in load_dataset(DEV).articles}
    blind = inject(DEV, stored)
    assert stored.asked_unseen == len(blind.tries)
    assert sum(t.caught for t in blind.tries) < sum(t.caught for t in text_run.tries)
    stored.asked_unseen = 0
    kept = inject(DEV, stored, in_claims=True)
    assert stored.asked_unseen == 0
    assert [t.caught for t in kept.tries] == [t.caught for t in text_run.tries]


def test_eval_inject_in_claims_on_the_cli() -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["eval", str(DEV), "--inject", "--in-claims", "-e", "rules"]
    )
    assert result.exit_code == 0, result.output
    assert "changed figures caught" in result.output
