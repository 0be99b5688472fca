"""Split long articles by paragraph within a token budget, with overlap, keeping offsets.

Tokens are approximated as characters / 4, which is close for English news and
needs no tokenizer download. Each chunk is an exact slice of the article, so a
span found in a chunk maps back to the article by adding `chunk.start`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHARS_PER_TOKEN = 4
_PARAGRAPH_END = re.compile(r"\n+")
_BREAK = re.compile(r"(?<=[.!?])\s+|\s+")


@dataclass(frozen=True)
class Chunk:
    """`text == article_text[start:start + len(text)]`; `index` counts from 1 for the prompt."""

    index: int
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a paragraph longer than the budget at the last sentence end (else space) before it."""
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        cut = 0
        for match in _BREAK.finditer(text, start, start + limit):
            if match.start() > start:
                cut = match.start()
        cut = cut or start + limit
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def split_text(text: str, max_tokens: int = 3000, overlap_paragraphs: int = 1) -> list[Chunk]:
    """Chunks of whole paragraphs, each within `max_tokens`; consecutive chunks share paragraphs."""
    limit = max(1, max_tokens * CHARS_PER_TOKEN)
    if len(text) <= limit:
        return [Chunk(1, 0, text)] if text.strip() else []
    paragraphs = [
        piece for start, end in _paragraphs(text) for piece in _split_long(text, start, end, limit)
    ]
    chunks: list[Chunk] = []
    first = 0
    while first < len(paragraphs):
        last = first
        while (
            last + 1 < len(paragraphs) and paragraphs[last + 1][1] - paragraphs[first][0] <= limit
        ):
            last += 1
        start, end = paragraphs[first][0], paragraphs[last][1]
        chunks.append(Chunk(len(chunks) + 1, start, text[start:end]))
        if last + 1 >= len(paragraphs):
            break
        first = max(first + 1, last + 1 - overlap_paragraphs)
    return chunks
