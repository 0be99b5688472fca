"""Page chrome in scraped news: lines that belong to the website, not to the article.

Scraped pages keep related-link lists, subscription promos and navigation next
to the story. Their numbers ("100's of titles", "Fourteen days free") are not
claims about the world. A line is chrome when

* it opens with a related-content cue ("Also read:", "Read more", "Related
  Stories", "Watch:"), bulleted or not; or
* it is short (< 140 chars) and carries a promotion/account cue (sign up, sign
  in, subscribe, subscription, membership, already a member, download the app,
  free trial, premium, newsletter, advertisement, cookies...); or
* it belongs to a run of >= 3 adjacent short lines (< 80 chars, not a full
  sentence of 8+ words), most of which lack sentence punctuation: the shape of
  menus, bylines and promo blocks, never of article prose; except the items of
  a list that a line of the article's prose introduces with a colon ("the data
  showed that:" then "- 43.9% of schools were fully open", ...).

A single short line (a headline or sub-heading) is kept: headlines carry figures.
"""

from __future__ import annotations

import re

from figcheck.normalise._scan import may_hold

_RELATED = re.compile(
    r"^\s*(?:[•·▪►»*\-–—]\s*)?(?:also\s+read|read\s+more|read\s+also|see\s+also|more\s+on\s+this|"
    r"related(?:\s+(?:stories|articles|news|content|coverage|links|topics))?\s*:?|"
    r"recommended|watch\s*:|listen\s*:|trending|most\s+read|top\s+stories|"
    r"more\s+from|latest\s+news|you\s+may\s+also\s+like|don'?t\s+miss)\b",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"\b(?:sign\s*up|sign\s*in|log\s*in|subscribe[drs]?|subscriptions?|membership|"
    r"already\s+a\s+(?:member|subscriber)|download\s+(?:the|our)\s+app|get\s+the\s+app|"
    r"free\s+trial|days?\s+free|premium|newsletters?|advertisement|sponsored|cookies?|"
    r"privacy\s+policy|terms\s+of\s+(?:use|service)|all\s+rights\s+reserved|start\s+reading|"
    r"curated|one\s+app|trusted\s+(?:global\s+)?sources|share\s+this|follow\s+us)\b",
    re.IGNORECASE,
)
# a word in every match of _PROMO (normalise._scan.may_hold): most lines hold none, and
# the pattern's leading word boundary made it try every position of every short line
_PROMO_STEMS = (
    "sign", "log", "subscri", "membership", "already", "download", "app", "free", "premium",
    "newsletter", "advertisement", "sponsored", "cookie", "privacy", "terms", "rights",
    "reading", "curated", "trusted", "share", "follow",
)  # fmt: skip
_BULLET = re.compile(r"^\s*[•·▪►»]")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s*$")

_SHORT = 80
_PROMO_MAX = 140
_RUN = 3
_SENTENCE_WORDS = 8


def _is_short_fragment(line: str) -> bool:
    """Short and not a full sentence: a full sentence of 8+ words is prose even when short."""
    stripped = line.strip()
    if not 0 < len(stripped) < _SHORT:
        return False
    return not (_SENTENCE_END.search(stripped) and len(stripped.split()) >= _SENTENCE_WORDS)


_INTRODUCES = re.compile(r"\w\s*:\s*$")
_ITEM = re.compile(r"^\s*(?:[-–—•·▪*]|\d{1,2}[.)])\s+\S")
_INTRO_WORDS = 3  # "The data showed that:", "Key figures:" is a heading, not prose


def _without_introduced_list(text: str, lines: list[tuple[int, int]], run: list[int]) -> list[int]:
    """The run less a list the article's own prose introduces ("the data showed that:"
    then "- 43.9% of schools were fully open", ...): a menu's shape, the writer's
    figures. Only items marked as a list after a line of prose ending in a colon are
    kept; a cue of related links ("Related:") is chrome of its own."""
    for k in range(len(run) - 1, -1, -1):
        intro = text[slice(*lines[run[k]])]
        if not _INTRODUCES.search(intro):
            continue
        items = run[k + 1 :]
        if (
            items
            and len(intro.split()) >= _INTRO_WORDS
            and not _RELATED.match(intro)
            and all(_ITEM.match(text[slice(*lines[j])]) for j in items)
        ):
            return run[:k]
        break
    return run


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every chrome line in `text`, in order."""
    lines: list[tuple[int, int]] = []
    offset = 0
    for raw in text.split("\n"):
        lines.append((offset, offset + len(raw)))
        offset += len(raw) + 1
    chrome = [False] * len(lines)
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        if not line.strip():
            continue
        if _RELATED.match(line) or (_BULLET.match(line) and len(line) < _PROMO_MAX):
            chrome[i] = _RELATED.match(line) is not None or not _SENTENCE_END.search(line)
        if len(line.strip()) < _PROMO_MAX and may_hold(line, _PROMO_STEMS) and _PROMO.search(line):
            chrome[i] = True
    # Runs of adjacent short lines; a blank line ends a run, so a headline stays.
    run: list[int] = []
    for i, (start, end) in enumerate([*lines, (len(text), len(text))]):
        line = text[start:end] if i < len(lines) else ""
        if i < len(lines) and _is_short_fragment(line):
            run.append(i)
            continue
        run = _without_introduced_list(text, lines, run)
        if len(run) >= _RUN:
            unpunctuated = sum(1 for j in run if not _SENTENCE_END.search(text[slice(*lines[j])]))
            if unpunctuated * 2 >= len(run):
                for j in run:
                    chrome[j] = True
        run = []
    return [lines[i] for i, flag in enumerate(chrome) if flag]
