"""Quote -> span: exact, normalised, fuzzy, or honestly ungrounded.

Like google/langextract's resolver, alignment reports how a quote was found
instead of silently guessing:

1. exact: `quote` occurs verbatim (the occurrence nearest `hint` wins, else the first);
2. normalised: it occurs once typography is folded (see `figcheck.align._fold`); offsets
   are mapped back, so `text[start:end]` is the article's own characters;
3. fuzzy: the best word-aligned window scores `fuzz.ratio >= min_score` against
   the folded quote *and* states the same numbers (digits and number words) —
   a model that writes "249 soldiers" for "248 soldiers" is not grounded;
4. ungrounded: start = end = -1.

For fuzzy and normalised spans the quote does not equal `text[start:end]`;
callers keep `text[start:end]` as the claim's quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from figcheck.align._fold import Folded, fold, fold_quote
from figcheck.errors import GroundingError
from figcheck.models import Alignment

# Below this many folded characters a fuzzy match is more likely a coincidence
# than a paraphrase, so short quotes must match exactly or after folding.
MIN_FUZZY_CHARS = 8
# Tokens occurring more often than this make poor anchors ("the", "said").
_MAX_ANCHOR_HITS = 25
_MAX_WINDOWS = 8
_MAX_SLACK = 48
_ANCHOR = re.compile(r"\w*\d\w*|\w{4,}")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?"
    r"|dozens?|half|quarter|third|score)\b"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    alignment: Alignment
    score: float  # 100 for exact and normalised

    @property
    def grounded(self) -> bool:
        return self.alignment is not Alignment.ungrounded


UNGROUNDED = Span(-1, -1, Alignment.ungrounded, 0.0)


def align(quote: str, text: str, hint: int | None = None, min_score: float = 85.0) -> Span:
    """Locate `quote` in `text`; among repeated matches pick the one nearest `hint`.

    Returns alignment=ungrounded (start=end=-1) when nothing scores >= min_score.
    """
    if not quote or not text:
        return UNGROUNDED
    exact = _nearest(list(_occurrences(text, quote)), hint)
    if exact is not None:
        return Span(exact, exact + len(quote), Alignment.exact, 100.0)
    folded = fold(text)
    needle = fold_quote(quote)
    if not needle:
        return UNGROUNDED
    hits = [folded.original(i, i + len(needle)) for i in _occurrences(folded.text, needle)]
    best = _nearest([start for start, _ in hits], hint)
    if best is not None:
        end = dict(hits)[best]
        return Span(best, end, Alignment.normalised, 100.0)
    if len(needle) < MIN_FUZZY_CHARS:
        return UNGROUNDED
    return _fuzzy(needle, folded, hint, min_score)


def verify(quote: str, text: str, start: int, end: int) -> bool:
    """True when the span is inside `text` and `text[start:end]` is exactly `quote`."""
    return 0 <= start <= end <= len(text) and text[start:end] == quote


def check_span(quote: str, text: str, start: int, end: int, where: str = "") -> None:
    """Enforce the grounding invariant `quote == text[start:end]`, saying how to fix a miss."""
    if verify(quote, text, start, end):
        return
    prefix = f"{where}: " if where else ""
    if not 0 <= start <= end <= len(text):
        problem = f"span {start}:{end} is outside the text (length {len(text)})"
    else:
        problem = f"text[{start}:{end}] is {text[start:end]!r}, not the quote {quote!r}"
    found = align(quote, text, hint=start)
    if found.alignment is Alignment.exact:
        fix = f"the quote occurs at {found.start}:{found.end}; use those offsets"
    elif found.grounded:
        fix = (
            f"the closest text is {text[found.start : found.end]!r} at "
            f"{found.start}:{found.end} ({found.alignment.value}); copy it as the quote"
        )
    else:
        fix = "the quote does not occur in the text; copy it verbatim from the article"
    raise GroundingError(f"{prefix}{problem}; {fix}")


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    i = haystack.find(needle)
    while i != -1:
        yield i
        i = haystack.find(needle, i + 1)


def _nearest(starts: list[int], hint: int | None) -> int | None:
    if not starts:
        return None
    if hint is None:
        return starts[0]
    return min(starts, key=lambda s: (abs(s - hint), s))


def _numbers(s: str) -> tuple[list[str], list[str]]:
    digits = [m.replace(",", "") for m in _DIGITS.findall(s)]
    return digits, _NUMBER_WORDS.findall(s)


def _candidates(needle: str, folded: Folded, min_score: float) -> list[tuple[int, int]]:
    """Rough (start, end) places in the folded text where the quote may be.

    Rare quote words and numbers ("anchors") each say where the quote would start
    if they were in place; the hits of one real occurrence agree to within a few
    edits, so they are clustered and the best-supported places kept, each on its
    own (so `hint` can choose between repeats). A same-length slice must already
    look similar, which keeps long quotes cheap. partial_ratio's best alignment
    over the whole text is always added, for quotes whose words all changed.
    """
    n, haystack = len(needle), folded.text
    anchors: list[tuple[int, str]] = []
    for m in _ANCHOR.finditer(needle):
        if 0 < haystack.count(m.group()) <= _MAX_ANCHOR_HITS:
            anchors.append((m.start(), m.group()))
    estimates = sorted(
        pos - offset for offset, token in anchors for pos in _occurrences(haystack, token)
    )
    gap = max(8, n // 8)
    clusters: list[list[int]] = []  # [first estimate, last estimate, votes]
    for estimate in estimates:
        if clusters and estimate - clusters[-1][1] <= gap:
            clusters[-1][1:] = [estimate, clusters[-1][2] + 1]
        else:
            clusters.append([estimate, estimate, 1])
    found: list[tuple[int, int]] = []
    for first, last, _ in sorted(clusters, key=lambda c: -c[2])[:_MAX_WINDOWS]:
        start = max(0, first)
        if fuzz.ratio(needle, haystack[start : start + n], score_cutoff=min_score - 25):
            found.append((start, min(len(haystack), max(last, first) + n)))
    best = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=min_score - 20)
    if best is not None:
        found.append((best.dest_start, best.dest_end))
    return found


def _fuzzy(needle: str, folded: Folded, hint: int | None, min_score: float) -> Span:
    haystack = folded.text
    numbers = _numbers(needle)
    # How far the true ends may sit from the rough place: room for a few dropped
    # or added words, capped so long quotes stay cheap.
    slack = min(max(8, len(needle) // 4), _MAX_SLACK)
    seen: set[tuple[int, int]] = set()
    best: tuple[tuple[float, int, int], int, int] | None = None  # (score, -distance, -start)
    for coarse_start, coarse_end in _candidates(needle, folded, min_score):
        for s in folded.starts_near(coarse_start, slack):
            for e in folded.ends_near(coarse_end, slack):
                if e <= s or (s, e) in seen:
                    continue
                seen.add((s, e))
                candidate = haystack[s:e]
                score = fuzz.ratio(needle, candidate, score_cutoff=min_score)
                if not score:
                    continue
                start, end = folded.original(s, e)
                distance = 0 if hint is None else abs(start - hint)
                key = (score, -distance, -start)
                if (best is None or key > best[0]) and _numbers(candidate) == numbers:
                    best = (key, start, end)
    if best is None:
        return UNGROUNDED
    return Span(best[1], best[2], Alignment.fuzzy, round(best[0][0], 2))
