from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from figcheck.errors import DatasetError
from figcheck.ingest.dataset import load_dataset, read_articles, write_dataset
from figcheck.models import (
    Alignment,
    Article,
    Claim,
    Finding,
    FindingKind,
    Qualifier,
    Scope,
    Verdict,
)

TEXT = (
    "Ukraine said 1,200 residents of Kharkiv were evacuated on Tuesday.\r\n"
    "Regional officials put the number at nearly 1,300 people.\r\n"
)
OTHER = "At least 14 people were killed, the ministry said; “dozens” more were hurt.\n"


def _span(text: str, quote: str) -> dict[str, Any]:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote}


ARTICLES: list[dict[str, Any]] = [
    {"id": "kharkiv-1", "published": "2024-05-15", "outlet": "Kyiv Independent", "extra": 1},
    {"id": "kharkiv-2", "published": "2024-05-16", "url": None},
]
CLAIMS: list[dict[str, Any]] = [
    {
        "id": "c1",
        "article": "kharkiv-1",
        **_span(TEXT, "1,200 residents of Kharkiv"),
        "low": 1200,
        "high": 1200,
        "qualifier": "exact",
        "measure": "Kharkiv residents evacuated",
        "key": "kharkiv-2024-05-14/evacuated",
        "scope": "event",
        "as_of": "2024-05-14",
        "annotator": "kept but ignored",
    },
    {
        "id": "c2",
        "article": "kharkiv-1",
        **_span(TEXT, "nearly 1,300 people"),
        "low": None,
        "high": 1300,
        "qualifier": "nearly",
        "measure": "Kharkiv residents evacuated",
        "key": "kharkiv-2024-05-14/evacuated",
        "scope": "event",
        "source": "Regional officials",
    },
    {
        "id": "c3",
        "article": "kharkiv-2",
        **_span(OTHER, "At least 14 people were killed"),
        "low": 14,
        "high": None,
        "qualifier": "at_least",
        "measure": "people killed",
        "key": "strike/killed",
        "scope": "cumulative",
        "since": "2024-05-10",
    },
]
FINDINGS: list[dict[str, Any]] = [
    {"id": "f1", "kind": "agreement", "verdict": "consistent", "claims": ["c1", "c2"]},
]


def _write(root: Path, articles: list[Any], claims: list[Any], findings: list[Any] | None) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "kharkiv-1.txt").write_bytes(TEXT.encode())
    (root / "articles" / "kharkiv-2.txt").write_bytes(OTHER.encode())
    for name, rows in (("articles", articles), ("claims", claims), ("findings", findings)):
        if rows is not None:
            lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
            (root / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_load_dataset_keeps_crlf_offsets(tmp_path: Path) -> None:
    ds = load_dataset(_write(tmp_path / "ds", ARTICLES, CLAIMS, FINDINGS))
    assert [a.id for a in ds.articles] == ["kharkiv-1", "kharkiv-2"]
    assert ds.article("kharkiv-1").text == TEXT  # "\r\n" kept: spans index into it
    assert ds.article("kharkiv-1").published == dt.date(2024, 5, 15)
    assert ds.article("kharkiv-1").outlet == "Kyiv Independent"
    c1, c2, c3 = ds.claims
    assert TEXT[c2.start : c2.end] == "nearly 1,300 people"
    assert (c1.low, c1.high, c1.as_of) == (1200.0, 1200.0, dt.date(2024, 5, 14))
    assert (c2.low, c2.high, c2.qualifier, c2.source) == (
        None,
        1300.0,
        Qualifier.nearly,
        "Regional officials",
    )
    assert (c3.scope, c3.since) == (Scope.cumulative, dt.date(2024, 5, 10))
    assert ds.findings[0].kind is FindingKind.agreement
    assert ds.findings[0].claims == ["c1", "c2"]


def test_findings_file_is_optional(tmp_path: Path) -> None:
    ds = load_dataset(_write(tmp_path / "ds", ARTICLES, CLAIMS, None))
    assert ds.findings == []
    assert len(ds.claims) == 3


def _with(rows: list[dict[str, Any]], index: int, **changes: Any) -> list[dict[str, Any]]:
    out = [dict(r) for r in rows]
    for key, value in changes.items():
        if value is _DROP:
            del out[index][key]
        else:
            out[index][key] = value
    return out


_DROP = object()


@pytest.mark.parametrize(
    ("articles", "claims", "findings", "where", "message"),
    [
        (
            _with(ARTICLES, 1, published=_DROP),
            CLAIMS,
            FINDINGS,
            "articles.jsonl:2: key 'published'",
            "missing required key",
        ),
        (
            _with(ARTICLES, 0, published="15/05/2024"),
            CLAIMS,
            FINDINGS,
            "articles.jsonl:1: key 'published'",
            "ISO date",
        ),
        (
            _with(ARTICLES, 0, published="2024-02-30"),
            CLAIMS,
            FINDINGS,
            "articles.jsonl:1: key 'published'",
            "not a real date",
        ),
        (
            _with(ARTICLES, 1, id="kharkiv 2"),
            CLAIMS,
            FINDINGS,
            "articles.jsonl:2: key 'id'",
            r"\[A-Za-z0-9_.-\]\+",
        ),
        (
            _with(ARTICLES, 1, id="kharkiv-1"),
            CLAIMS,
            FINDINGS,
            "articles.jsonl:2: key 'id'",
            "duplicate id 'kharkiv-1' \\(first on line 1\\)",
        ),
        (
            _with(ARTICLES, 1, id="kharkiv-3"),
            CLAIMS,
            FINDINGS,
            "articles.jsonl:2: key 'id'",
            "kharkiv-3.txt",
        ),
        ([*ARTICLES[:1], "{not json"], CLAIMS, FINDINGS, "articles.jsonl:2:", "invalid JSON"),
        (
            ARTICLES,
            _with(CLAIMS, 1, article="kharkiv-9"),
            FINDINGS,
            "claims.jsonl:2: key 'article'",
            "unknown article id 'kharkiv-9'",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 0, start=1),
            FINDINGS,
            "claims.jsonl:1: keys 'start', 'end', 'quote'",
            r"occurs at 13:39",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 0, quote="1200 residents of Kharkiv"),
            FINDINGS,
            "claims.jsonl:1: keys 'start', 'end', 'quote'",
            "closest text is '1,200 residents of Kharkiv'",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 2, end=999),
            FINDINGS,
            "claims.jsonl:3: keys 'start', 'end', 'quote'",
            "outside the text",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 0, start="13"),
            FINDINGS,
            "claims.jsonl:1: key 'start'",
            "expected an integer",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 1, high="1300"),
            FINDINGS,
            "claims.jsonl:2: key 'high'",
            "expected a number or null",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 1, low=_DROP),
            FINDINGS,
            "claims.jsonl:2: key 'low'",
            "missing required key",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 0, low=1300),
            FINDINGS,
            "claims.jsonl:1: key 'low'",
            "low=1300 > high=1200",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 0, low_open=True),
            FINDINGS,
            "claims.jsonl:1: key 'low'",
            "open bound",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 2, qualifier="approximately"),
            FINDINGS,
            "claims.jsonl:3: key 'qualifier'",
            "use one of: exact, more_than",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 2, scope="total"),
            FINDINGS,
            "claims.jsonl:3: key 'scope'",
            "use one of: event, cumulative, other",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 2, measure=None),
            FINDINGS,
            "claims.jsonl:3: key 'measure'",
            "expected a string",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 0, as_of="May 14"),
            FINDINGS,
            "claims.jsonl:1: key 'as_of'",
            "ISO date",
        ),
        (
            ARTICLES,
            _with(CLAIMS, 2, id="c1"),
            FINDINGS,
            "claims.jsonl:3: key 'id'",
            "duplicate id 'c1'",
        ),
        (
            ARTICLES,
            CLAIMS,
            _with(FINDINGS, 0, claims=["c1", "c7"]),
            "findings.jsonl:1: key 'claims'",
            "unknown claim id 'c7'",
        ),
        (
            ARTICLES,
            CLAIMS,
            _with(FINDINGS, 0, verdict="wrong"),
            "findings.jsonl:1: key 'verdict'",
            "consistent, inconsistent, unclear",
        ),
        (
            ARTICLES,
            CLAIMS,
            _with(FINDINGS, 0, kind="mismatch"),
            "findings.jsonl:1: key 'kind'",
            "conflict, agreement, arithmetic",
        ),
        (
            ARTICLES,
            CLAIMS,
            _with(FINDINGS, 0, claims="c1"),
            "findings.jsonl:1: key 'claims'",
            "list of strings",
        ),
    ],
)
def test_validation_errors_name_file_line_key(
    tmp_path: Path,
    articles: list[Any],
    claims: list[Any],
    findings: list[Any],
    where: str,
    message: str,
) -> None:
    root = _write(tmp_path / "ds", articles, claims, findings)
    with pytest.raises(DatasetError, match=re.escape(where) + ".*" + message):
        load_dataset(root)


def test_missing_claims_file_says_what_to_create(tmp_path: Path) -> None:
    root = _write(tmp_path / "ds", ARTICLES, [], None)
    (root / "claims.jsonl").unlink()
    with pytest.raises(DatasetError, match=r"claims\.jsonl: not found; create it"):
        load_dataset(root)
    assert len(read_articles(root)) == 2  # articles alone are still readable


def test_not_a_dataset(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"articles\.jsonl: not found"):
        load_dataset(tmp_path)


def test_article_text_not_utf8_names_the_line(tmp_path: Path) -> None:
    root = _write(tmp_path / "ds", ARTICLES, CLAIMS, None)
    (root / "articles" / "kharkiv-2.txt").write_bytes("Kharkiv caf\u00e9 14 dead".encode("latin-1"))
    with pytest.raises(
        DatasetError, match=r"articles\.jsonl:2: key 'id'.*byte 0xE9 at byte offset 11"
    ):
        load_dataset(root)


def test_write_then_load_round_trips(tmp_path: Path) -> None:
    ds = load_dataset(_write(tmp_path / "in", ARTICLES, CLAIMS, FINDINGS))
    extra = ds.claims[0].model_copy(
        update={
            "alignment": Alignment.fuzzy,
            "extractor": "llm",
            "notes": ["span widened"],
            "value": 1200.0,
        }
    )
    claims = [extra, *ds.claims[1:]]
    finding = Finding(
        id="f2", kind=FindingKind.conflict, verdict=Verdict.unclear, claims=["c1", "c3"], rule="r1"
    )
    out = write_dataset(tmp_path / "out", ds.articles, claims, [*ds.findings, finding])
    again = load_dataset(out)
    assert (out / "articles" / "kharkiv-1.txt").read_bytes() == TEXT.encode()
    assert again.claims == claims
    assert again.findings == [*ds.findings, finding]
    assert [a.model_dump(exclude={"path"}) for a in again.articles] == [
        a.model_dump(exclude={"path"}) for a in ds.articles
    ]
    first = json.loads((out / "claims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["low"] == 1200 and isinstance(first["low"], int)
    assert "“dozens”" in (out / "articles" / "kharkiv-2.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("article", "claim", "message"),
    [
        (Article(id="a b", text=TEXT, published=dt.date(2024, 5, 15)), None, "must match"),
        (Article(id="a1", text=TEXT), None, "no publication date"),
        (
            Article(id="a1", text=TEXT, published=dt.date(2024, 5, 15)),
            Claim(
                id="c1",
                article="a1",
                start=0,
                end=5,
                quote="Kyiv",
                low=1,
                high=1,
                qualifier=Qualifier.exact,
                measure="m",
            ),
            "claim 'c1'.*not the quote 'Kyiv'",
        ),
    ],
)
def test_write_refuses_what_the_reader_would_reject(
    tmp_path: Path, article: Article, claim: Claim | None, message: str
) -> None:
    with pytest.raises(DatasetError, match=message):
        write_dataset(tmp_path / "out", [article], [claim] if claim else [])


def test_foreign_values_under_figcheck_extra_names_are_ignored(tmp_path: Path) -> None:
    claims = _with(CLAIMS, 0, notes="checked twice by R.K.", alignment="manual", unit="people")
    ds = load_dataset(_write(tmp_path / "ds", ARTICLES, claims, FINDINGS))
    c1 = ds.claims[0]
    assert c1.notes == []
    assert c1.alignment is Alignment.exact
    assert c1.unit == "people"


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029", "\x0c"])
def test_unusual_line_separators_inside_quotes_round_trip(tmp_path: Path, separator: str) -> None:
    text = f"Officials said 31 people{separator}were injured in Odesa.\n"
    article = Article(id="odesa", text=text, published=dt.date(2024, 3, 16))
    quote = f"31 people{separator}were injured"
    claim = Claim(
        id="c1",
        article="odesa",
        start=15,
        end=15 + len(quote),
        quote=quote,
        low=31,
        high=31,
        qualifier=Qualifier.exact,
        measure="people injured",
        key="odesa/injured",
        scope=Scope.event,
    )
    ds = load_dataset(write_dataset(tmp_path / "out", [article], [claim]))
    assert ds.claims == [claim]
    assert ds.articles[0].text == text
