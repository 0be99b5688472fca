"""Cut article text around claim spans: the sentence a quote sits in, and highlight segments.

Both work on Python `str` indices, the same code-point offsets the claims carry,
so what a reviewer sees highlighted is exactly `text[start:end]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# Context longer than this on either side is cut at a word and marked with "…",
# so a paragraph without punctuation does not swamp the report.
CONTEXT_LIMIT = 240

# A sentence ends at . ! or ? (plus closing quotes/brackets) followed by
# whitespace, or at a line break. "3.5 million" and "2,600." mid-number do not end
# one because the dot is not followed by whitespace.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)|[\r\n]")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpl", "maj", "gov"}
    | {"sen", "rep", "st", "no", "vs", "jan", "feb", "aug", "sept", "oct", "nov", "dec"}
    | {"inc", "corp", "co", "ltd"}
)


@dataclass(frozen=True)
class Context:
    """The sentence around a span, split so the quote itself can be emphasised."""

    before: str
    quote: str
    after: str


def _is_abbreviation(text: str, dot: int) -> bool:
    """'U.S. officials' and 'Gen. Syrskyi' do not end a sentence at their dot."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:dot]
    if len(word) == 1 and word.isupper():
        return True
    return word.lower() in _ABBREVIATIONS


def _sentence_start(text: str, start: int) -> int:
    floor = max(0, start - CONTEXT_LIMIT)
    begin = floor
    for match in _END.finditer(text, floor, start):
        if not _is_abbreviation(text, match.start()):
            begin = match.end()
    return begin


def _sentence_end(text: str, end: int) -> int:
    ceiling = min(len(text), end + CONTEXT_LIMIT)
    for match in _END.finditer(text, end, ceiling):
        if match.group() in "\r\n":
            return match.start()
        if not _is_abbreviation(text, match.start()):
            return match.end()
    return ceiling


def sentence_around(text: str, start: int, end: int) -> Context:
    """The sentence holding text[start:end]; the caller has checked the span is inside text."""
    begin = _sentence_start(text, start)
    finish = _sentence_end(text, end)
    before = text[begin:start].lstrip()
    after = text[end:finish].rstrip()
    if begin > 0 and begin == max(0, start - CONTEXT_LIMIT):
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if finish < len(text) and finish == min(len(text), end + CONTEXT_LIMIT):
        after = (after.rsplit(" ", 1)[0] if " " in after else after) + "…"
    return Context(before=before, quote=text[start:end], after=after)


def span_matches(text: str, start: int, end: int, quote: str) -> bool:
    """Whether a claim's offsets really hold its quote; reports never trust offsets blindly."""
    return 0 <= start < end <= len(text) and text[start:end] == quote


@dataclass(frozen=True)
class Segment(Generic[T]):
    """A run of article text, highlighted when `item` is set."""

    text: str
    item: T | None = None


def segment(text: str, spans: Iterable[tuple[int, int, T]]) -> tuple[list[Segment[T]], list[T]]:
    """Split text into plain and highlighted runs; spans overlapping an earlier one come back apart.

    Overlaps are not nested or merged: each highlighted run belongs to exactly one
    claim, so its visible text is that claim's quote. Skipped claims are rendered
    elsewhere by the caller, so no anchor ever dangles.
    """
    ordered: Sequence[tuple[int, int, T]] = sorted(spans, key=lambda s: (s[0], -s[1]))
    segments: list[Segment[T]] = []
    skipped: list[T] = []
    cursor = 0
    for start, end, item in ordered:
        if start < cursor or not 0 <= start < end <= len(text):
            skipped.append(item)
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], item))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments, skipped
