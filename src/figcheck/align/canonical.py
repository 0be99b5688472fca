"""A view of article text with invisible marks inside numbers removed, offsets kept.

Text pasted from web pages, right-to-left layouts or hostile sources can hide
characters inside a digit run: "2\\u200d48" looks like 248 on screen but a
scanner sees 2, then 48. Readers of figures work on this canonical view, and
every offset they find is mapped back, so a claim's `text[start:end]` is
still the article's own characters (invisible marks included).

Rule (documented once, here): a run of the characters below is dropped when
it comes right after a digit ("2\\u200d48", "24\\u200f8", "2\\u03014\\u03018",
"\\u2067248\\u2069 people"), or after a "," or "." that follows a digit when a
digit comes next ("2,\\u200b480"). The marks stay in the claim's quote.
- zero-width: ZWSP U+200B, ZWNJ U+200C, ZWJ U+200D, word joiner U+2060, BOM U+FEFF,
  soft hyphen U+00AD
- bidi marks and controls: LRM U+200E, RLM U+200F, ALM U+061C, LRE..RLO
  U+202A-U+202E, LRI..PDI U+2066-U+2069
- combining marks (Unicode categories Mn, Me)
Anywhere else nothing is changed: the marks around a word are the writer's.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from figcheck.models import Claim, Extraction

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
BIDI_MARKS = frozenset(
    "\u200e\u200f\u061c"
    + "".join(map(chr, range(0x202A, 0x202F)))
    + "".join(map(chr, range(0x2066, 0x206A)))
)
INVISIBLE = ZERO_WIDTH | BIDI_MARKS


def is_ignorable(c: str) -> bool:
    """True for a character that changes neither how a number looks nor its value."""
    return c in INVISIBLE or unicodedata.category(c) in ("Mn", "Me")


@dataclass(frozen=True)
class CanonicalView:
    """The canonical text and, sorted, the original offsets of the characters removed."""

    text: str
    original_text: str
    removed: tuple[int, ...]

    @property
    def changed(self) -> bool:
        return bool(self.removed)

    def original_offset(self, offset: int) -> int:
        """Original offset of the kept character at canonical `offset`."""
        # g(p) = p + 1 - (removed positions <= p) counts kept characters up to p;
        # the answer is the smallest p with g(p) > offset.
        lo, hi = offset, offset + len(self.removed)
        while lo < hi:
            mid = (lo + hi) // 2
            if mid + 1 - bisect_right(self.removed, mid) > offset:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the canonical slice; marks inside it or trailing it join it."""
        if end <= start:
            at = self.original_offset(start)
            return at, at
        last = self.original_offset(end - 1) + 1
        i = bisect_left(self.removed, last)
        while i < len(self.removed) and self.removed[i] == last:
            last, i = last + 1, i + 1
        return self.original_offset(start), last

    def restore(self, extraction: Extraction) -> Extraction:
        """Claims found in the canonical text, with spans and quotes in the original."""
        claims: list[Claim] = []
        for claim in extraction.claims:
            start, end = self.original_span(claim.start, claim.end)
            quote = self.original_text[start:end]
            notes = list(claim.notes)
            if quote != claim.quote:
                notes.append("quote holds invisible marks inside a number; read through them")
            claims.append(
                claim.model_copy(
                    update={"start": start, "end": end, "quote": quote, "notes": notes}
                )
            )
        return extraction.model_copy(update={"claims": claims})


# Every mark above is outside ASCII, so only a digit (or a digit and "," / ".")
# followed by a non-ASCII character can start a run: the regex finds those places
# at C speed and Python looks only there.
_CANDIDATE = re.compile(r"\d[,.]?(?=[^\x00-\x7f])")


def canonical_view(text: str) -> CanonicalView:
    """Drop invisible marks inside digit runs (see the module docstring); linear in `text`."""
    if text.isascii():  # one C check: no mark, so no candidate (most articles)
        return CanonicalView(text, text, ())
    removed: list[int] = []
    n = len(text)
    for m in _CANDIDATE.finditer(text):
        i = j = m.end()
        while j < n and is_ignorable(text[j]):
            j += 1
        after_separator = m.end() - m.start() == 2
        if j > i and (not after_separator or (j < n and text[j].isdigit())):
            removed.extend(range(i, j))
    if not removed:
        return CanonicalView(text, text, ())
    pieces: list[str] = []
    previous = 0
    for k in removed:
        pieces.append(text[previous:k])
        previous = k + 1
    pieces.append(text[previous:])
    return CanonicalView("".join(pieces), text, tuple(removed))
