"""Error injection: change one outlet's figure and see whether figcheck catches it.

For every gold key stated in two or more articles, one article's figure for
that quantity is changed by about a third (248 → 331) in a copy of the
dataset; figcheck then runs end to end (extract → read → link → cross-check)
and the try counts as caught when an `inconsistent` finding names a claim at
the changed figure. The false-alarm rate is measured on the unchanged data:
`inconsistent` findings that match no gold one, per 10 articles.

With `gold_claims`, the gold claims themselves are changed and fed to the
cross-checker, which measures cross-checking alone. Only articles that were
changed are extracted again; the rest reuse one baseline extraction.

With `in_claims`, the extracted claims at the changed figure are scaled after
extraction instead of extracting the changed text again: for an extractor whose
answers are stored per request (a cassette, a strong-model stand-in), which has
no answer for a text it never saw. Linking (a story linker's stored groups
included) and cross-checking then run as usual; what it measures is whether the
cross-checker catches the change in the groups linking gives, not whether a
model would read and group the changed figure the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from figcheck.crosscheck import cross_check
from figcheck.evaluate import findings_match
from figcheck.evaluate._matching import match_claims
from figcheck.extractors import Extractor, extract_article, get_extractor
from figcheck.ingest.dataset import Dataset, load_dataset
from figcheck.link import StoryLinker, link
from figcheck.models import Article, Claim, Finding, Verdict
from figcheck.read import read_all

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


class InjectionTry(BaseModel):
    """One changed figure and whether a finding caught it."""

    key: str
    article: str
    claim: str
    before: str
    after: str
    caught: bool
    finding: str | None = None


class InjectionResult(BaseModel):
    dataset: str
    extractor: str
    tries: list[InjectionTry] = Field(default_factory=list)
    articles: int = 0
    false_alarms: int = 0  # inconsistent findings on the unchanged data matching no gold one

    @property
    def recall(self) -> float | None:
        return sum(t.caught for t in self.tries) / len(self.tries) if self.tries else None

    @property
    def false_alarms_per_10(self) -> float | None:
        return 10 * self.false_alarms / self.articles if self.articles else None

    def to_markdown(self) -> str:
        recall = "n/a" if self.recall is None else f"{self.recall:.2f}"
        alarms = "n/a" if self.false_alarms_per_10 is None else f"{self.false_alarms_per_10:.2f}"
        lines = [
            f"# Error injection: {self.dataset} ({self.extractor})",
            "",
            f"- changed figures caught: {sum(t.caught for t in self.tries)}/{len(self.tries)}"
            f" (recall {recall})",
            f"- false `inconsistent` findings on the unchanged data: {self.false_alarms}"
            f" in {self.articles} articles ({alarms} per 10 articles)",
            "",
            "| key | article | changed | caught by |",
            "|---|---|---|---|",
        ]
        for t in self.tries:
            by = t.finding or "**missed**"
            lines.append(f"| `{t.key}` | {t.article} | {t.before} → {t.after} | {by} |")
        return "\n".join(lines) + "\n"


def changed_figure(text: str) -> tuple[int, int, str] | None:
    """(start, end, replacement) for the first digit figure in `text`, about a third larger."""
    m = _DIGITS.search(text)
    if m is None:
        return None
    raw = m.group(0)
    value = float(raw.replace(",", ""))
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    new = round(value * 4 / 3, decimals)
    if new == value:
        new = value + 10 ** (-decimals) * 3
    body = f"{new:,.{decimals}f}" if "," in raw else f"{new:.{decimals}f}"
    return m.start(), m.end(), body


def _targets(data: Dataset) -> list[Claim]:
    """One claim per gold key stated in 2+ articles: the first with a digit figure."""
    by_key: dict[str, list[Claim]] = defaultdict(list)
    for claim in data.claims:
        if claim.key:
            by_key[claim.key].append(claim)
    targets: list[Claim] = []
    for claims in by_key.values():
        if len({c.article for c in claims}) < 2:
            continue
        for claim in sorted(claims, key=lambda c: (c.article, c.start)):
            if changed_figure(claim.quote) is not None:
                targets.append(claim)
                break
    return targets


def _inconsistent(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.verdict == Verdict.inconsistent]


def inject(
    dataset_dir: str | Path,
    extractor: str | Extractor = "rules",
    *,
    gold_claims: bool = False,
    story_linker: StoryLinker | None = None,
    progress: Callable[[int, int], None] | None = None,
    in_claims: bool = False,
) -> InjectionResult:
    """Run every injection try on a dataset; see the module docstring."""
    data = load_dataset(dataset_dir)
    articles = list(data.articles)
    chosen = get_extractor(extractor) if isinstance(extractor, str) else extractor
    name = "gold" if gold_claims else chosen.name

    def extracted(article: Article) -> list[Claim]:
        # ids unique across articles, as `evaluate` makes them: an id that already names
        # its article is kept (stored story-linking answers are keyed by claim ids)
        claims = extract_article(article, chosen).claims
        return [
            c
            if c.id.startswith(article.id)
            else c.model_copy(update={"id": f"{article.id}:{c.id}"})
            for c in claims
        ]

    baseline: dict[str, list[Claim]] = {}
    if gold_claims:
        for claim in read_all(data.claims, articles):
            baseline.setdefault(claim.article, []).append(claim)
    else:
        baseline = {a.id: extracted(a) for a in articles}

    def run(
        per_article: dict[str, list[Claim]], arts: list[Article]
    ) -> tuple[list[Claim], list[Finding]]:
        claims = [c for a in arts for c in per_article.get(a.id, [])]
        keyed = claims if gold_claims else link(claims, arts, story_linker=story_linker)
        return keyed, cross_check(keyed, arts, keys_given=gold_claims)

    result = InjectionResult(dataset=str(dataset_dir), extractor=name, articles=len(articles))
    keyed, findings = run(baseline, articles)
    if gold_claims:
        to_gold = {c.id: c.id for c in keyed}
    else:
        texts = {a.id: a.text for a in articles}
        to_gold = {p.id: g.id for p, g in match_claims(keyed, data.claims, texts)}
    gold_bad = _inconsistent(list(data.findings))
    result.false_alarms = sum(
        not any(findings_match(f, g, to_gold) for g in gold_bad) for f in _inconsistent(findings)
    )
    targets = _targets(data)
    for n, target in enumerate(targets):
        if progress:
            progress(n, len(targets))
        result.tries.append(
            _one(target, data, articles, baseline, run, extracted, gold_claims or in_claims)
        )
    return result


def _one(
    target: Claim,
    data: Dataset,
    articles: list[Article],
    baseline: dict[str, list[Claim]],
    run: Callable[[dict[str, list[Claim]], list[Article]], tuple[list[Claim], list[Finding]]],
    extracted: Callable[[Article], list[Claim]],
    in_claims: bool,
) -> InjectionTry:
    change = changed_figure(target.quote)
    assert change is not None
    s, e, body = change
    start, end = target.start + s, target.start + e
    before = target.quote[s:e]
    per_article = dict(baseline)
    arts = list(articles)
    if in_claims:
        # the claims stating the changed figure: the gold claim itself, or the extracted
        # claims whose span holds the figure
        factor = float(body.replace(",", "")) / float(before.replace(",", ""))
        hit_ids = {
            c.id
            for c in baseline[target.article]
            if c.id == target.id or (c.start <= start and end <= c.end)
        }
        per_article[target.article] = [
            c.model_copy(update=_scaled(c, factor)) if c.id in hit_ids else c
            for c in baseline[target.article]
        ]
    else:
        index = next(i for i, a in enumerate(arts) if a.id == target.article)
        article = arts[index]
        text = article.text[:start] + body + article.text[end:]
        arts[index] = article.model_copy(update={"text": text})
        per_article[target.article] = extracted(arts[index])
        stop = start + len(body)
        hit_ids = {c.id for c in per_article[target.article] if c.start < stop and start < c.end}
    _, findings = run(per_article, arts)
    caught = next((f for f in _inconsistent(findings) if hit_ids & set(f.claims)), None)
    return InjectionTry(
        key=target.key,
        article=target.article,
        claim=target.id,
        before=before,
        after=body,
        caught=caught is not None,
        finding=None if caught is None else f"{caught.id} {caught.rule}",
    )


def _scaled(claim: Claim, factor: float) -> dict[str, object]:
    def scale(x: float | None) -> float | None:
        return None if x is None else x * factor

    return {"low": scale(claim.low), "high": scale(claim.high), "value": scale(claim.value)}
