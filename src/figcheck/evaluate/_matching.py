"""The spec's claim-matching rule, which every metric hangs on.

A predicted claim matches a gold claim of the same article when their spans
overlap and the gold figure's digits/words lie inside the predicted span.
Matching is one-to-one (a gold claim matches at most one prediction and a
prediction at most one gold claim, so an over-long span is not rewarded twice),
assigned greedily by span IoU, ties broken by position, so results are
deterministic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from figcheck.models import Claim

_NUMBER_WORDS = (  # noqa: SIM905 - a word list reads better as prose
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred thousand million billion trillion dozen half "
    "quarter score"
).split()
_WORD = (
    r"(?:(?:" + "|".join(_NUMBER_WORDS) + r")(?:s|th|ths)?"
    r"|first|second|third|fifth|eighth|ninth|twelfth|tens|a\s+(?:dozen|hundred|thousand|million))"
)
# digit groups with thousands separators (comma, dot, space, thin/no-break space),
# decimals, ordinal suffixes and an optional scale word: "2,828", "816 000", "49th", "1.5 million"
_DIGITS = r"\d+(?:[,.\u00a0\u202f\u2009 ]\d{3})*(?:[.,]\d+)?(?:st|nd|rd|th|s)?"
_TOKEN = rf"(?:{_DIGITS}|\b{_WORD}\b)"
_FIGURE_RE = re.compile(
    rf"(?<![\w]){_TOKEN}(?:(?:[\s-]+|\s+and\s+|\s+of\s+(?=(?:hundreds|thousands|millions)\b))"
    rf"{_TOKEN})*(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FigureToken:
    """Where the gold figure's number sits, in article coordinates."""

    start: int
    end: int
    text: str


def _digit_value(token: str) -> float | None:
    digits = re.sub(r"[^\d.]", "", token.replace(",", ""))
    try:
        return float(digits) if digits else None
    except ValueError:
        return None


def figure_token(gold: Claim, text: str | None = None) -> FigureToken | None:
    """The number token(s) of a gold claim: what a prediction's span must contain.

    Among several numbers in one quote ("66 of the 230"), prefer the one whose
    value is the gold interval's bound, then the claim's own `figure_text`, then
    the first; None when the quote holds no number at all ("a handful").
    """
    # the article is what offsets index into; the quote stands in when no text is given
    quote = text[gold.start : gold.end] if text is not None else gold.quote
    runs = list(_FIGURE_RE.finditer(quote))
    if not runs:
        return None
    chosen = runs[0]
    if len(runs) > 1:
        bounds = {b for b in (gold.low, gold.high, gold.value) if b is not None}
        by_value = [m for m in runs if _digit_value(m.group()) in bounds]
        by_text = [m for m in runs if gold.figure_text and m.group() in gold.figure_text]
        chosen = (by_value or by_text or runs)[0]
    return FigureToken(gold.start + chosen.start(), gold.start + chosen.end(), chosen.group())


def span_iou(a: Claim, b: Claim) -> float:
    """Intersection over union of two character spans (0 when disjoint)."""
    inter = max(0, min(a.end, b.end) - max(a.start, b.start))
    union = max(a.end, b.end) - min(a.start, b.start)
    return inter / union if union > 0 else 0.0


def claims_match(predicted: Claim, gold: Claim, text: str | None = None) -> bool:
    """The spec's rule for one pair; without a number in the gold quote, overlap alone decides."""
    if predicted.article != gold.article:
        return False
    if not (predicted.start < gold.end and gold.start < predicted.end):
        return False
    token = figure_token(gold, text)
    if token is None:
        return True
    return predicted.start <= token.start and token.end <= predicted.end


def match_claims(
    predicted: Sequence[Claim],
    gold: Sequence[Claim],
    texts: dict[str, str] | None = None,
) -> list[tuple[Claim, Claim]]:
    """Pairs (predicted, gold) under the spec's rule, one-to-one, greedy by IoU.

    `texts` (article id -> text) lets the gold figure be read from the article
    itself rather than from the quote, which matters only when they disagree.
    """
    by_article: dict[str, list[tuple[int, Claim]]] = defaultdict(list)
    for i, p in enumerate(predicted):
        by_article[p.article].append((i, p))
    candidates: list[tuple[float, int, int, int, int]] = []
    for j, g in enumerate(gold):
        text = texts.get(g.article) if texts else None
        for i, p in by_article.get(g.article, []):
            if claims_match(p, g, text):
                # sort key: best IoU first, then earliest gold, then earliest prediction
                candidates.append((-span_iou(p, g), g.start, j, p.start, i))
    candidates.sort()
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, j, _, i in candidates:
        if i in used_pred or j in used_gold:
            continue
        used_pred.add(i)
        used_gold.add(j)
        pairs.append((i, j))
    pairs.sort(key=lambda ij: (gold[ij[1]].article, gold[ij[1]].start, ij[1]))
    return [(predicted[i], gold[j]) for i, j in pairs]
