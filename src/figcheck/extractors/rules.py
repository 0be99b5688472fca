"""Offline extractor: figures, their counted noun phrase, source, dates and scope, by rule.

figcheck's default when no LLM endpoint is configured, so it must hold up on
unseen news. Everything is computed once per article (sentences, figures,
dates, page chrome, attributions) and joined by offset with bisect, so the cost
stays linear in the text.

Dates (documented rule): `as_of` is the point date mentioned in the figure's
sentence nearest to the figure ("on Wednesday", "last August"), never one across
a semicolon (the other clause's); a date right after "since ..." is a start, not a
point. A running total with no point date
is taken as stated on the publication date (noted on the claim). Any other
figure without a date in its sentence gets no `as_of`: an event's date is not
assumed from the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from figcheck.align import verify
from figcheck.align.canonical import canonical_view
from figcheck.errors import ExtractionError
from figcheck.extractors._attribution import (
    CUE_WORDS,
    Attribution,
    SourceResolver,
    choose,
    find_attributions,
)
from figcheck.extractors._chrome import chrome_spans
from figcheck.extractors._measure import (
    NounPhrase,
    comparative_since,
    describe,
    money_purpose,
    noun_phrase,
    scope,
    slug,
)
from figcheck.extractors._sentences import Sentence, SentenceIndex
from figcheck.extractors._span import widen
from figcheck.models import (
    Alignment,
    Article,
    Claim,
    Extraction,
    Problem,
    Qualifier,
    Scope,
    assembled,
    collector_paused,
)
from figcheck.normalise._figpatterns import COORDINATION_GAP, FROM_BEFORE
from figcheck.normalise._scan import SINCE_STEMS, cased, last_words, may_hold, search_folded
from figcheck.normalise.dates import DateMention, find_dates
from figcheck.normalise.figures import FigureMatch, Scan, find_figures, requalify, scan
from figcheck.normalise.units import unit_named_after

_ROLES = frozenset({"count", "ordinal", "percent", "money"})
# A digit glued to letters is a model or code name ("2S7", "F-16", "COVID-19"), not a figure.
_CODE_NAME = re.compile(r"[A-Za-z]-?\d|\d[A-Za-z]+\d")
_TOKEN_RUN = re.compile(r"[\w\-]*")  # a run of token characters (may be empty)
_SCALE_PREFIX = re.compile(r"^magnitude-(?=\d)", re.I)
# "one" as a pronoun or idiom rather than a count.
_ONE_BEFORE = re.compile(r"\b(?:no|any|every|each|the|this|that|which|some|someone|no-)\s*$", re.I)
_ONE_AFTER = re.compile(
    r"\s*(?:of|another|who|that|which|is|was|has|had|will|would|can|could|must|may|might|"
    r"day|time|point|way|side|thing|hand|place|by|another's|else)\b",
    re.I,
)
# "the two countries", "these three men": a reference back to things already counted.
_ANAPHORA = re.compile(r"\b(?:the|these|those|both|all)\s+$", re.I)
_COMPOUND = re.compile(r"-[^\W\d_]")  # a number joined to the word after it: "four-day"
# a term that names a market instrument or series, not a span of time measured: "the
# 10-year yield", "two-year notes", "the four-week moving average"
_INSTRUMENT = re.compile(
    r"[\s-](?:year|month|week|day)\s+(?:treasury\s+|government\s+)?(?:yields?|bonds?|"
    r"notes?|bills?|gilts?|bunds?|mortgages?|(?:moving|rolling)\s+averages?)\b",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset(["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
# A word that makes the number a scale reading or an identifier rather than a count.
_LABEL_BEFORE = re.compile(
    r"\b(?:(?P<scale>magnitude\s+(?:at|of)|magnitude-|"
    r"magnitude|category|level|grade|phase|stage|tier|force)|"
    r"(?P<id>flight|route|highway|interstate|article|section|chapter|page|room|platform|gate|"
    r"resolution|bus|line|no\.|number|channel|ward|district|lot|seat|amendment|paragraph|"
    r"clause|season|episode|version|volume|track|code|unit|squad|battalion|brigade|division|"
    r"regiment|corps|fleet))(?:\s+|(?<=-))$",
    re.IGNORECASE,
)
_LABEL_LOWER = cased(_LABEL_BEFORE)  # for folded() text
# A figure in parentheses right after another is a conversion ("40 kilometers (25 miles)"):
# its own claim, in its own unit, hedged like the figure it converts. Written as an
# adjective ("a 10-foot (3-meter) wave") it is part of the first figure's span instead.
_CONVERSION_GAP = re.compile(r"\s*\(\s*")
_ADJECTIVE_AFTER = re.compile(r"-[A-Za-z]")
_UNIT_CLOSE = re.compile(r"(?:\s*[A-Za-z]+\.?){0,2}\s*\)")  # "(277 miles)", not "(20 of them)"
# two figures of one phrase ("87 and 58 seats"); a comma before the conjunction joins two
# clauses instead ("the toll is 79, and 104 people have been rescued")
_FIGURES_JOINED = re.compile(r"\s+(?:and|or)\s+")
_PART_OF = re.compile(r"\s+of\s+(?:them|whom|those|these|the)\b", re.I)  # "20 of them": a part
_SHARED = frozenset(
    {
        Qualifier.more_than,
        Qualifier.at_least,
        Qualifier.fewer_than,
        Qualifier.at_most,
        Qualifier.about,
        Qualifier.nearly,
    }
)
# enum members bound once: on Python 3.11 each read of `Scope.cumulative` runs the enum
# class's attribute hook (a call of type.__getattribute__), several per figure
_EXACT, _VAGUE = Qualifier.exact, Qualifier.vague
_CUMULATIVE_SCOPE = Scope.cumulative
_ALIGNED = Alignment.exact
_THIS_PERIOD = re.compile(
    r"(?:(?:during|in|over|for|throughout)\s+)?(?:so\s+far\s+|earlier\s+)?"
    r"this\s+(?:year|month|week)\b",
    re.I,
)
_OPEN_START = re.compile(
    r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|launch|onset)\s+of\s+(?:the\s+)?"
    r"(?:[\w’'-]+\s+){0,3}?(?:invasion|war|conflict|attack|offensive|pandemic|crisis|fighting)\b",
    re.I,
)
_SINCE_BEFORE = re.compile(r"\bsince\b[^,.;:]{0,60}$", re.I)
_SINCE_REACH = 70
_CLAUSE_START = re.compile(r"[,;:“”\"(]")


def _from(items: list[DateMention], start: int) -> Iterator[DateMention]:
    """items[start:] without copying it (nor skipping through it, as islice would)."""
    for k in range(start, len(items)):
        yield items[k]


@dataclass(frozen=True)
class _Context:
    """Per-article lookups built once and shared by every figure."""

    text: str
    published: dt.date | None
    sentences: SentenceIndex
    chrome_starts: list[int]
    chrome_ends: list[int]
    dates: list[DateMention]
    date_starts: list[int]
    attributions: list[list[Attribution]]
    tokens: Scan
    quote_depth: list[tuple[int, int]]  # open quotes at each sentence's start and end
    # sentence index -> offsets of its clause marks (_CLAUSE_START), found when a claim in
    # it first asks: sentences without a figure are never searched
    clause_marks: dict[int, list[int]] = field(default_factory=dict)
    # (date index, sentence start) -> what _dates reads of that date, filled as asked
    date_facts: dict[tuple[int, int], _DateFacts] = field(default_factory=dict)


def _in_chrome(ctx: _Context, offset: int) -> bool:
    i = bisect_right(ctx.chrome_starts, offset) - 1
    return i >= 0 and offset < ctx.chrome_ends[i]


def _quote_depths(text: str, sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Whether each sentence starts/ends inside a quotation opened earlier in its paragraph."""
    depths: list[tuple[int, int]] = []
    depth = 0
    prev_end = 0
    for s in sentences:
        if "\n" in text[prev_end : s.start]:
            depth = 0
        at_start = depth
        chunk = text[s.start : s.end]
        depth += chunk.count("“") - chunk.count("”")
        depth += chunk.count('"') % 2 if depth == 0 else -(chunk.count('"') % 2)
        depth = max(depth, 0)
        depths.append((at_start, depth))
        prev_end = s.end
    return depths


def _build(article: Article) -> _Context:
    text = article.text
    sentences = SentenceIndex(text)
    chrome = chrome_spans(text)
    tokens = scan(text)  # one pass over the text, shared by the figure and date patterns
    dates = sorted(find_dates(text, article.published, tokens), key=lambda d: d.start)
    resolver = SourceResolver(text)
    # only sentences holding a cue word ("said", "according") are searched for attributions
    cues = [tokens.starts[i] for i in tokens.anchored(CUE_WORDS)]
    attributions = [
        [resolver.resolve(a) for a in find_attributions(text, s.start, s.end, here)]
        if (here := cues[bisect_left(cues, s.start) : bisect_left(cues, s.end)])
        else []
        for s in sentences.sentences
    ]
    return _Context(
        text=text,
        published=article.published,
        sentences=sentences,
        chrome_starts=[a for a, _ in chrome],
        chrome_ends=[b for _, b in chrome],
        dates=dates,
        date_starts=[d.start for d in dates],
        attributions=attributions,
        quote_depth=_quote_depths(text, sentences.sentences),
        tokens=tokens,
    )


_TOKEN_REACH = 40  # no code name ("2S7", "F-16", "magnitude-6.1") is longer


def _in_token(char: str) -> bool:
    """Whether _TOKEN_RUN takes `char` ("[\\w\\-]": the regex engine's \\w is a letter, a
    digit or a numeric character, or "_", as str.isalnum says of one character)."""
    return char.isalnum() or char in "_-"


def _is_claim(ctx: _Context, fm: FigureMatch, np: NounPhrase) -> bool:
    """Drop word ordinals, code names, pronoun 'one' and the like; years, dates, times,
    list numbers and page chrome were dropped by `_claim` before the noun phrase was read."""
    text = ctx.text
    phrase = text[fm.start : fm.end]
    words = phrase.lower().split()
    if words == ["a", "number"]:
        return False  # "a number of towns" states no figure
    has_digit = any(map(str.isdigit, phrase))
    if fm.role == "ordinal" and not has_digit:
        return False
    i = bisect_left(ctx.date_starts, fm.start - 40)
    for d in _from(ctx.dates, i):
        if d.start >= fm.end:
            break
        if d.start < fm.end and fm.start < d.end:
            return False
    lo, hi = fm.start, fm.end
    # widened to the surrounding token, within a reach: "1-1-1-...-2" is one long token,
    # and widening it whole for each of its figures made hostile text quadratic
    floor, ceiling = max(0, fm.start - _TOKEN_REACH), min(len(text), fm.end + _TOKEN_REACH)
    # one match each way, not one per character (backwards: over the reversed reach), and
    # none where the character next to the figure is no token character (most figures)
    if lo > floor and _in_token(text[lo - 1]):
        back = _TOKEN_RUN.match(text[floor:lo][::-1])
        lo -= back.end() if back else 0
    if hi < ceiling and _in_token(text[hi]):
        ahead = _TOKEN_RUN.match(text, hi, ceiling)
        hi = ahead.end() if ahead else hi
    token = text[lo:hi]
    if token[:1] in ("m", "M"):  # as _SCALE_PREFIX opens (no other letter folds to an m)
        token = _SCALE_PREFIX.sub("", token)  # "magnitude-6.1" is a reading, not a name
    # a currency glued to its number ("$A450 million") names no thing
    if has_digit and fm.role != "money" and _CODE_NAME.search(token):
        return False
    if _INSTRUMENT.match(text, fm.end):
        return False
    if (
        words[-1] in _SMALL_WORDS
        and not _COMPOUND.match(text, fm.end)
        and (words[0] == "all" or _ANAPHORA.search(text, max(0, fm.start - 12), fm.start))
    ):
        # "all three", "the two countries": things already counted; but "the four-day
        # truce", "the five-storey block" measure the thing they name, whatever the article
        return False
    if words != ["one"]:
        return True
    pronoun_one = (
        not np.words
        or _ONE_BEFORE.search(text, max(0, fm.start - 16), fm.start)
        or _ONE_AFTER.match(text, fm.end)
    )
    return not pronoun_one


def _attribution(ctx: _Context, index: int, offset: int) -> Attribution | None:
    """The sentence's own attribution, else that of the quotation the sentence sits in."""
    found = choose(ctx.attributions[index], offset)
    if found is not None:
        return found
    sentences = ctx.sentences.sentences
    i = index
    while (
        ctx.quote_depth[i][0] > 0
        and i > 0
        and "\n" not in ctx.text[sentences[i - 1].end : sentences[i].start]
    ):
        i -= 1
        if ctx.attributions[i]:
            return ctx.attributions[i][-1]
    i = index
    while ctx.quote_depth[i][1] > 0 and i + 1 < len(sentences):
        if "\n" in ctx.text[sentences[i].end : sentences[i + 1].start]:
            break
        i += 1
        if ctx.attributions[i]:
            return ctx.attributions[i][0]
    # "Optus said 2.1 million customers were affected. Of those, around 1.2 million had a
    # current ID exposed": a sentence that goes on with the last one's figures in its
    # paragraph ("Of those", "The remaining", "A further") goes on with its speaker too
    if (
        index > 0
        and ctx.attributions[index - 1]
        and "\n" not in ctx.text[sentences[index - 1].end : sentences[index].start]
        and _CONTINUES.match(ctx.text, sentences[index].start)
    ):
        return ctx.attributions[index - 1][-1]
    return None


_CONTINUES = re.compile(
    r"\s*[“\"]?\s*(?:Of\s+(?:those|them|these|which|whom)|Among\s+(?:them|those|these)"
    r"|The\s+(?:remaining|rest)|A\s+further|Another|(?:They|Those|These|This|That)\s+"
    r"include[ds]?|Including|In\s+all|In\s+total|Altogether)\b"
)


def _dates(
    ctx: _Context, sentence: Sentence, offset: int, end: int, scope_is_cumulative: bool
) -> tuple[dt.date | None, dt.date | None]:
    """(as_of, since) from the date mentions of the figure's sentence.

    Nearness is counted from the claim's own edges: in "a 50-basis-point
    increase in May and a 25-basis-point increase in March" the second figure's
    date is March, right after its quote, not May, right before it.
    """
    as_of: tuple[int, dt.date] | None = None
    since: dt.date | None = None
    i = bisect_left(ctx.date_starts, sentence.start)
    for k in range(i, len(ctx.dates)):
        d = ctx.dates[k]
        if d.start >= sentence.end:
            break
        if d.date is None:
            continue
        facts = _date_facts(ctx, k, sentence.start)
        if facts.since:
            if facts.starts_total:
                since = since or d.date
            continue
        if facts.this_period:
            # "4,500 migrants have crossed this year": the period is where the total starts;
            # "died during this year's hajj" names a period, not the day of the figure
            if scope_is_cumulative:
                since = since or d.date
            continue
        if scope_is_cumulative and _in_aside(ctx.text, d.start, offset, end):
            # "The storm, which hit on Monday, has killed 45 so far": the storm's day, not
            # the day of the total ("The quake, which struck on Friday, killed 2,000": an
            # event's toll, dated by its event)
            continue
        between = (end, d.start) if d.start >= end else (d.end, offset)
        if ctx.text.find(";", *between) >= 0:
            # "raised its toll to 183, the ministry said; last year it recorded 313": a
            # date across a semicolon is the other clause's
            continue
        distance = d.start - end if d.start >= end else max(0, offset - d.end)
        if as_of is None or distance < as_of[0]:
            as_of = (distance, d.date)
    return (as_of[1] if as_of else None), since


# a relative clause set off by commas ("The storm, which hit on Monday, ..."): what it
# dates is the noun before it, never a figure outside it
_ASIDE_OPEN = re.compile(r",\s*(?:which|who)\b[^,;:.]*\Z")
_ASIDE_REACH = 80  # characters of a relative clause before its date


def _in_aside(text: str, at: int, offset: int, end: int) -> bool:
    """Whether the date at `at` lies in a comma-bounded relative clause that the figure
    [offset, end) is outside of."""
    opened = _ASIDE_OPEN.search(text, max(0, at - _ASIDE_REACH), at)
    if opened is None:
        return False
    close = text.find(",", at)
    if close < 0:
        return False
    return end <= opened.start() or offset >= close


class _DateFacts(NamedTuple):
    """What a date mention is, whichever figure of its sentence asks (_dates)."""

    since: bool  # a start ("since February"), not a point
    starts_total: bool  # a start that counts up to now (not "the largest since 2019")
    this_period: bool  # "this year": where a running total starts


def _date_facts(ctx: _Context, k: int, sentence_start: int) -> _DateFacts:
    """The facts of date mention `k` of the article in a sentence starting at
    `sentence_start`, read once and kept: every figure of a sentence asks for them."""
    key = (k, sentence_start)
    facts = ctx.date_facts.get(key)
    if facts is None:
        d = ctx.dates[k]
        # a match ends at the date and spans at most "since" + 60 characters
        reach = max(sentence_start, d.start - _SINCE_REACH)
        # most dates have no "since" before them: a test in C spares the pattern's search
        after_since = (
            _SINCE_BEFORE.search(ctx.text, reach, d.start)
            if may_hold(ctx.text[reach : d.start], SINCE_STEMS)
            else None
        )
        since = d.kind == "since" or after_since is not None
        since_at = after_since.start() if after_since else d.start
        facts = ctx.date_facts[key] = _DateFacts(
            since,
            since and not comparative_since(ctx.text, since_at),
            _THIS_PERIOD.match(ctx.text, d.start, d.end) is not None,
        )
    return facts


def _claim(
    ctx: _Context, article: Article, fm: FigureMatch, n: int, previous_end: int, index: int | None
) -> Claim | None:
    """The claim a figure states, or None; `index`: the sentence holding the figure, if any."""
    if fm.role not in _ROLES or _in_chrome(ctx, fm.start):
        return None  # no claim: dropped before reading a noun phrase it never needs
    text = ctx.text
    sentence = ctx.sentences.sentences[index] if index is not None else Sentence(fm.start, fm.end)
    np = noun_phrase(text, fm.end, sentence.end)
    if not np.words and fm.role == "money":
        np = money_purpose(text, fm.end, sentence.end)
    if not _is_claim(ctx, fm, np):
        return None
    span = widen(text, fm.start, fm.end, np, fm.figure.value, sentence.end)
    np, start, end = span.np, span.start, span.end
    clause = _clause_start(ctx, index, sentence, start)
    measure = (
        span.measure
        or describe(text, start, np, clause, sentence.end)
        or (fm.figure.unit or "count")
    )
    # a label is one word ("Flight ") or two ("magnitude of ") right before the figure
    label_at = last_words(text, max(sentence.start, fm.start - 24), fm.start, 2)
    label = _label_before(text, label_at, fm.start)
    if label is not None:
        label_start, scale = label
        if scale is None:
            return None  # "Flight 370", "Article 5", "Resolution 2334": names, not figures
        # "magnitude 6.3 earthquake": the figure measures the label, not a count of earthquakes.
        start, end = label_start, fm.end
        head = [w for w in np.words if w != ","]
        scale_word = scale.lower().split()[0].rstrip("-")
        measure = scale_word + (" of " + " ".join(head) if head else "")
    quote = text[start:end]
    notes: list[str] = []
    vague = fm.figure.qualifier is _VAGUE
    claim_scope = scope(text, (sentence.start, sentence.end), fm.start, np, vague, previous_end)
    as_of, since = _dates(ctx, sentence, start, end, claim_scope is _CUMULATIVE_SCOPE)
    if claim_scope is not _CUMULATIVE_SCOPE:
        since = None
    if as_of is None and claim_scope is _CUMULATIVE_SCOPE and ctx.published is not None:
        as_of = ctx.published
        notes.append("as_of: running total taken as stated on the publication date")
    source = None
    if index is not None:
        found = _attribution(ctx, index, start)
        if found is not None and found.start <= fm.start < found.end:
            return None  # "two sources said": the count of sources is not a claim
        if found is not None:
            source = found.source
            notes.extend(found.notes)
    figure = fm.figure
    # every value below is of its field's type (the figure's numbers were validated with
    # it, the dates are dates, the rest strings): assembled, as validation would build it
    values = {
        "id": f"{article.id}-c{n:03d}",
        "article": article.id,
        "start": start,
        "end": end,
        "quote": quote,
        "low": figure.low,
        "high": figure.high,
        "low_open": figure.low_open,
        "high_open": figure.high_open,
        "qualifier": figure.qualifier,
        "measure": measure,
        "key": slug(measure),
        "scope": claim_scope,
        "as_of": as_of,
        "since": since,
        "source": source,
        "value": figure.value,
        "unit": figure.unit or unit_named_after(text, fm.end),
        "figure_text": figure.text or text[fm.start : fm.end],
        "alignment": _ALIGNED,
        "extractor": "rules",
        "notes": notes,
        "reading": None,
        "keyed_by": None,
    }
    claim = assembled(Claim, values, set(_SET_BY_RULES))
    if not verify(claim.quote, text, claim.start, claim.end):
        raise ExtractionError(f"rules extractor bug: span {start}:{end} does not hold its quote")
    return claim


# the fields _claim sets explicitly (all but those left at their defaults, None)
_SET_BY_RULES = frozenset(Claim.model_fields) - {"reading", "keyed_by"}


def _clause_start(ctx: _Context, index: int | None, sentence: Sentence, start: int) -> int:
    """Just after the last clause mark before `start` in `sentence` (index `index`; None
    for a figure outside every sentence, whose own span stands for it), else its start."""
    if index is None:
        return sentence.start
    marks = ctx.clause_marks.get(index)
    if marks is None:
        found = _CLAUSE_START.finditer(ctx.text, sentence.start, sentence.end)
        marks = ctx.clause_marks[index] = [m.start() for m in found]
    # found by bisection: a search from the sentence start per figure made long sentences
    # quadratic
    i = bisect_left(marks, start) - 1
    return marks[i] + 1 if i >= 0 else sentence.start


def _label_before(text: str, pos: int, endpos: int) -> tuple[int, str | None] | None:
    """Where _LABEL_BEFORE.search(text, pos, endpos) starts and its scale word (None for a
    name's label), or None; searched case-sensitively in the folded window (search_folded).
    """
    found = search_folded(_LABEL_BEFORE, _LABEL_LOWER, text, pos, endpos)
    if found is None:
        return None
    match, shift = found
    return match.start() + shift, None if match.group("id") else match.group("scale")


def _fill_open_starts(text: str, claims: list[Claim]) -> None:
    """ "since the start of the invasion": take the start date the article gives elsewhere.

    Only when the article's dated running totals agree on one start (by month), so a
    reviewer can trace it; the claim's notes say where the date came from.
    """
    starts = {c.since for c in claims if c.since is not None}
    if len({(d.year, d.month) for d in starts}) != 1:
        return
    start = max(starts)  # the most precise statement of that month
    for claim in claims:
        if claim.scope is not _CUMULATIVE_SCOPE or claim.since is not None:
            continue
        window = (
            text[claim.end : claim.end + 160] + " " + text[max(0, claim.start - 160) : claim.start]
        )
        cue = _OPEN_START.search(window)
        if cue is not None:
            claim.since = start
            claim.notes.append(
                f"since: {cue.group()!r} taken as {start.isoformat()}, as dated elsewhere"
            )


# "ranged from 88,000, the army's figure, to 107,000", "rose from 3.5% to 3.7%": the second
# figure of a from-to pair (an aside after the first allowed) measures what the first does
_SECOND_OF_PAIR = re.compile(r"(?:\s*,[^,.;:()]{1,40},)?\s+to\s+")
# the gap between two figures that any of the four above fills: a fullmatch of their
# alternation fails exactly where each of them fails, in one call rather than four (the
# gap before most figures is a stretch of prose, and each call costs more than its test)
_ANY_GAP = re.compile(
    "|".join(
        f"(?:{p.pattern})"
        for p in (_CONVERSION_GAP, COORDINATION_GAP, _SECOND_OF_PAIR, _FIGURES_JOINED)
    )
)


def _pair_measure(text: str, first: Claim, second: Claim) -> Claim:
    """The second figure of a from-to pair, measuring what the first measures when its own
    words name nothing: the words before it are the first figure's aside, not its measure."""
    if second.quote != second.figure_text or not FROM_BEFORE.search(
        text, max(0, first.start - 8), first.start
    ):
        return second
    return second.model_copy(update={"measure": first.measure})


def _coordinated_measure(first: Claim, last: Claim) -> Claim:
    """A bare figure coordinated with the next one counts what the next one names: "taking
    87 and 58 seats", "2 or 3 people". Its own words, when it has any, stand."""
    if first.quote != first.figure_text or last.quote == last.figure_text:
        return first
    return first.model_copy(update={"measure": last.measure})


def _shared(fm: FigureMatch, previous: Claim, why: str) -> FigureMatch:
    """A bare figure takes the qualifier of the figure it is coordinated with or converts."""
    if previous.qualifier not in _SHARED or fm.figure.qualifier is not _EXACT:
        return fm
    if not (fm.figure.text[:1].isdigit() or fm.role == "money"):
        return fm  # "exactly 5", "all 116": its own words say how exact it is
    words = f"'{previous.quote}' ... {why}"
    return fm._replace(figure=requalify(fm.figure, previous.qualifier, words))


class RulesExtractor:
    """Deterministic, offline extraction; no configuration, no network."""

    name = "rules"

    def extract(self, article: Article) -> Extraction:
        # an article's figures, spans and claims live until it returns, and are freed by
        # reference counting: the cyclic collector rescanning them (every few thousand
        # allocations) found nothing to free and cost a sixth of a dense article's time
        with collector_paused():
            return self._extract(article)

    def _extract(self, article: Article) -> Extraction:
        view = canonical_view(article.text)  # "2\u200d48" is read as 248 (align.canonical)
        if view.changed:
            return view.restore(self._extract(article.model_copy(update={"text": view.text})))
        ctx = _build(article)
        claims: list[Claim] = []
        text = article.text
        problems: list[Problem] = []
        dense: dict[int, int] = {}  # sentence index -> figures read in it
        sentences = [(x.start, x.end) for x in ctx.sentences.sentences]
        figures = find_figures(text, sentences, MAX_FIGURES_PER_SENTENCE, ctx.tokens)
        for fm in sorted(figures, key=lambda f: f.start):
            where = ctx.sentences.index_at(fm.start)
            if where is not None:
                dense[where] = dense.get(where, 0) + 1
                if dense[where] == MAX_FIGURES_PER_SENTENCE + 1:
                    problems.append(_too_dense(article, ctx, where))
                if dense[where] > MAX_FIGURES_PER_SENTENCE:
                    continue
            if claims and claims[-1].start <= fm.start < claims[-1].end:
                continue  # inside the previous span: "25-foot (8-meter) boat"
            previous_end = claims[-1].end if claims else -1
            # most figures stand apart from the claim before: one test rules out all four
            joined = bool(claims) and _ANY_GAP.fullmatch(text, previous_end, fm.start) is not None
            if joined and _CONVERSION_GAP.fullmatch(text, previous_end, fm.start):
                if _ADJECTIVE_AFTER.match(text, fm.end):
                    continue
                if _UNIT_CLOSE.match(text, fm.end):
                    fm = _shared(fm, claims[-1], "converted value")
            elif (
                joined
                and COORDINATION_GAP.fullmatch(text, previous_end, fm.start)
                and not _PART_OF.match(text, fm.end)
            ):
                fm = _shared(fm, claims[-1], "coordinated with the figure before")
            claim = _claim(ctx, article, fm, len(claims) + 1, previous_end, where)
            if (
                claim is not None
                and joined
                and _SECOND_OF_PAIR.fullmatch(text, previous_end, fm.start)
            ):
                claim = _pair_measure(text, claims[-1], claim)
            elif (
                claim is not None
                and joined
                and _FIGURES_JOINED.fullmatch(text, previous_end, fm.start)
            ):
                claims[-1] = _coordinated_measure(claims[-1], claim)
            if claim is not None:
                claims.append(claim)
        _fill_open_starts(text, claims)
        return Extraction(article=article.id, claims=claims, extractor=self.name, problems=problems)


MAX_FIGURES_PER_SENTENCE = 100  # prose never holds more; a run of thousands is not news


def _too_dense(article: Article, ctx: _Context, where: int) -> Problem:
    sentence = ctx.sentences.sentences[where]
    line = ctx.text.count("\n", 0, sentence.start) + 1
    return Problem(
        severity="warning",
        stage="extract",
        message=f"line {line}: a sentence holds more than {MAX_FIGURES_PER_SENTENCE} figures; "
        "the rest of it is not read (not news prose: a table or a run of numbers?)",
        article=article.id,
        path=article.path,
    )
