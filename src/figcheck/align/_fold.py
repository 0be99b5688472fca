"""Fold text for comparison while remembering where every folded character came from.

Model quotes differ from the article in typography the model cannot see or does
not keep: curly vs straight quotes, en/em dashes vs hyphens, runs of spaces and
newlines, no-break and thin spaces, case, accents. Folding removes those
differences; the index map turns a match in the folded text back into offsets
of the original, so `text[start:end]` is always the article's own characters.

Folding rules (documented once, here):
- ‘ ’ ‚ ‛ ′ ` ´ -> '   and   “ ” „ ‟ ″ « » -> "
- ‐ ‑ ‒ – — ― − ⁃ -> -, runs of dashes -> one -, spaces around a dash dropped
  ("war — which" and "war-which" fold alike)
- any Unicode whitespace run (newlines, no-break, thin spaces) -> one space
- soft hyphen, zero-width characters and bidi marks are dropped (the set of
  `figcheck.align.canonical.INVISIBLE`, so a quote matches "24\u200f8")
- compatibility forms (NFKD: ligatures, "…" -> "..."), accents dropped, lower case
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from figcheck.align.canonical import INVISIBLE

_PUNCT = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃", "-"),
}
_DROP = INVISIBLE
_CHAR_CACHE: dict[str, str] = {}
_TOKEN = re.compile(r"\w+|\S+")
_WORD = re.compile(r"\w+")


def fold_char(c: str) -> str:
    """The folded form of one character ("" when it is dropped)."""
    folded = _CHAR_CACHE.get(c)
    if folded is not None:
        return folded
    if c in _PUNCT:
        folded = _PUNCT[c]
    elif c in _DROP:
        folded = ""
    elif c.isspace():
        folded = " "
    else:
        decomposed = unicodedata.normalize("NFKD", c)
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
        folded = "".join(ch for ch in bare if not unicodedata.combining(ch))
        folded = "".join(_PUNCT.get(ch, ch) for ch in folded)
    _CHAR_CACHE[c] = folded
    return folded


@dataclass(frozen=True)
class Folded:
    """Folded text plus, per folded character, the original [start, end) it stands for."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    _bounds: list[tuple[list[int], list[int]]] = field(
        default_factory=list, repr=False, compare=False
    )

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded slice [start, end) (end > start)."""
        return self.starts[start], self.ends[end - 1]

    def boundaries(self) -> tuple[list[int], list[int]]:
        """Sorted positions where a word or punctuation token starts, and where one ends."""
        if not self._bounds:
            starts: set[int] = set()
            ends: set[int] = set()
            for pattern in (_TOKEN, _WORD):
                for m in pattern.finditer(self.text):
                    starts.add(m.start())
                    ends.add(m.end())
            self._bounds.append((sorted(starts), sorted(ends)))
        return self._bounds[0]

    def starts_near(self, pos: int, slack: int) -> list[int]:
        starts, _ = self.boundaries()
        return starts[bisect_left(starts, pos - slack) : bisect_right(starts, pos + slack)]

    def ends_near(self, pos: int, slack: int) -> list[int]:
        _, ends = self.boundaries()
        return ends[bisect_left(ends, pos - slack) : bisect_right(ends, pos + slack)]


@lru_cache(maxsize=64)
def fold(text: str) -> Folded:
    """Fold `text`; cached because an extractor aligns many quotes against one article."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, c in enumerate(text):
        folded = fold_char(c)
        if not folded:
            if ends:
                ends[-1] = i + 1
            continue
        if folded == " ":
            if out and out[-1] in (" ", "-"):
                continue
        elif folded == "-" and out:
            if out[-1] == "-":
                ends[-1] = i + 1
                continue
            if out[-1] == " ":
                out.pop()
                starts.pop()
                ends.pop()
        for ch in folded:
            out.append(ch)
            starts.append(i)
            ends.append(i + 1)
    return Folded("".join(out), tuple(starts), tuple(ends))


def fold_quote(quote: str) -> str:
    """The folded quote without surrounding space, as it is searched for in folded text."""
    return fold(quote).text.strip()
