"""One pass over the text to find where figures can be, so the costly patterns run only there.

The figure pattern, 14 masks, the fraction pattern and 12 date patterns used
to run over the whole text each (Python's regex engine tries every position
of an 8 KB pattern). One tokenizer pass now finds the anchors a match cannot
do without (a digit, a number, fraction or date word) and the words that can
open a figure (qualifiers, currency signs); the patterns then run only where
a match is possible:

- the figure pattern is tried at candidate starts only: an anchor, a sign
  right before one, or an opening word at most `FIGURE_REACH` tokens before
  one (a word that only begins longer qualifiers, "the majority of", only
  before one of their second words);
- a pattern whose every match opens with its anchor (a weekday, "ago", a
  year, a speech verb) is tried at those tokens only (`finditer_at`);
- masks, fractions and the other dates run inside windows of `WINDOW_REACH`
  tokens around their anchors, widened to whitespace, which is more than any
  of their matches and look-arounds spans, so a window gives exactly the
  matches the whole text would; a mask or date pattern is not run at all on
  a text that lacks what each of its matches holds ("of 12", "/7");
- a pattern that must end right before a figure ("killed ", "magnitude of ")
  is searched for from the last words there only (`last_words`).

The rules extractor shares one scan between figures, dates and its
attribution cues; the date anchor words are filed by token in the same pass.

Tests compare both ways on real and generated text (tests/test_scan.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate, compress, count, repeat
from operator import add, and_, contains, not_

from figcheck.normalise._calendar import MONTHS, SEASONS, WEEKDAYS
from figcheck.normalise._figpatterns import OPENING_SIGNS, UNIT_ONE_WORDS
from figcheck.normalise._numwords import DENOMINATORS, TENS, UNITS
from figcheck.normalise._qualifiers import MAGNITUDES, PREFIXES, VAGUE, VAGUE_MULTIPLIERS
from figcheck.normalise.money import CODES_IN_TEXT, LETTERED_SIGNS

# letters-and-digits runs, and the signs a figure can open with
_TOKEN = re.compile(r"[^\W_]+|[$€£¥₹₽₴~]")
_SPLIT = re.compile(r"([^\W_]+|[$€£¥₹₽₴~])")
# the same split of an ASCII text, where [^\W_] is [A-Za-z0-9] and "$", "~" are the only
# signs (scan() finds its tokens without it: _ascii_tokens)
_SPLIT_ASCII = re.compile(r"([A-Za-z0-9]+|[$~])")
_SPACE = re.compile(r"\s")


_ASCII_SIGNS = frozenset("$~")  # the signs _TOKEN takes that hold no digit


# every figure match holds one of these: a digit (checked apart) or a number word
NUMBER_WORDS = frozenset(
    [*UNITS, *TENS, *MAGNITUDES, "trillion", *(w for p in VAGUE for w in p.split())]
    + [w for p in VAGUE_MULTIPLIERS for w in p.split()]
    + ["dozens", "handful", "couple", "number", "numerous", "multiple", "scores", "tens"]
    + ["half", "quarter", "quarters"]  # "half a percentage point", "a quarter-point"
) - {"a", "of", "an"}
_PARTS = tuple(DENOMINATORS)
FRACTION_WORDS = frozenset([*_PARTS, *(f"{w}s" for w in _PARTS), "halves"])
# every date expression (but "N years ago", found from its "ago") holds one of these
_MONTH_NAMES = "january february march april june july august sept september october november"
MONTH_WORDS = frozenset([*MONTHS, *_MONTH_NAMES.split(" "), "december"])
DAY_WORDS = frozenset(["yesterday", "today", "tonight", "tomorrow"])
RELATIVE_WORDS = frozenset(["last", "past", "previous", "this", "next"])
AGO_WORDS = frozenset(["ago"])  # "three years ago"
SINCE_WORDS = frozenset(["since"])  # "since the war began"
SINCE_STEMS = tuple(SINCE_WORDS)  # may_hold's form: every "since ..." pattern holds one
RATIO_WORDS = frozenset(["in", "out"])  # "one in five", "3 out of 10"
# the speech verbs of an attribution ("X said", "..., told Y"), in the order its patterns
# try them (extractors._attribution builds them from this)
SPEECH_VERBS = (
    "said", "says", "say", "announced", "announces", "stated", "states", "told", "tells",
    "reported", "reports", "confirmed", "confirms", "added", "adds", "wrote", "writes", "posted",
    "tweeted", "noted", "estimated", "estimates", "claimed", "claims", "declared", "explained",
    "warned", "insisted", "revealed", "disclosed", "indicated", "acknowledged", "complained",
    "argued", "stressed", "specified", "clarified", "affirmed", "asserted", "reiterated",
    "counted", "recorded", "tallied", "show", "shows", "showed", "suggest", "suggests",
    "suggested", "estimate", "believe", "believes",
)  # fmt: skip
# every attribution holds one of these words (lower-cased): a sentence without them has none
CUE_WORDS = frozenset([*SPEECH_VERBS, "according", "citing", "put", "puts", "putting"])
# the words Scan.anchored finds without reading every token again: the date anchors, the
# words every ratio holds, the attribution cues and the units a figure may write as "a"
# (asked of every article)
_DATE_ANCHORS = [*MONTH_WORDS, *DAY_WORDS, *RELATIVE_WORDS, *SEASONS, *WEEKDAYS, *AGO_WORDS]
INDEXED = frozenset([*_DATE_ANCHORS, *SINCE_WORDS, *RATIO_WORDS, *CUE_WORDS, *UNIT_ONE_WORDS])
# words and signs a figure match can start with before its number
# currency codes and lettered signs that may open a figure before a space ("CHF 400 million",
# "HK$ 3"); taken from the money table so a new currency is seen here too
_CURRENCY_OPENERS = sorted(
    {code.lower() for code in CODES_IN_TEXT}
    | {_TOKEN.findall(sign.lower())[0] for sign in LETTERED_SIGNS if _TOKEN.findall(sign)}
    | {"us", "a", "c", "hk", "nz", "rs"}
)
OPENERS = frozenset(
    [_TOKEN.findall(p.lower())[0] for p in PREFIXES]
    + ["between", "a", "an", "half", "the", *_CURRENCY_OPENERS]
)
# Openers that open a figure only as the first word of a longer qualifier ("the majority
# of", "in excess of", "at least"), with the second words those qualifiers go on with: such
# an opener is a candidate only before one of them ("the" before "majority", not before
# every noun near a number). Any other opener may open a figure by itself.
_SECOND_WORDS: dict[str, frozenset[str]] = {}
_ALONE = {"between", "a", "an", "half", *_CURRENCY_OPENERS}
for _tokens in sorted(_TOKEN.findall(p.lower()) for p in PREFIXES):
    if len(_tokens) == 1:
        _ALONE.add(_tokens[0])
    else:
        _SECOND_WORDS[_tokens[0]] = _SECOND_WORDS.get(_tokens[0], frozenset()) | {_tokens[1]}
for _word in _ALONE:
    _SECOND_WORDS.pop(_word, None)
# tokens from a figure's first character to its number: a qualifier (up to four words),
# "between", a currency ("US $"), "half a" -- with room to spare
FIGURE_REACH = max(len(_TOKEN.findall(p)) for p in PREFIXES) + 6
# tokens a mask or fraction match (with its look-arounds) reaches either side of its anchor:
# one before ("Photos 3", "Feb. 4"), two after and a look-ahead into a third ("24 of February",
# "4 per cent"); a run of letters, digits and hyphens is never cut (windows end at whitespace)
WINDOW_REACH = 4

_CLASSED = NUMBER_WORDS | OPENERS | FRACTION_WORDS | INDEXED  # the words scan() files

for _phrase in PREFIXES:  # a qualifier must open with a token, or candidates would miss it
    if not _TOKEN.match(_phrase) or _TOKEN.match(_phrase).start() != 0:  # type: ignore[union-attr]
        raise ValueError(f"qualifier {_phrase!r} opens with a character the scan does not see")


@dataclass(frozen=True)
class Scan:
    """Token offsets of one text and which tokens anchor figures, masks and fractions."""

    text: str
    starts: list[int]
    ends: list[int]
    digits: list[int]  # token indexes holding a digit
    numbers: list[int]  # token indexes holding a digit or a number word
    openers: list[int]  # token indexes that can open a figure
    fractions: list[int]  # token indexes that are fraction words
    lower: list[str]  # the tokens, lower-cased
    unfolded: list[int]  # token indexes beyond ASCII (case folding may make them anything)
    positions: dict[str, list[int]]  # token indexes of each INDEXED word
    memo: dict[object, list[tuple[int, int]]] = field(default_factory=dict, compare=False)
    joined: dict[object, str] = field(default_factory=dict, compare=False)
    offsets: dict[object, list[int]] = field(default_factory=dict, compare=False)

    def windows(self, key: object, anchors: Callable[[], list[int]]) -> list[tuple[int, int]]:
        """windows() around `anchors()`, computed once per text for each `key` (the masks and
        four date patterns all anchor on digits, four date patterns on month names)."""
        if key not in self.memo:
            self.memo[key] = windows(self, anchors())
        return self.memo[key]

    def within(self, key: object, anchors: Callable[[], list[int]]) -> str:
        """The text of self.windows(key, anchors), joined by newlines, once per text.

        A pattern that runs in those windows only, and whose every match holds a match
        of a short `needs` pattern, matches nowhere when this string lacks `needs`: a
        search over a quarter of the text. (A hit across a joint is no harm: the
        pattern itself then decides, as it would after a search of the whole text.)
        """
        if key not in self.joined:
            self.joined[key] = "\n".join([self.text[a:b] for a, b in self.windows(key, anchors)])
        return self.joined[key]

    def holding(self, pattern: re.Pattern[str]) -> list[int]:
        """Token indexes where `pattern` matches (inside a token: "AugustFebruary")."""
        return [bisect_right(self.starts, m.start()) - 1 for m in pattern.finditer(self.text)]

    def month_tokens(self) -> list[int]:
        """Token indexes holding a month's opening letters as written ("Feb", "Sept",
        "AugustFebruary"), sorted, once per text (figures' masks and dates ask)."""
        if "month tokens" not in self.offsets:
            self.offsets["month tokens"] = sorted(set(self.holding(MONTH_OPENING)))
        return self.offsets["month tokens"]

    def month_starts(self) -> list[int]:
        """Where each month_tokens() token starts. A cased pattern that opens with a word
        boundary and a month name matches only there (finditer_at), where a search in
        the windows around them tried every position of each window."""
        if "months" not in self.offsets:
            self.offsets["months"] = list(map(self.starts.__getitem__, self.month_tokens()))
        return self.offsets["months"]

    def before_month_starts(self) -> list[int]:
        """Where each of the two tokens before a month_tokens() token starts: a day
        number written before its month ("24 February", "24th of February") opens
        there, its month the next token or the one after "of"."""
        if "before months" not in self.offsets:
            months = self.month_tokens()
            found = {self.starts[i - k] for i in months for k in (1, 2) if i - k >= 0}
            self.offsets["before months"] = sorted(found)
        return self.offsets["before months"]

    def line_starts(self) -> list[int]:
        """Where each line starts (at 0 and after each newline): a multi-line "^" pattern
        matches only there."""
        if "lines" not in self.offsets:
            lengths = map(len, self.text.split("\n"))
            self.offsets["lines"] = list(accumulate(lengths, _next_line, initial=0))[:-1]
        return self.offsets["lines"]

    def anchored(self, words: frozenset[str], digits: bool = False) -> list[int]:
        """Token indexes that are one of `words` (or hold a digit, with `digits`)."""
        filed = _FILED.get(words)
        if filed is None:
            filed = _FILED[words] = words <= INDEXED
        if filed:  # filed by scan(): the few words the text holds, not every word asked for
            found = {i for word, at in self.positions.items() if word in words for i in at}
        else:
            found = set(compress(range(len(self.lower)), map(words.__contains__, self.lower)))
        found.update(self.unfolded)
        if digits:
            found.update(self.digits)
        return sorted(found)


_FILED: dict[frozenset[str], bool] = {}  # whether Scan.anchored finds a set's words filed


def _next_line(start: int, length: int) -> int:
    """The start of the line after one of `length` characters starting at `start`."""
    return start + length + 1


# how each month name opens, as the cased month patterns write it (dates._MONTH, MONTH)
MONTH_OPENING = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


def _with(odd: list[int], words: Iterable[int]) -> list[int]:
    """The token indexes in either (both sorted): odd tokens are few, so merging them costs
    less than another pass over every token."""
    found = list(words)
    return sorted({*odd, *found}) if odd else found


def scan(text: str) -> Scan:
    """Tokens of `text` and their anchor classes, in one pass (C-level maps, no Python loop
    per token: this runs over every character of every article)."""
    ascii_text = text.isascii()
    if ascii_text:
        starts, ends, lower = _ascii_tokens(text)
        tokens = lower  # what is asked of a token (letters only, a sign) holds for either
    else:
        # separator, token, separator, token, ..., separator
        parts = _SPLIT.split(text)
        offsets = list(accumulate(map(len, parts), initial=0))
        starts = offsets[1:-1:2]
        ends = offsets[2::2]
        tokens = parts[1::2]
        # lower-cased in one call: no token holds NUL, and NUL stops str.lower's one
        # reading of context (a final sigma) as the ends of a string do
        lower = "\0".join(tokens).lower().split("\0") if tokens else []
    index = range(len(tokens))
    # a token that is not all letters holds a digit or a sign ("$", "~"); one beyond ASCII
    # may fold to a number word under the patterns' case-insensitive matching
    if ascii_text or "".join(tokens).isascii():  # most articles: quotes, dashes are no tokens
        unfolded: list[int] = []
        odd = list(compress(index, map(not_, map(str.isalpha, tokens))))
    else:
        ascii_ = list(map(str.isascii, tokens))
        unfolded = list(compress(index, map(not_, ascii_)))
        odd = list(compress(index, map(not_, map(and_, map(str.isalpha, tokens), ascii_))))
    # odd tokens but the ASCII signs: each holds a digit or a character beyond ASCII (which
    # the patterns may read as a digit); an ASCII run that is not all letters has a digit
    digits = [i for i in odd if tokens[i] not in _ASCII_SIGNS]
    # one pass over every token for the words of any class; each class is then picked
    # from those few (a fifth of the tokens) rather than from every token again
    hits = list(compress(index, map(_CLASSED.__contains__, lower)))
    words = list(map(lower.__getitem__, hits))
    numbers, openers = (
        _with(odd, compress(hits, map(kind.__contains__, words)))
        for kind in (NUMBER_WORDS, OPENERS)
    )
    # a fraction's match holds its fraction word and no digit: its windows are those words'
    # (and those of tokens beyond ASCII, which case folding may make one), not every digit's
    fractions = _with(unfolded, compress(hits, map(FRACTION_WORDS.__contains__, words)))
    positions: dict[str, list[int]] = {}
    for i in compress(hits, map(INDEXED.__contains__, words)):  # a few per article
        positions.setdefault(lower[i], []).append(i)
    return Scan(text, starts, ends, digits, numbers, openers, fractions, lower, unfolded, positions)


# every ASCII character that is no token character (_SPLIT_ASCII) becomes a space
_TO_SPACE = str.maketrans(
    {chr(c): " " for c in range(128) if not chr(c).isalnum() and chr(c) not in _ASCII_SIGNS}
)
# the same as a table for bytes.translate: str.translate looks each character up in a
# dict (some seventy instructions a character, a tenth of scanning an article), the
# bytes one indexes a table of 256 (the text is ASCII, so its bytes are its characters)
_TO_SPACE_BYTES = bytes(32 if c in _TO_SPACE else c for c in range(256))  # 32: " "
_SIGNED = re.compile(r"[a-z0-9]+|[$~]")  # a lower-cased piece holding a sign, split


def _ascii_tokens(text: str) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and lower-cased text of the tokens _SPLIT_ASCII.split finds in an
    ASCII text.

    The regex split costs a search (a thousand instructions or two) per token, the
    biggest part of scanning an article; here the separators become spaces in one
    C pass (bytes.translate) and str.split cuts there. Only the pieces holding a sign ("$5",
    "US$") are split again, by pattern: a sign is a token of its own.
    """
    # bytes.lower() lower-cases A-Z only, as str.lower() does an ASCII text
    spaced = text.encode("ascii").lower().translate(_TO_SPACE_BYTES).decode("ascii")
    parts = spaced.split(" ")
    # part k starts after the k parts before it and the space after each
    offsets = map(add, accumulate(map(len, parts), initial=0), count())
    starts = list(compress(offsets, parts))  # the parts that are not empty
    lower = list(filter(None, parts))
    glued = sorted(
        {
            k
            for sign in _ASCII_SIGNS
            if sign in text
            for k in compress(range(len(lower)), map(contains, lower, repeat(sign)))
            if len(lower[k]) > 1
        }
    )
    if glued:
        pieces: list[str] = []
        at: list[int] = []
        done = 0
        for k in glued:
            pieces += lower[done:k]
            at += starts[done:k]
            for m in _SIGNED.finditer(lower[k]):
                pieces.append(m.group())
                at.append(starts[k] + m.start())
            done = k + 1
        lower = pieces + lower[done:]
        starts = at + starts[done:]
    return starts, list(map(add, starts, map(len, lower))), lower


def figure_starts(s: Scan) -> list[int]:
    """Offsets where the figure pattern can match: each number token, the sign right before
    it, and each opening token within FIGURE_REACH tokens before it."""
    numbers, starts, text = s.numbers, s.starts, s.text
    at_numbers = list(map(starts.__getitem__, numbers))
    found = set(at_numbers)
    # the character before a number token is no token character: FIGURE opens there only
    # at a sign ("€5", "₩300")
    found.update([at - 1 for at in at_numbers if at > 0 and text[at - 1] in OPENING_SIGNS])
    last = len(numbers)
    # the first number token at or after each opener, found by bisection (in C)
    found.update(
        [
            starts[i]
            for i in s.openers
            if (k := bisect_left(numbers, i)) < last
            and numbers[k] - i <= FIGURE_REACH
            and _may_open(s, i)
        ]
    )
    return sorted(found)


def _may_open(s: Scan, i: int) -> bool:
    """Whether opener token `i` can open a figure: by itself, or before a second word of
    one of its qualifiers (or a token beyond ASCII, which case folding may make one)."""
    second = _SECOND_WORDS.get(s.lower[i])
    if second is None:
        return True
    return i + 1 < len(s.lower) and (s.lower[i + 1] in second or i + 1 in s.unfolded)


def windows(s: Scan, anchors: list[int], reach: int = WINDOW_REACH) -> list[tuple[int, int]]:
    """Merged (start, end) windows of `reach` tokens around each anchor, widened to whitespace.

    Widening stops at the neighbouring window (which then merges), so a text without
    whitespace costs one walk over it, never one per window.
    """
    if not anchors:
        return []
    text, n = s.text, len(s.starts)
    los = [s.starts[i - reach] if i - reach > 0 else 0 for i in anchors]
    his = [s.ends[i + reach] if i + reach < n else len(text) for i in anchors]
    # anchors are sorted, so the ends grow: a window merges into the one before it exactly
    # when it starts at or before that one's end
    firsts = [0, *(k for k in range(1, len(anchors)) if los[k] > his[k - 1])]
    lasts = [k - 1 for k in firsts[1:]] + [len(anchors) - 1]
    raw = [(los[a], his[b]) for a, b in zip(firsts, lasts, strict=True)] if anchors else []
    out: list[tuple[int, int]] = []
    for j, (lo, hi) in enumerate(raw):
        floor = out[-1][1] if out else 0
        while lo > floor and not text[lo - 1].isspace():
            lo -= 1
        ceiling = raw[j + 1][0] if j + 1 < len(raw) else len(text)
        space = _SPACE.search(text, hi, ceiling) if hi < ceiling else None
        hi = space.start() if space else max(hi, ceiling)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def finditer_in(
    pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]
) -> list[re.Match[str]]:
    """pattern.finditer over the whole text, run only inside `spans` (see the module doc)."""
    return [m for lo, hi in spans for m in pattern.finditer(text, lo, hi)]


# letters a case-blind pattern folds to ASCII ones ("ı", "ſ" to i, s; "İ" to i) that
# str.lower() leaves apart or turns into two characters
_FOLD_APART = frozenset("\u0130\u0131\u017f")


_SYNTAX = re.compile(r"\(\?P[<=]\w+>?|\\.")


def cased(blind: re.Pattern[str]) -> re.Pattern[str]:
    """`blind` without re.IGNORECASE, to run over folded() text (its letters must be
    lower-case ASCII: a word list, say)."""
    # a group's name ("(?P<scale>") and an escape ("\\S") match no letter as written
    letters = _SYNTAX.sub("", blind.pattern)
    if any(ch.isalpha() and not (ch.isascii() and ch.islower()) for ch in letters):
        raise ValueError("a cased() pattern must be written in lower-case ASCII")
    return re.compile(blind.pattern, blind.flags & ~re.IGNORECASE)


def folded(text: str) -> str | None:
    """text.lower(), where a cased() pattern matches it exactly where its case-blind
    original matches `text`; None where lower-casing would move an offset or fold
    other than the pattern does (the case-blind pattern must run then).

    A case-blind alternation of many words tries each word at each position; the same
    alternation run case-sensitively skips a word at its first letter, several times
    faster.
    """
    if text.isascii():  # one C check: ASCII folds one letter to one, as the patterns do
        return text.lower()
    lower = text.lower()
    # str.__contains__ per letter, not _FOLD_APART.isdisjoint(text): that hashes every
    # character of the text, and this runs on whole articles and per claim
    if len(lower) != len(text) or any(map(text.__contains__, _FOLD_APART)):
        return None
    return lower


def search_folded(
    blind: re.Pattern[str], lower: re.Pattern[str], text: str, pos: int, endpos: int
) -> tuple[re.Match[str], int] | None:
    """blind.search(text, pos, endpos), found by lower = cased(blind) in that window
    lower-cased where folded() allows: the match (its groups then lower-cased) and the
    offset its positions count from, or None.

    For a short window before a figure or a date: the case-blind alternation of a word
    list costs the engine a jump per word at every position, the cased one a character
    compare. The window keeps the character before `pos`, which decides a leading word
    boundary there (`blind` may look no further behind).
    """
    lead = 1 if pos else 0
    window = folded(text[pos - lead : endpos])
    if window is None:
        found = blind.search(text, pos, endpos)
        return None if found is None else (found, 0)
    found = lower.search(window, lead)
    return None if found is None else (found, pos - lead)


def finditer_folded(
    blind: re.Pattern[str], lower: re.Pattern[str], text: str
) -> list[tuple[int, int]]:
    """Spans of blind.finditer(text), found by lower = cased(blind) where folded() allows."""
    text_lower = folded(text)
    if text_lower is None:
        return [m.span() for m in blind.finditer(text)]
    return [m.span() for m in lower.finditer(text_lower)]


def may_hold(text: str, stems: tuple[str, ...]) -> bool:
    """False only when a case-blind pattern that needs one of `stems` (lower-case ASCII
    words every match contains) cannot match in `text`: a test in C before a costly
    pattern search. Where folded() cannot say, it passes (the pattern decides)."""
    return holds(folded(text), stems)


def holds(lower: str | None, stems: tuple[str, ...]) -> bool:
    """may_hold on text already folded() (None: cannot say, so it passes)."""
    return lower is None or any(map(lower.__contains__, stems))


def finditer_at(
    pattern: re.Pattern[str], text: str, starts: list[int], endpos: int | None = None
) -> list[re.Match[str]]:
    """pattern.finditer(text, 0, endpos), trying only the candidate `starts` (sorted).

    For a pattern whose every (non-empty) match starts at one of `starts`: a pattern led
    by a word boundary cannot use the regex engine's skip to a first character, and tries
    every position of the text; a few words from the scan cost a call each instead.
    """
    end = len(text) if endpos is None else endpos
    found: list[re.Match[str]] = []
    pos = 0
    for at in starts:
        if at >= end:
            break
        if at >= pos and (m := pattern.match(text, at, end)):
            found.append(m)
            pos = m.end()
    return found


def last_words(text: str, pos: int, endpos: int, words: int) -> int:
    """Where the last `words` words of text[pos:endpos] start, before its trailing space.

    A pattern whose every match ends at `endpos` with at most `words` words and the space
    after them ("killed ", "magnitude of ") cannot start earlier: its search from here
    finds what a search from `pos` finds, without trying every position in between.
    """
    parts = text[pos:endpos].rstrip().rsplit(None, words)
    return pos + len(parts[0]) if len(parts) > words else pos


def finditer_stems(
    pattern: re.Pattern[str], stems: tuple[str, ...], text: str
) -> list[re.Match[str]]:
    """pattern.finditer(text) for a case-blind pattern whose every match opens with one of
    `stems` (lower-case words): tried only where folded() text holds a stem, found by
    str.find in C, rather than by the pattern's word boundary at every position."""
    lower = folded(text)
    if lower is None:
        return list(pattern.finditer(text))
    starts: set[int] = set()
    for stem in stems:
        at = lower.find(stem)
        while at >= 0:
            starts.add(at)
            at = lower.find(stem, at + 1)
    return finditer_at(pattern, text, sorted(starts))
