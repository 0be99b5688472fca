"""Strict reader and writer for the dataset layout of ../shared/spec/dataset-format.md.

Any labelled set written to the contract can be scored without conversion, and
figcheck's own output can be written back as a dataset a reviewer corrects into
gold. Reading is strict about what the spec requires (every error names file,
line, key and the fix) and ignores keys it does not know.

Article text: `articles/ID.txt` is decoded as UTF-8 with no newline translation
and nothing stripped (a byte order mark would stay as U+FEFF), so `start`/`end`
are code-point offsets into the file exactly as stored; "\\r\\n" counts as two.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from figcheck.align import check_span
from figcheck.errors import DatasetError, GroundingError, IngestError
from figcheck.ingest._records import ID_PATTERN, Record, check_unique, read_records
from figcheck.ingest._textfile import outside, read_text
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

ARTICLES = "articles.jsonl"
CLAIMS = "claims.jsonl"
FINDINGS = "findings.jsonl"
TEXTS = "articles"
_CLAIM_EXTRAS = ("value", "unit", "figure_text", "alignment", "extractor", "notes")
_FINDING_EXTRAS = ("rule", "arithmetic", "attribution", "key")
M = TypeVar("M", bound=BaseModel)


class Dataset(BaseModel):
    """A dataset directory read into the pipeline's models."""

    dir: Path
    articles: list[Article]
    claims: list[Claim] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)  # files refused, with what it cost

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)


def is_dataset(directory: str | Path) -> bool:
    """A directory is a dataset when it holds articles.jsonl."""
    return (Path(directory) / ARTICLES).is_file()


def read_articles(directory: str | Path, refused: list[str] | None = None) -> list[Article]:
    """Read only articles.jsonl and the texts, so bad gold claims don't block checking articles.

    A line may carry its article's `text` itself (a corpus file); articles/ID.txt is then
    unused. An article whose text is a symlink leading out of `articles/` is never read:
    with a `refused` list it is skipped and the reason appended, else it is an error.
    """
    root = Path(directory)
    index = root / ARTICLES
    if not index.is_file():
        raise DatasetError(
            f"{index}: not found; a dataset directory needs articles.jsonl "
            "(see ../shared/spec/dataset-format.md)"
        )
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for rec in read_records(index):
        article_id = rec.ident("id")
        check_unique(seen, article_id, rec)
        published = rec.date("published", required=True)
        text_path = root / TEXTS / f"{article_id}.txt"
        inline = rec.string("text", required=False) if "text" in rec.obj else None
        where = str(text_path)
        if inline is not None:  # a corpus-style line carries its text (no articles/ID.txt)
            text, where = inline, rec.where
        else:
            target = outside(text_path, root / TEXTS)
            if target is not None:
                reason = f"{text_path}: a symlink to {target}, outside {root / TEXTS}; not read"
                if refused is None:
                    rec.fail("id", reason, "copy the text into the dataset instead of linking it")
                refused.append(f"{rec.where}: article {article_id!r} skipped: {reason}")
                continue
            try:
                text, _ = read_text(text_path, strip_bom=False)
            except IngestError as exc:
                rec.fail("id", f"article text unusable: {exc}", f"fix {text_path} or the id")
        articles.append(
            Article(
                id=article_id,
                text=text,
                published=published,
                outlet=rec.string("outlet", required=False),
                url=rec.string("url", required=False),
                title=rec.string("title", required=False),
                path=where,
            )
        )
    return articles


def load_dataset(directory: str | Path) -> Dataset:
    """Read and validate a whole dataset; raise DatasetError at the first violation."""
    root = Path(directory)
    warnings: list[str] = []
    articles = read_articles(root, refused=warnings)
    skipped = _index_ids(root) - {a.id for a in articles} if warnings else set()
    texts = {a.id: a.text for a in articles}
    claims_path = root / CLAIMS
    if not claims_path.is_file():
        raise DatasetError(
            f"{claims_path}: not found; create it (an empty claims.jsonl is allowed)"
        )
    claims: list[Claim] = []
    left_out: set[str] = set()  # gold claims of refused articles
    for rec in _unique(read_records(claims_path)):
        if rec.obj.get("article") in skipped:
            left_out.add(str(rec.obj["id"]))
            continue
        claims.append(_claim(rec, texts))
    findings: list[Finding] = []
    findings_path = root / FINDINGS
    if findings_path.is_file():
        known = {c.id for c in claims}
        for rec in _unique(read_records(findings_path)):
            named = rec.obj.get("claims")
            if isinstance(named, list) and left_out.intersection(map(str, named)):
                continue
            findings.append(_finding(rec, known))
    if left_out:
        warnings.append(
            f"{claims_path}: {len(left_out)} gold claim(s) of the skipped article(s) left out, "
            "with the findings that name them"
        )
    return Dataset(dir=root, articles=articles, claims=claims, findings=findings, warnings=warnings)


def _index_ids(root: Path) -> set[str]:
    """The ids articles.jsonl lists (already validated by read_articles)."""
    return {rec.ident("id") for rec in read_records(root / ARTICLES)}


def _unique(records: Iterable[Record]) -> Iterable[Record]:
    seen: dict[str, int] = {}
    for rec in records:
        check_unique(seen, rec.ident("id", pattern=False), rec)
        yield rec


def _claim(rec: Record, texts: dict[str, str]) -> Claim:
    article = rec.ident("article", pattern=False)
    if article not in texts:
        rec.fail("article", f"unknown article id {article!r}", f"use an id from {ARTICLES}")
    start, end = rec.integer("start"), rec.integer("end")
    quote = rec.string("quote")
    assert quote is not None
    try:
        check_span(
            quote, texts[article], start, end, where=f"{rec.where}: keys 'start', 'end', 'quote'"
        )
    except GroundingError as exc:
        raise DatasetError(str(exc)) from exc
    low, high = rec.number("low"), rec.number("high")
    low_open, high_open = rec.boolean("low_open"), rec.boolean("high_open")
    if (
        low is not None
        and high is not None
        and (low > high or (low == high and (low_open or high_open)))
    ):
        rec.fail(
            "low",
            f"empty interval low={low:g} > high={high:g}"
            if low > high
            else f"empty interval: an open bound at {low:g}",
            "swap the bounds or fix the open flags",
        )
    fields: dict[str, Any] = {
        "id": rec.obj["id"],
        "article": article,
        "start": start,
        "end": end,
        "quote": quote,
        "low": low,
        "high": high,
        "low_open": low_open,
        "high_open": high_open,
        "qualifier": rec.choice("qualifier", Qualifier),
        "measure": rec.string("measure"),
        "key": rec.string("key"),
        "scope": rec.choice("scope", Scope),
        "as_of": rec.date("as_of"),
        "since": rec.date("since"),
        "source": rec.string("source", required=False),
    }
    return _build(Claim, rec, {**rec.extras(Claim, _CLAIM_EXTRAS), **fields})


def _finding(rec: Record, known: set[str]) -> Finding:
    claim_ids = rec.strings("claims")
    for claim_id in claim_ids:
        if claim_id not in known:
            rec.fail("claims", f"unknown claim id {claim_id!r}", f"use ids from {CLAIMS}")
    fields: dict[str, Any] = {
        "id": rec.obj["id"],
        "kind": rec.choice("kind", FindingKind),
        "verdict": rec.choice("verdict", Verdict),
        "claims": claim_ids,
        "relation": rec.string("relation", required=False),
        "note": rec.string("note", required=False),
    }
    return _build(Finding, rec, {**rec.extras(Finding, _FINDING_EXTRAS), **fields})


def _build(model: type[M], rec: Record, fields: dict[str, Any]) -> M:
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "?"
        rec.fail(key, first["msg"], "fix or remove the value")


def write_dataset(
    directory: str | Path,
    articles: Iterable[Article],
    claims: Iterable[Claim] = (),
    findings: Iterable[Finding] = (),
) -> Path:
    """Write the spec layout (validating first) so figcheck output can be corrected into gold."""
    root = Path(directory)
    articles, claims, findings = list(articles), list(claims), list(findings)
    texts: dict[str, str] = {}
    for article in articles:
        if not ID_PATTERN.fullmatch(article.id):
            raise DatasetError(
                f"article {article.id!r}: id must match [A-Za-z0-9_.-]+ to name articles/ID.txt"
            )
        if article.id in texts:
            raise DatasetError(f"article {article.id!r}: duplicate id; give each article its own")
        if article.published is None:
            raise DatasetError(
                f"article {article.id!r}: no publication date; the spec requires `published` — "
                "set Article.published (or front matter `published:`) before writing"
            )
        texts[article.id] = article.text
    claim_ids: set[str] = set()
    for claim in claims:
        where = f"claim {claim.id!r}"
        if claim.article not in texts:
            raise DatasetError(
                f"{where}: unknown article {claim.article!r}; write that article too"
            )
        if claim.id in claim_ids:
            raise DatasetError(f"{where}: duplicate id; give each claim its own")
        claim_ids.add(claim.id)
        try:
            check_span(claim.quote, texts[claim.article], claim.start, claim.end, where=where)
        except GroundingError as exc:
            raise DatasetError(str(exc)) from exc
    for finding in findings:
        unknown = [c for c in finding.claims if c not in claim_ids]
        if unknown:
            raise DatasetError(f"finding {finding.id!r}: unknown claims {unknown}; write them too")

    (root / TEXTS).mkdir(parents=True, exist_ok=True)
    for article in articles:
        with (root / TEXTS / f"{article.id}.txt").open("w", encoding="utf-8", newline="") as fh:
            fh.write(article.text)
    _write_lines(root / ARTICLES, [_article_row(a) for a in articles])
    _write_lines(root / CLAIMS, [_claim_row(c) for c in claims])
    _write_lines(root / FINDINGS, [_finding_row(f) for f in findings])
    return root


def _write_lines(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _number(x: float | None) -> float | int | None:
    return int(x) if x is not None and x.is_integer() else x


def _article_row(a: Article) -> dict[str, Any]:
    assert a.published is not None
    row: dict[str, Any] = {"id": a.id, "published": a.published.isoformat()}
    row.update({k: v for k, v in (("outlet", a.outlet), ("url", a.url), ("title", a.title)) if v})
    return row


def _claim_row(c: Claim) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": c.id,
        "article": c.article,
        "start": c.start,
        "end": c.end,
        "quote": c.quote,
        "low": _number(c.low),
        "high": _number(c.high),
        "low_open": c.low_open,
        "high_open": c.high_open,
        "qualifier": c.qualifier.value,
        "measure": c.measure,
        "key": c.key,
        "scope": c.scope.value,
    }
    for name, day in (("as_of", c.as_of), ("since", c.since)):
        if day is not None:
            row[name] = day.isoformat()
    if c.source is not None:
        row["source"] = c.source
    if c.value is not None:
        row["value"] = _number(c.value)
    row.update(
        {
            k: v
            for k, v in (
                ("unit", c.unit),
                ("figure_text", c.figure_text),
                ("extractor", c.extractor),
            )
            if v is not None
        }
    )
    if c.alignment is not Alignment.exact:
        row["alignment"] = c.alignment.value
    if c.notes:
        row["notes"] = c.notes
    return row


def _finding_row(f: Finding) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": f.id,
        "kind": f.kind.value,
        "verdict": f.verdict.value,
        "claims": f.claims,
    }
    extras = {
        "relation": f.relation,
        "note": f.note,
        "rule": f.rule,
        "arithmetic": f.arithmetic,
        "attribution": f.attribution,
        "key": f.key,
    }
    row.update({k: v for k, v in extras.items() if v is not None})
    return row
