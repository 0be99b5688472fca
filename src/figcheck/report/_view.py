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
from figcheck.report._labels import Namer, article_names, claim_labels, headline
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
    label: str = ""  # "Reuters #3"
    headline: str = ""  # the article's title, or its source name
    published: str = ""
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
    line: str  # the one line of arithmetic, claims named by label
    why: str  # the note and attribution, without what `line` already says


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


@dataclass(frozen=True)
class ArticleName:
    id: str
    source: str  # outlet or stand-in, as in claim labels
    headline: str
    claims: int
    published: str
    path: str


@dataclass
class ReportView:
    report: Report
    articles: list[ArticleName]
    summary: Summary
    needs_review: list[FindingView]
    consistent: list[FindingView]
    tables: list[KeyTable]
    unlinked: list[ClaimView]
    problems: list[ProblemView]
    claims_by_article: dict[str, list[ClaimView]]
    llm_ran: bool


def _finding_line(finding: Finding, claims: dict[str, ClaimView], namer: Namer) -> str:
    """One line of arithmetic, claims named by label: the relation only where the sum omits it.

    `arithmetic` carries the figures; when it does not say which claims they
    are, the relation (ids turned into labels) is put in front of it. With no
    arithmetic, the relation is shown with each claim's interval.
    """
    own = list(claims)
    arithmetic = finding.arithmetic or ""
    relation = namer.rewrite(finding.relation, own) or ""
    if arithmetic:
        named = namer.rewrite(arithmetic, own) or ""
        return named if named != arithmetic or not relation else f"{relation}: {arithmetic}"
    if not relation:
        return ""
    with_figures = Namer({i: f"{c.label} ({c.interval})" for i, c in claims.items()})
    return with_figures.rewrite(finding.relation, own) or ""


def _finding_why(finding: Finding, line: str, namer: Namer) -> str:
    """The note and attribution, with the arithmetic already on its own line taken out."""
    note = finding.note or ""
    if finding.arithmetic and finding.arithmetic in note:
        pieces = (p.strip(" ;:,") for p in note.split(finding.arithmetic))
        note = "; ".join(p for p in pieces if p)
    if finding.attribution and finding.attribution not in note:
        note = f"{note}; {finding.attribution}" if note else finding.attribution
    note = namer.rewrite(note, finding.claims) or ""
    return "" if note == line else note


def _claim_view(claim: Claim, article: Article | None, anchors: _Anchors, label: str) -> ClaimView:
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
        label=label,
        headline=headline(article) if article else f"article {claim.article}, not in this report",
        published=article.published.isoformat() if article and article.published else "",
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
        ("about", r.subject),
        ("unit", r.unit),
        ("measured from", r.anchor),
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
    keyed = f"; keyed by the {claim.keyed_by}" if claim.keyed_by else ""
    return " · ".join(bits) + f" (read by {r.reader}{keyed})"


def _claim_notes(claim: Claim) -> list[str]:
    """A reviewer should know when a quote was not found verbatim, and what the extractor noted."""
    notes = [] if claim.alignment == Alignment.exact else [f"quote aligned {claim.alignment.value}"]
    return notes + [n for n in claim.notes if n.strip()]


def _problems(report: Report, names: dict[str, ArticleName]) -> list[ProblemView]:
    """Recorded problems, then article warnings no problem already states: each said once."""

    def where(path: str | None, article: str | None) -> str:
        known = names.get(article or "")
        if known is None:
            said = f"article {article}" if article else None
        elif known.headline == known.source:
            said = known.source
        else:
            said = f"{known.source}, “{known.headline}”"
        return ", ".join(x for x in (path, said) if x) or "run"

    views = [
        ProblemView(p.severity, p.stage, where(p.path, p.article), p.message)
        for p in report.problems
    ]
    stated = {(p.message, p.article) for p in report.problems} | {
        (p.message, p.path) for p in report.problems if p.path
    }
    views += [
        ProblemView("warning", "ingest", where(a.path, a.id), w)
        for a in report.articles
        for w in dict.fromkeys(a.warnings)
        if (w, a.id) not in stated and (w, a.path) not in stated
    ]
    return sorted(views, key=lambda p: p.severity != "error")


def build_view(report: Report) -> ReportView:
    """Everything the templates show, computed once from the report."""
    articles: dict[str, Article] = {}
    for article in report.articles:
        articles.setdefault(article.id, article)
    sources = article_names(report.articles)
    labels = claim_labels(report.claims, sources)
    claim_anchors, finding_anchors = _Anchors("claim"), _Anchors("finding")
    claims: dict[str, ClaimView] = {}
    ordered_claims: list[ClaimView] = []
    for n, claim in enumerate(report.claims):
        view = _claim_view(claim, articles.get(claim.article), claim_anchors, labels[n])
        ordered_claims.append(view)
        claims.setdefault(claim.id, view)
    namer = Namer({cid: view.label for cid, view in claims.items()})

    findings: list[FindingView] = []
    for finding in report.findings:
        anchor = finding_anchors.get(finding.id)
        involved = [claims[c] for c in dict.fromkeys(finding.claims) if c in claims]
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
                line=(line := _finding_line(finding, {c.claim.id: c for c in involved}, namer)),
                why=_finding_why(finding, line, namer),
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

    counts = Counter(c.claim.article for c in ordered_claims)
    names = {
        aid: ArticleName(
            aid,
            sources[aid],
            headline(a),
            counts[aid],
            a.published.isoformat() if a.published else "",
            a.path or "",
        )
        for aid, a in articles.items()
    }
    problems = _problems(report, names)
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
        articles=list(names.values()),
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
