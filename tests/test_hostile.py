"""Hostile input: one bad article never stops the batch, and nothing infinite reaches a report.

Each case is generated here; the good article beside it must still be read,
checked and reported.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
import time
from pathlib import Path
from typing import Any

import httpx2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from figcheck.align import align
from figcheck.align.canonical import INVISIBLE, canonical_view
from figcheck.errors import DatasetError
from figcheck.evaluate import evaluate
from figcheck.extractors import extract_article
from figcheck.extractors.llm import LLMExtractor
from figcheck.ingest import scan
from figcheck.ingest._injection import CUES, cue_matches, find_injection
from figcheck.ingest.dataset import load_dataset, read_articles
from figcheck.llm._cassettes import cassette_llm_config, chat_completion, chunk_text
from figcheck.llm.schema import ChunkClaims
from figcheck.models import Alignment, Article
from figcheck.pipeline import check

GOOD = "---\npublished: 2024-01-02\n---\nAt least 40 people were killed, police said.\n"
ALIAS_BOMB = (
    "---\n"
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "---\n12 people died.\n"
)
CASES = {
    "month-13": ("---\npublished: 2024-13-45\n---\n12 people died.\n", "warning", "published"),
    "feb-30": ("---\npublished: 2024-02-30\n---\n12 people died.\n", "warning", "published"),
    "year-zero": ("---\npublished: 0000-01-01\n---\n12 people died.\n", "warning", "published"),
    "huge-title": (
        "---\ntitle: " + "9" * 100_000 + "\npublished: 2024-01-01\n---\n12 died.\n",
        "error",
        "front matter",
    ),
    "alias-bomb": (ALIAS_BOMB, "error", "aliases"),
    "unclosed": ("---\npublished: 2024-01-02\nAt least 4 died.\n", "warning", "never closed"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_front_matter_is_a_problem_for_that_file_only(tmp_path: Path, name: str) -> None:
    text, severity, words = CASES[name]
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    ingested = scan([tmp_path])
    assert time.perf_counter() - started < 30  # a bound, not a benchmark: the bomb is refused
    assert "good" in {a.id for a in ingested.articles}
    mine = [p for p in ingested.problems if name in (p.path or "")]
    assert any(p.severity == severity and words in p.message for p in mine), mine


def test_figure_beyond_the_limit_has_no_interval_and_reports_render(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "inf.md").write_text(
        "---\npublished: 2024-01-02\n---\nThere were " + "9" * 310 + " people.\n",
        encoding="utf-8",
    )
    report = check([tmp_path], extractor="rules")
    (huge,) = [c for c in report.claims if c.article == "inf"]
    assert (huge.low, huge.high) == (None, None)
    data = json.loads(report.to_json())
    assert "Infinity" not in json.dumps(data) and "NaN" not in json.dumps(data)
    assert "9999" in report.to_markdown() and "9999" in report.to_html()
    assert any(c.quote.startswith("At least 40") for c in report.claims)


def test_a_run_of_thousands_of_figures_is_cut_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "run.md").write_text(
        "---\npublished: 2024-01-02\n---\nThere were " + "1-" * 4000 + "2 people.\n",
        encoding="utf-8",
    )
    report = check([tmp_path], extractor="rules")
    assert sum(c.article == "run" for c in report.claims) <= 100
    assert any("more than 100 figures" in p.message for p in report.problems)
    assert any(c.article == "good" for c in report.claims)


# Invisible marks inside a digit run: on screen these all read "248".
HIDDEN_248 = {
    "zwj": "2\u200d48",
    "zwsp": "24\u200b8",
    "zwnj": "2\u200c48",
    "word-joiner": "24\u20608",
    "bom": "2\ufeff48",
    "lrm": "2\u200e48",
    "rlm": "24\u200f8",
    "lre-pdf": "2\u202a4\u202c8",
    "rlo": "24\u202e8",
    "lri-pdi": "2\u20664\u20698",
    "combining-acute": "2\u03014\u03018",
    "enclosing-mark": "24\u20dd8",
    "several-marks": "2\u200d\u200f\u03014\u20608",
}


@pytest.mark.parametrize("name", list(HIDDEN_248))
def test_marks_inside_a_number_are_read_through(name: str) -> None:
    figure = HIDDEN_248[name]
    text = f"Officials said {figure} people were killed on Monday. Police said 12 were hurt."
    article = Article(id="a", text=text, published=dt.date(2024, 1, 2))
    claims = extract_article(article, "rules").claims
    assert [c.low for c in claims] == [248, 12]
    first = claims[0]
    assert first.quote == text[first.start : first.end]  # the original characters
    assert first.quote.startswith(figure)
    assert claims[1].quote == text[claims[1].start : claims[1].end] == "12 were hurt"


def test_marks_around_a_number_and_in_thousands_keep_the_claim_whole() -> None:
    text = "Officials said \u2067248\u2069 people died and 2,\u200b480 were hurt."
    article = Article(id="a", text=text, published=dt.date(2024, 1, 2))
    claims = extract_article(article, "rules").claims
    assert [c.low for c in claims] == [248, 2480]
    assert claims[0].measure == "people dead"  # the closing isolate does not cut the phrase
    assert all(c.quote == text[c.start : c.end] for c in claims)


def test_canonical_view_maps_every_kept_character_back() -> None:
    text = "A 2\u200d4\u03018 B 2,\u200b480 C \u200f9\u200f. D\u200b E"
    view = canonical_view(text)
    assert view.text == "A 248 B 2,480 C \u200f9. D\u200b E"  # marks outside numbers stay
    for k, ch in enumerate(view.text):
        start, end = view.original_span(k, k + 1)
        assert text[start] == ch and text[start:end].startswith(ch)
    assert canonical_view("no numbers\u200b here").changed is False


MARKS = [*sorted(INVISIBLE), "\u0301", "\u0308", "\u20dd", "\u0654"]
SENTENCE = "Officials said {0} people were killed and {1} were hurt."


@settings(max_examples=40, deadline=None)
@given(
    first=st.integers(10, 999_999),
    # a bare 1000-2199 reads as a year to the rules extractor, marks or not
    second=st.integers(10, 99_999).filter(lambda n: not 1000 <= n <= 2199),
    marks=st.lists(st.tuples(st.integers(0, 40), st.sampled_from(MARKS)), max_size=6),
)
def test_marks_anywhere_in_digit_runs_never_change_the_figures(
    first: int, second: int, marks: list[tuple[int, str]]
) -> None:
    clean = SENTENCE.format(f"{first:,}", second)
    digits = [i for i, ch in enumerate(clean) if ch.isdigit() and clean[i + 1 : i + 2].isdigit()]
    text = clean
    for at, mark in sorted(((digits[k % len(digits)], m) for k, m in marks), reverse=True):
        text = text[: at + 1] + mark + text[at + 1 :]  # after a digit that another follows
    view = canonical_view(text)
    assert view.text == clean
    article = Article(id="a", text=text, published=dt.date(2024, 1, 2))
    claims = extract_article(article, "rules").claims
    assert [c.low for c in claims] == [first, second]
    assert all(text[c.start : c.end] == c.quote for c in claims)


@pytest.mark.parametrize("name", ["zwj", "rlm", "combining-acute", "lri-pdi"])
def test_model_quote_without_the_marks_is_grounded_on_the_original(name: str) -> None:
    text = f"Officials said {HIDDEN_248[name]} people were killed on Monday."
    span = align("248 people were killed", text)
    assert span.grounded and span.alignment is not Alignment.fuzzy
    assert text[span.start : span.end].startswith(HIDDEN_248[name])
    assert text[span.start : span.end].endswith("people were killed")


SEEDS = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "seeds"


def _seed_copy(tmp_path: Path) -> Path:
    target = tmp_path / "ds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.mark.parametrize(
    ("literal", "shown"),
    [("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("1e309", "1e309")],
)
@pytest.mark.parametrize("key", ["low", "high", "value"])
def test_gold_claims_with_non_finite_numbers_are_refused(
    tmp_path: Path, literal: str, shown: str, key: str
) -> None:
    ds = _seed_copy(tmp_path)
    path = ds / "claims.jsonl"
    lines = path.read_text(encoding="utf-8").split("\n")
    row = json.loads(lines[2])
    row[key] = 12345.0
    lines[2] = json.dumps(row).replace("12345.0", literal)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(ds)
    message = str(caught.value)
    assert f"{path}:3:" in message and f"key '{key}'" in message and shown in message
    assert "not a finite number" in message


def test_non_finite_numbers_nested_in_findings_and_articles_are_refused(tmp_path: Path) -> None:
    ds = _seed_copy(tmp_path)
    findings = ds / "findings.jsonl"
    first, *rest = findings.read_text(encoding="utf-8").split("\n")
    row = json.loads(first)
    row["arithmetic"] = {"terms": [1.5, 7.25]}
    findings.write_text(
        "\n".join([json.dumps(row).replace("7.25", "-Infinity"), *rest]), encoding="utf-8"
    )
    with pytest.raises(DatasetError, match=r"findings\.jsonl:1: key 'arithmetic\.terms\[1\]'"):
        load_dataset(ds)
    articles = ds / "articles.jsonl"
    first, *rest = articles.read_text(encoding="utf-8").split("\n")
    articles.write_text("\n".join([first[:-1] + ', "score": NaN}', *rest]), encoding="utf-8")
    with pytest.raises(DatasetError, match=r"articles\.jsonl:1: key 'score'"):
        read_articles(ds)


def test_an_integer_of_thousands_of_digits_is_an_error_not_a_crash(tmp_path: Path) -> None:
    ds = _seed_copy(tmp_path)
    path = ds / "claims.jsonl"
    first, *rest = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([first.replace('"low": 230', '"low": ' + "9" * 5000), *rest]))
    with pytest.raises(DatasetError, match=r"claims\.jsonl:1: key 'low'"):
        load_dataset(ds)


def test_finite_gold_numbers_still_load(tmp_path: Path) -> None:
    data = load_dataset(_seed_copy(tmp_path))
    assert len(data.claims) == 34
    assert all(c.low is None or math.isfinite(c.low) for c in data.claims)


def test_a_symlink_out_of_a_scanned_folder_is_refused_and_the_rest_read(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("---\npublished: 2024-01-02\n---\n99 secret agents.\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / "leak.md").symlink_to(secret)
    (folder / "alias.md").symlink_to(folder / "good.md")  # inside the folder: fine, read once
    ingested = scan([folder])
    assert [a.id for a in ingested.articles] == ["alias"]  # good.md is the same file
    (refusal,) = [p for p in ingested.problems if "leak.md" in (p.path or "")]
    assert refusal.severity == "warning" and "outside the folder" in refusal.message
    assert all("secret" not in a.text for a in ingested.articles)


def test_a_symlink_out_of_a_datasets_articles_is_refused_and_the_rest_read(
    tmp_path: Path,
) -> None:
    ds = _seed_copy(tmp_path)
    outside_text = tmp_path / "outside.txt"
    victim = ds / "articles" / "003_a17483f7f873bf1c.txt"
    outside_text.write_text(victim.read_text(encoding="utf-8"), encoding="utf-8")
    victim.unlink()
    victim.symlink_to(outside_text)

    ingested = scan([ds])
    assert [a.id for a in ingested.articles] == ["000_e1a4344e77eb0634"]
    (refusal,) = [p for p in ingested.problems if "symlink" in p.message]
    assert refusal.severity == "warning" and "articles.jsonl:2" in refusal.message

    data = load_dataset(ds)
    assert [a.id for a in data.articles] == ["000_e1a4344e77eb0634"]
    assert data.claims and all(c.article == "000_e1a4344e77eb0634" for c in data.claims)
    known = {c.id for c in data.claims}
    assert all(set(f.claims) <= known for f in data.findings)
    assert any("symlink" in w for w in data.warnings)
    assert any("gold claim(s) of the skipped" in w for w in data.warnings)

    board = evaluate(ds, extractor="rules")
    assert any("symlink" in p.message and p.severity == "warning" for p in board.problems)


@pytest.mark.vcr(record_mode="none")  # GENERATED cassette (scripts/generate_cassettes.py "nan")
def test_non_finite_bounds_from_the_model_are_reasked(
    seed_articles: dict[str, Article], vcr: Any
) -> None:
    article = seed_articles["000_e1a4344e77eb0634"]
    extractor = LLMExtractor(cassette_llm_config(environ={}), sleep=lambda _: None)
    result = extractor.extract(article)

    assert [p.message for p in result.problems if p.severity == "error"] == []
    assert result.usage.reasks == 1 and result.usage.requests == vcr.play_count == 2
    reask = json.loads(vcr.requests[1].body)
    feedback = " ".join(str(m.get("content") or "") for m in reask["messages"][2:])
    assert "finite number" in feedback  # the model was told what was wrong
    assert len(result.claims) >= 8
    assert all(c.quote == article.text[c.start : c.end] for c in result.claims)
    bounds = [b for c in result.claims for b in (c.low, c.high) if b is not None]
    assert bounds and all(math.isfinite(b) for b in bounds)
    (pows,) = [c for c in result.claims if c.quote.startswith("more than 230")]
    assert (pows.low, pows.high, pows.low_open) == (230, None, True)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e309"])
def test_a_non_finite_bound_fails_validation(literal: str) -> None:
    answer = (
        '{"claims": [{"quote": "248 people", "figure": "248", "measure": "people", '
        f'"qualifier": "exact", "low": {literal}, "high": 248}}]}}'
    )
    with pytest.raises(ValidationError, match="finite number"):
        ChunkClaims.model_validate_json(answer)


BEFORE = "At least 40 people were killed on Monday, police said.\n"
AFTER = "Officials said 12 were hurt.\n"
FIGURES = ("At least 40 people were killed", "12 were hurt")


def _escaped(line: str) -> str:
    """How the prompt writes an article line that holds <article> tags (extractors/llm.py)."""
    return re.sub(r"<(/?\s*article\b)", r"&lt;\1", line, flags=re.IGNORECASE)


def _scripted_model(seen: list[dict[str, Any]]) -> httpx2.MockTransport:
    """A model that reads the article block and returns its two figures, whatever else it says."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        seen.append(body)
        block = chunk_text(body)
        claims = [
            {"quote": q, "figure": f, "measure": m, "qualifier": qual, "low": lo, "high": hi}
            for q, f, m, qual, lo, hi in (
                (FIGURES[0], "At least 40", "people killed", "at_least", 40, None),
                (FIGURES[1], "12", "people hurt", "exact", 12, 12),
            )
            if q in block
        ]
        arguments = json.dumps({"claims": claims})
        return httpx2.Response(200, json=chat_completion(arguments, n=len(seen)))

    return httpx2.MockTransport(handler)


def _llm_claims(path: Path, seen: list[dict[str, Any]]) -> tuple[Article, list[Any], list[str]]:
    ingested = scan([path])
    (article,) = ingested.articles
    client = httpx2.Client(transport=_scripted_model(seen))
    extractor = LLMExtractor(cassette_llm_config(environ={}), http_client=client)
    result = extract_article(article, extractor)
    warnings = [p.message for p in ingested.problems if p.severity == "warning"]
    return article, result.claims, warnings


def test_every_known_cue_has_an_example_that_only_it_needs() -> None:
    for i, (_, example) in enumerate(CUES):
        assert cue_matches(i, example), example
        assert find_injection(f"Police said 4 died.\n{example}\n")[0].line == 2


@pytest.mark.parametrize("example", [e for _, e in CUES], ids=lambda e: e[:30])
def test_injection_through_the_llm_path_is_warned_about_and_stays_data(
    tmp_path: Path, example: str
) -> None:
    clean, tampered = tmp_path / "clean", tmp_path / "tampered"
    for folder, middle in ((clean, ""), (tampered, example + "\n")):
        folder.mkdir()
        (folder / "story.md").write_text(
            "---\npublished: 2024-01-02\ntitle: Clashes\n---\n" + BEFORE + middle + AFTER,
            encoding="utf-8",
        )
    _, expected, clean_warnings = _llm_claims(clean / "story.md", [])
    seen: list[dict[str, Any]] = []
    article, claims, warnings = _llm_claims(tampered / "story.md", seen)

    # (a) warned about, naming its line
    assert not any("instructions to an AI model" in w for w in clean_warnings)
    assert any("line 2 reads like instructions to an AI model" in w for w in warnings), warnings
    # (b) inside the escaped article block, never outside it
    assert seen
    for body in seen:
        block = chunk_text(body)
        assert _escaped(example) in block
        assert "</article>" not in block and "<article>" not in block
        everything = "\n".join(str(m.get("content") or "") for m in body["messages"])
        assert everything.count(_escaped(example)) == 1  # only the article block holds it
        header, _, rest = everything.partition("<article>\n")
        assert example not in header and _escaped(example) not in rest.split("\n</article>")[1]
    # (c) no effect on the claims figcheck returns
    assert [(c.quote, c.low, c.high) for c in claims] == [
        (c.quote, c.low, c.high) for c in expected
    ]
    assert [c.quote for c in claims] == list(FIGURES)
    assert all(article.text[c.start : c.end] == c.quote for c in claims)
