"""The reviewer's view of a Report, shared by the Markdown and HTML renderers.

Ordering, grouping and wording decisions live here once, so both formats tell
the reviewer the same thing: what needs review first, which quantity each
figure belongs to, and which claims nothing else confirms or contradicts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from figcheck.models import Alignment, Article, Cause, Claim, Finding, FindingKind, Verdict
from figcheck.normalise import _format
from figcheck.report import Report
from figcheck.report._spans import Context, sentence_around, span_matches

# Worst first: a claim involved in several findings takes the colour of the worst.
VERDICT_RANK = {Verdict.inconsistent: 0, Verdict.unclear: 1, Verdict.consistent: 2}
KIND_RANK = {FindingKind.conflict: 0, FindingKind.arithmetic: 1, FindingKind.agreement: 2}
# errors first, then disagreements between sources (news), then updates of changing counts
CAUSE_RANK = {Cause.error: 0, Cause.attributed: 1, Cause.update: 2}
NO_VERDICT = "none"
_SAFE_ID = re.compile(r"[A-Za-z0-9_.:-]+")


def format_number(value: float) -> str:
    """2828.0 -> '2,828'; 0.35 -> '0.35': figures read as the articles print them."""
    return _format.number(value)


def format_interval(claim: Claim) -> str:
    """'(230, ∞)', '≤ 2,600', '[45, 55]', '= 248': the asserted interval, in math notation."""
    return _format.interval(claim.low, claim.high, claim.low_open, claim.high_open, claim.unit)


class _Anchors:
    """Unique, URL-safe HTML ids for arbitrary claim/finding ids (first id wins on duplicates)."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._by_id: dict[str, str] = {}
        self._used: set[str] = set()

    def get(self, ident: str) -> str:
        if ident in self._by_id:
            return self._by_id[ident]
        base = f"{self._prefix}-{ident}" if _SAFE_ID.fullmatch(ident) else self._slug(ident)
        anchor, n = base, 1
        while anchor in self._used:
            n += 1
            anchor = f"{base}--{n}"
        self._by_id[ident] = anchor
        self._used.add(anchor)
        return anchor

    def _slug(self, ident: str) -> str:
        safe = "".join(c if _SAFE_ID.fullmatch(c) else f"_{ord(c):x}_" for c in ident)
        return f"{self._prefix}-{safe or 'empty'}"


@dataclass
class ClaimView:
    claim: Claim
    anchor: str
    interval: str
    located: bool
    context: Context | None
    article_title: str | None
    notes: list[str] = field(default_factory=list)
    reading: str = ""
    verdict: str = NO_VERDICT
    findings: list[FindingRef] = field(default_factory=list)


@dataclass(frozen=True)
class FindingRef:
    id: str
    anchor: str
    verdict: str


@dataclass
class FindingView:
    finding: Finding
    anchor: str
    claims: list[ClaimView]
    missing: list[str]
    relation_values: str | None


@dataclass
class KeyTable:
    key: str
    claims: list[ClaimView]
    verdict: str


@dataclass(frozen=True)
class ProblemView:
    severity: str
    stage: str
    where: str
    message: str


@dataclass
class Summary:
    articles: int
    claims: int
    keys: int
    findings: int
    by_kind_verdict: list[tuple[str, str, int]]
    errors: int
    warnings: int
    dropped_claims: int


@dataclass
class ReportView:
    report: Report
    summary: Summary
    needs_review: list[FindingView]
    consistent: list[FindingView]
    tables: list[KeyTable]
    unlinked: list[ClaimView]
    problems: list[ProblemView]
    claims_by_article: dict[str, list[ClaimView]]
    llm_ran: bool


def _relation_values(relation: str | None, claims: dict[str, ClaimView]) -> str | None:
    """'c12 - c30 ≈ c3' -> 'c12 (= 2,828) - c30 (= 2,598) ≈ c3 (= 230)': formula with figures."""
    if not relation:
        return None
    ids = sorted((i for i in claims if i and i in relation), key=len, reverse=True)
    if not ids:
        return None
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(i)}(?![\w-])" for i in ids))
    return pattern.sub(lambda m: f"{m.group()} ({claims[m.group()].interval})", relation)


def _claim_view(claim: Claim, article: Article | None, anchors: _Anchors) -> ClaimView:
    context = None
    located = False
    if article is not None and span_matches(article.text, claim.start, claim.end, claim.quote):
        located = True
        context = sentence_around(article.text, claim.start, claim.end)
    return ClaimView(
        claim=claim,
        anchor=anchors.get(claim.id),
        interval=format_interval(claim),
        located=located,
        context=context,
        article_title=article.title if article else None,
        notes=_claim_notes(claim),
        reading=describe_reading(claim),
    )


def describe_reading(claim: Claim) -> str:
    """What figcheck read the figure to count, in a line: why it was linked as it was."""
    r = claim.reading
    if r is None:
        return "not read"
    bits = [f"counts {r.noun or 'unknown'}"]
    for label, value in (
        ("category", r.action),
        ("state", r.state),
        ("side", r.side),
        ("place", r.place),
        ("unit", r.unit),
        ("subset", r.subset),
        ("role", r.role),
    ):
        if value:
            bits.append(f"{label} {value}")
    if r.part:
        bits.append(f"part of {r.whole}" if r.whole else "part of a larger figure")
    if r.changing:
        bits.append(f"changing count stated {r.moment or 'undated'}")
    elif r.date:
        bits.append(f"{'published' if r.date_assumed else 'event'} {r.date}")
    return " · ".join(bits) + f" (read by {r.reader})"


def _claim_notes(claim: Claim) -> list[str]:
    """A reviewer should know when a quote was not found verbatim, and what the extractor noted."""
    notes = [] if claim.alignment == Alignment.exact else [f"quote aligned {claim.alignment.value}"]
    return notes + [n for n in claim.notes if n.strip()]


def _problems(report: Report) -> list[ProblemView]:
    views = [
        ProblemView(
            severity=p.severity,
            stage=p.stage,
            where=", ".join(x for x in (p.path, f"article {p.article}" if p.article else None) if x)
            or "run",
            message=p.message,
        )
        for p in report.problems
    ]
    views += [
        ProblemView("warning", "ingest", a.path or f"article {a.id}", w)
        for a in report.articles
        for w in a.warnings
    ]
    return sorted(views, key=lambda p: p.severity != "error")


def build_view(report: Report) -> ReportView:
    """Everything the templates show, computed once from the report."""
    articles = {a.id: a for a in report.articles}
    claim_anchors, finding_anchors = _Anchors("claim"), _Anchors("finding")
    claims: dict[str, ClaimView] = {}
    ordered_claims: list[ClaimView] = []
    for claim in report.claims:
        view = _claim_view(claim, articles.get(claim.article), claim_anchors)
        ordered_claims.append(view)
        claims.setdefault(claim.id, view)

    findings: list[FindingView] = []
    for finding in report.findings:
        anchor = finding_anchors.get(finding.id)
        involved = [claims[c] for c in finding.claims if c in claims]
        for view in involved:
            view.findings.append(FindingRef(finding.id, anchor, finding.verdict.value))
            if _verdict_rank(finding.verdict.value) < _verdict_rank(view.verdict):
                view.verdict = finding.verdict.value
        findings.append(
            FindingView(
                finding=finding,
                anchor=anchor,
                claims=involved,
                missing=[c for c in finding.claims if c not in claims],
                # Only the finding's own ids: a claim id like "230" must not rewrite a number.
                relation_values=_relation_values(
                    finding.relation, {c.claim.id: c for c in involved}
                ),
            )
        )
    findings.sort(
        key=lambda f: (
            VERDICT_RANK[f.finding.verdict],
            CAUSE_RANK[f.finding.cause] if f.finding.cause else len(CAUSE_RANK),
            KIND_RANK[f.finding.kind],
        )
    )

    key_counts = Counter(c.claim.key for c in ordered_claims if c.claim.key)
    in_findings = {c.claim.id for f in findings if len(f.claims) > 1 for c in f.claims}
    groups: dict[str, list[ClaimView]] = defaultdict(list)
    unlinked: list[ClaimView] = []
    for view in ordered_claims:
        if key_counts[view.claim.key] > 1 or view.claim.id in in_findings:
            groups[view.claim.key].append(view)
        else:
            unlinked.append(view)
    tables = [
        KeyTable(key, members, min((m.verdict for m in members), key=_verdict_rank))
        for key, members in groups.items()
    ]
    tables.sort(key=lambda t: (_verdict_rank(t.verdict), t.key == "", t.key))

    by_article: dict[str, list[ClaimView]] = defaultdict(list)
    for view in ordered_claims:
        by_article[view.claim.article].append(view)

    problems = _problems(report)
    kind_verdict = Counter((f.finding.kind.value, f.finding.verdict.value) for f in findings)
    summary = Summary(
        articles=len(report.articles),
        claims=len(report.claims),
        keys=len(key_counts),
        findings=len(report.findings),
        by_kind_verdict=[
            (kind.value, verdict.value, kind_verdict[(kind.value, verdict.value)])
            for kind in KIND_RANK
            for verdict in VERDICT_RANK
            if kind_verdict[(kind.value, verdict.value)]
        ],
        errors=sum(p.severity == "error" for p in problems),
        warnings=sum(p.severity != "error" for p in problems),
        dropped_claims=report.dropped_claims,
    )
    return ReportView(
        report=report,
        summary=summary,
        needs_review=[f for f in findings if f.finding.verdict != Verdict.consistent],
        consistent=[f for f in findings if f.finding.verdict == Verdict.consistent],
        tables=tables,
        unlinked=unlinked,
        problems=problems,
        claims_by_article=dict(by_article),
        llm_ran=bool(report.model) or report.usage.requests > 0,
    )


def _verdict_rank(verdict: str) -> int:
    return VERDICT_RANK[Verdict(verdict)] if verdict != NO_VERDICT else len(VERDICT_RANK)
