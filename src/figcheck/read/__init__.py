"""What each figure counts, read once at extraction (stage `read`).

The extractors hand over grounded claims; this stage fills each claim's
`Reading` (what is counted, its category or state, whose it is, where, when,
whether it is a changing count) from the claim and its own article. Later
stages (link, crosscheck) read only these readings: the text is read once, and
what an LLM understood (its `reading`, when it gave one) is kept, the rules
filling in only what it left unknown.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from figcheck.models import (
    Article,
    Claim,
    Reading,
    Scope,
    collector_paused,
    compact,
    compact_assembled,
    compact_copy,
)
from figcheck.normalise._scan import finditer_stems
from figcheck.normalise.dates import find_dates
from figcheck.normalise.relative import tally_side
from figcheck.read._lexicon import CASUALTY_ACTIONS, NOTHING_BETWEEN_RE, NOTHING_BETWEEN_WORDS
from figcheck.read._measures import read_anchor
from figcheck.read._quantity import (
    Quantity,
    mark_respectively,
    mark_siblings,
    read_quantity,
    sentence_starts,
    wholes_after,
)
from figcheck.read._role import read_role
from figcheck.read._stories import lead_names, lead_words

__all__ = ["read_claims"]

# what stands between a figure and its restatement in another unit: "366 km (227 miles)"
_CONVERSION_GAP = re.compile(
    r"^\s*(?:\(|,|or\b|/)\s*(?:about|around|roughly|some|nearly|almost)?\s*$"
)
# what stands between two items of one list of counts: "24 locals and 117 Rohingya",
# "three infants, three children and 62 adults" (the first item's own words, then a
# comma or a conjunction, and nothing that could be a verb of its own clause)
# ("or" is left out: "100,000 or 200,000" may be two estimates of one crowd)
_LIST_GAP = re.compile(r"^(?:\s+[a-z][\w'’-]*){0,3}\s*(?:,\s*(?:and\s+)?|\s+and\s+)$")
_SENTENCE_CHARS = 600  # a reading keeps at most this much of its sentence


def read_claims(claims: Sequence[Claim], article: Article | None) -> list[Claim]:
    """Copies of one article's `claims` with `reading` filled (an LLM's reading kept first).

    The cyclic collector is paused meanwhile, as in extraction and linking: the
    readings and copies made here live until it returns and hold no cycles.
    """
    with collector_paused():
        return _read_claims(claims, article)


def _read_claims(claims: Sequence[Claim], article: Article | None) -> list[Claim]:
    rules = mark_siblings(
        list(claims), [read_quantity(c, article) for c in claims], article.text if article else None
    )
    wholes: dict[str, str] = {}
    if article is not None:
        rules = mark_respectively(list(claims), rules, article.text)
        rules, wholes = wholes_after(list(claims), rules, article.text)
    story = tuple(sorted(lead_names(article) | lead_words(article))) if article else ()
    cues = _nothing_since(article)
    units = {c.id: q.unit for c, q in zip(claims, rules, strict=True)}
    neighbours = _neighbours(claims, article)
    conversions = _conversions(neighbours, units)
    listed = _list_items(neighbours, conversions)
    listed.update(_labelled_lines(claims, article))
    out: list[Claim] = []
    sentences: dict[tuple[int, int], str] = {}  # one string per sentence, shared by its claims
    for claim, q in zip(claims, rules, strict=True):
        # the fields are gathered first and validated once (a model_copy per step cost more
        # than the reading itself)
        fields = _reading(claim, q, article, story, sentences)
        era = _era(claim, article)
        if era is not None and (fields["date"] is None or fields["date_assumed"]):
            fields["date"], fields["date_assumed"] = era, False
        fields["subset"] = _subset(claim, article)
        # the words right after the figure itself say its role and where a length is from
        figure_end = _figure_end(claim)
        # a model's quote may open with the words that say the role; the rules' opens
        # with the figure phrase they read the role before
        figure_start = _figure_start(claim) if claim.reading is not None else claim.start
        fields["role"] = read_role(article.text, figure_start, figure_end) if article else None
        dated = None
        if fields["role"] == "previous" and fields["changing"] and article is not None:
            dated = _dated_previous(claim, article, figure_end)
            if dated is not None:
                # "rose to 120 from 95 on Tuesday": Tuesday's toll, a level of that moment
                # like any other report's count of Tuesday, not a value without a day
                fields["role"], fields["moment"] = None, dated
        fields["converts"] = claim.id in conversions
        fields["anchor"] = (
            read_anchor(article.text, claim.start, figure_end, q.unit) if article else None
        )
        fields["listed"] = listed.get(claim.id)
        fields["whole"] = wholes.get(claim.id)
        fields["nothing_since"] = cues if claim.scope == Scope.cumulative else ()
        # each field's value is of its type (the rules computed it): not validated
        reading = compact_assembled(Reading, fields)
        if claim.reading is not None:
            reading = compact(_merged(claim.reading, reading, claim, dated))
        out.append(compact_copy(claim, {"reading": reading}))
    return out


def read_all(claims: Sequence[Claim], articles: Sequence[Article]) -> list[Claim]:
    """read_claims over claims of many articles, in their order (gold claims, reloaded runs)."""
    by_id = {a.id: a for a in articles}
    by_article: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        by_article.setdefault(claim.article, []).append(i)
    out: list[Claim | None] = [None] * len(claims)
    for article_id, indexes in by_article.items():
        read = read_claims([claims[i] for i in indexes], by_id.get(article_id))
        for i, claim in zip(indexes, read, strict=True):
            out[i] = claim
    return [c for c in out if c is not None]


def _changing(claim: Claim, q: Quantity) -> bool:
    """A count that grows while it is being counted: a running total, or a casualty toll."""
    if claim.scope == Scope.cumulative:
        return True
    counted_so_far = q.action in CASUALTY_ACTIONS or q.action in _SO_FAR_ACTIONS
    return counted_so_far and claim.since is None and claim.scope != Scope.other


# counts that grow through a day's events as they are reported: arrests, rescues
_SO_FAR_ACTIONS = frozenset({"arrested", "rescued"})


def _reading(
    claim: Claim,
    q: Quantity,
    article: Article | None,
    story: tuple[str, ...],
    sentences: dict[tuple[int, int], str],
) -> dict[str, Any]:
    """The reading's fields as the rules read them (validated by the caller, in one go)."""
    published = article.published if article else None
    changing = _changing(claim, q) and q.unit not in ("magnitude", "percent")
    text = article.text if article else claim.quote
    s0, s1 = q.sentence
    if q.sentence not in sentences:
        sentences[q.sentence] = " ".join(text[s0:s1].split())[:_SENTENCE_CHARS]
    sentence = sentences[q.sentence]  # one string for all the sentence's claims
    moment = _moment(claim, published, sentence) if changing else None
    before = max(s0, claim.start - _RISEN_REACH)
    risen = changing and bool(_RISEN_TO.search(text, before, claim.start))
    return dict(
        noun=q.noun,
        action=q.action,
        state=q.state,
        side=q.side,
        place=q.place,
        subject=q.subject,
        unit=q.unit,
        count=q.count,
        part=q.part,
        membership=q.membership,
        majority=q.majority,
        superlative=q.superlative,
        windowed=q.windowed,
        changing=changing,
        date=q.date,
        date_assumed=q.date_assumed,
        moment=moment,
        risen=risen,
        since=q.since,
        descriptor=q.descriptor,
        sentence=sentence,
        sentence_no=_sentence_no(text, s0) if article else 0,
        sentence_span=(s0, s1),
        story=story,
        published=published,
    )


_INCREMENT = re.compile(r"\b(?:more|additional|further|new|another|extra)\b", re.IGNORECASE)
_OTHER = re.compile(r"\b(?:other|others|remaining|rest)\b", re.IGNORECASE)
_ADDED = re.compile(
    r"\b(?:add(?:ed|s|ing)?|gain(?:ed|s|ing)?|creat(?:ed|es|ing)|hir(?:ed|es|ing))\s+$", re.I
)
_NUMBER_WORD = re.compile(r"^\W*[\w.,-]+")
_MORE_THAN = re.compile(r"\b(?:more|further)\s+than\b", re.I)


def _subset(claim: Claim, article: Article | None) -> str | None:
    """ "179 more deaths", "another 20": an increment; "150 other prisoners": the rest of a
    set; "against": the second count of a vote tally. Each is a different quantity from
    the total it adds to or completes."""
    text = article.text if article else claim.quote
    if article and tally_side(text, claim.start, claim.end) == "against":
        return "against"  # "voted 9-3": the votes against are not the votes for
    before = text[max(0, claim.start - 12) : claim.start] if article else ""
    after_figure = _NUMBER_WORD.sub("", claim.quote, count=1)[:30]
    window = f"{before.split()[-1] if before.split() else ''} {after_figure}"
    if _INCREMENT.search(window) and not _MORE_THAN.search(window):
        if _ADDED.search(before):
            return None  # "added 187,000 more workers": the verb already counts a change
        return "more"
    if _OTHER.search(window):
        return "other"
    return None


_SENTENCE_END = re.compile(r"[.!?;]\s")
_YEAR = re.compile(r"\b(?:in|since|of|from)\s+((?:19|20)\d\d)\b(?![-/]\d)")


def _era(claim: Claim, article: Article | None) -> dt.date | None:
    """An earlier year the figure's clause is about ("since 1987, when a magnitude-7.2
    quake took about 1,000 lives"; "in 2012, killing 81 people"): another event."""
    if article is None or article.published is None or claim.scope == Scope.cumulative:
        return None
    window = article.text[max(0, claim.start - 70) : claim.start]
    window = _SENTENCE_END.split(window)[-1]
    years = [int(m.group(1)) for m in _YEAR.finditer(window)]
    earlier = [y for y in years if y < article.published.year]
    return dt.date(earlier[-1], 1, 1) if earlier else None


def _sentence_no(text: str, start: int) -> int:
    starts = sentence_starts(text)
    return max(0, bisect.bisect_right(starts, start) - 1)


def _merged(given: Reading, rules: Reading, claim: Claim, dated: dt.date | None = None) -> Reading:
    """The LLM's reading where it gave a feature; the rules' where it left one unknown.

    The model decides what it was asked outright (is the count changing, is it
    a part, is it for a sub-area); for the rest a null means "unknown" and the
    rules fill it in. Position features (sentence, story, publication,
    conversions) always come from the code: the model is never trusted for
    offsets. A previous value the text dates ("from 95 on Tuesday", `dated`) is that
    day's level for the model's reading as for the rules'.
    """
    update: dict[str, object] = {
        "place": given.place,
        "changing": given.changing or claim.scope == Scope.cumulative,
        "part": given.part,
        "reader": "llm+rules",
    }
    for name in ("noun", "action", "side"):
        value = getattr(given, name)
        if value:
            update[name] = value
    if given.date is not None:
        update.update(date=given.date, date_assumed=False)
    merged = rules.model_copy(update=update)
    moment = None
    if merged.changing:
        moment = dated or _moment(claim, merged.published, merged.sentence)
    return merged.model_copy(update={"moment": moment})


_DAY_RIGHT_AFTER = re.compile(r"\s+(?:on|by|as\s+of)\s+(?=\w)")
_DAY_REACH = 30  # characters of the date expression read after "on"


def _dated_previous(claim: Claim, article: Article, figure_end: int) -> dt.date | None:
    """The day a previous value of a changing count is given for, when the text dates it
    right after the figure ("from 95 on Tuesday"); None when it gives no day of its own
    ("from about 70 the day before" is relative to a day the reader does not carry)."""
    gap = _DAY_RIGHT_AFTER.match(article.text, figure_end)
    if gap is None:
        return None
    window = article.text[gap.end() : gap.end() + _DAY_REACH]
    days = [m for m in find_dates(window, article.published, False) if m.start == 0]
    return days[0].date if days and days[0].granularity == "day" else None


def _moment(claim: Claim, published: dt.date | None, sentence: str = "") -> dt.date | None:
    """When a changing count was stated: a running total's own date, the day a source gave
    it ("the junta said on Friday"), else the report's day."""
    if claim.scope == Scope.cumulative and claim.as_of:
        return claim.as_of  # a running total stated for a day ("nearly 2,600 last August")
    if (
        claim.as_of
        and published
        and (claim.as_of in _own_days(sentence, published) or _reported_on(claim.quote, sentence))
    ):
        # "145 dead, the junta said on Friday", printed on Saturday; "By Thursday evening,
        # 80 people had been detained"; "state media had reported five deaths on Monday"
        return claim.as_of
    # a toll is the count as reported that day: "Sunday's quake killed 398", said Monday
    stated = claim.as_of or published
    return max(stated, published) if stated and published else stated


# "the toll climbed to 121", "raising the toll to 116": the level a count has just risen to,
# one report of a count that grows through the day
_RISEN_TO = re.compile(
    r"\b(?:(?:has|have|had)\s+)?(?:rose|risen|rises|rising|climb(?:ed|s|ing)?|jump(?:ed|s|ing)?|"
    r"soar(?:ed|s|ing)?|surg(?:ed|es|ing)|increas(?:ed|es|ing)|grew|grown|"
    r"(?:rais|bring|tak|push)(?:ed|es|ing|s)?\s+(?:the\s+)?(?:death\s+)?(?:toll|count|number)|"
    r"brought\s+(?:the\s+)?(?:death\s+)?(?:toll|count|number)|"
    r"took\s+(?:the\s+)?(?:death\s+)?(?:toll|count|number))\s+to\s+$",
    re.IGNORECASE,
)
_RISEN_REACH = 60  # characters before the quote: "had risen to "

_SAID = re.compile(
    r"\b(?:said|says|announced|reported|told|confirmed|stated|added|tweeted|posted|wrote)\b",
    re.IGNORECASE,
)
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|announced|reported|told|confirmed|stated|added)\s+(?:on\s+)?$", re.I
)
_SAID_REACH = 12  # characters between a verb of saying and its date ("said on Friday")


_ON_DAY_AFTER = re.compile(r"\s+on\s+\w")


def _reported_on(quote: str, sentence: str) -> bool:
    """The figure is the object of a verb of saying and is followed by its day: "state media
    had reported five deaths on Monday" gives Monday's count."""
    at = sentence.find(quote)
    if at < 0:
        return False
    said = _SAID_BEFORE.search(sentence, max(0, at - _SAID_REACH - 8), at)
    return said is not None and _ON_DAY_AFTER.match(sentence, at + len(quote)) is not None


_OPENING = 3  # a date this near the sentence's start opens it ("On June 16, ...")
_OPENING_REACH = 60  # characters after an opening date its verb of saying may come


# the count's own verb dated: "116 people ... died on Tuesday" is Tuesday's count
_DIED_ON = re.compile(
    r"\b(?:died|were\s+killed|lost\s+their\s+lives|perished|drowned)\s+(?:on\s+)?$", re.I
)
_DIED_REACH = 30  # characters before a day its verb of dying may end
# the day itself, not an event of that day: "died on Tuesday", not "died in Monday's flood"
_ON_DAY = re.compile(r"(?:on\s+)?[A-Z0-9]")
_AS_OF = re.compile(r"^(?:by|as\s+of|as\s+at|until|through)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _own_days(sentence: str, published: dt.date) -> frozenset[dt.date]:
    """Days the sentence dates a changing count to itself: the day its verb of saying is
    dated to ("said on Friday", "on Friday said"), or the day the count is given as of
    ("by Thursday evening", "as of Tuesday"). One pass over the sentence's dates."""
    said = bool(_SAID.search(sentence))
    days: set[dt.date] = set()
    for mention in find_dates(sentence, published) if sentence else ():
        if mention.date is None or mention.granularity != "day":
            continue
        lead = sentence[max(0, mention.start - 3) : mention.end]
        as_of = _AS_OF.match(mention.text) or lead.lower().startswith("as ")
        died_on = _ON_DAY.match(mention.text) and _DIED_ON.search(
            sentence, max(0, mention.start - _DIED_REACH), mention.start
        )
        if as_of or died_on:
            days.add(mention.date)
        elif said:
            before = sentence[max(0, mention.start - _SAID_REACH - 8) : mention.start]
            after = sentence[mention.end : mention.end + _SAID_REACH]
            if _SAID_BEFORE.search(before) or _SAID.match(after.lstrip(" ,")):
                days.add(mention.date)
            elif (
                mention.start <= _OPENING
                and sentence.startswith(",", mention.end)
                and _SAID.search(sentence, mention.end, mention.end + _OPENING_REACH)
            ):
                # "On June 16, Jordan's foreign ministry said that 14 pilgrims had died" (not
                # "Sunday's quake killed 398, officials said on Monday": the event's day)
                days.add(mention.date)
    return frozenset(days)


def _nothing_since(article: Article | None) -> tuple[str, ...]:
    if article is None:
        return ()
    found = finditer_stems(NOTHING_BETWEEN_RE, NOTHING_BETWEEN_WORDS, article.text)
    return tuple(m.group(0).strip() for m in found)


def _figure_start(claim: Claim) -> int:
    """Where the figure itself starts in the article: a model's quote may open with the
    words before it ("Forecasters had expected roughly 170,000 new jobs"), and those
    words say whether it is a forecast, a change or a previous value."""
    at = claim.quote.find(claim.figure_text) if claim.figure_text else -1
    return claim.start if at < 0 else claim.start + at


def _figure_end(claim: Claim) -> int:
    """Where the figure itself ends in the article: a quote may run on past it ("a
    75-basis-point rise"), and the words after the figure say whether it is a change."""
    at = claim.quote.find(claim.figure_text) if claim.figure_text else -1
    return claim.end if at < 0 else claim.start + at + len(claim.figure_text or "")


def _neighbours(claims: Sequence[Claim], article: Article | None) -> list[tuple[Claim, Claim, str]]:
    """Each claim with the next one in the text and the text between them ("" when they
    overlap); none without the article."""
    if article is None:
        return []
    ordered = sorted(claims, key=lambda c: c.start)
    return [(a, b, article.text[a.end : b.start]) for a, b in itertools.pairwise(ordered)]


def _list_items(
    neighbours: list[tuple[Claim, Claim, str]], conversions: set[str]
) -> dict[str, int]:
    """Claim id -> the start offset of the list of counts it is an item of.

    Items of one list count different things whatever their figures, so link
    keeps them apart; a gap with a verb ("killed 13 and injured 50") or a word
    beyond the first item's own noun phrase ends the list.
    """
    found: dict[str, int] = {}
    for first, second, gap in neighbours:
        if second.id in conversions or first.end > second.start:
            continue
        if len(gap) <= 40 and "\n" not in gap and _LIST_GAP.match(gap):
            head = found.setdefault(first.id, first.start)
            found[second.id] = head
    return found


# a line that labels its count with a name and a colon: "Twitter: about 3,700 jobs cut",
# "- Florida: 19 deaths" (a fact box's rows, or a report's sub-headings)
_LABELLED_LINE = re.compile(
    r"[ \t]*(?:[-•*][ \t]*)?([A-Z][\w&.'’-]*(?:[ \t]+[A-Z][\w&.'’-]*){0,3}):[ \t]"
)


_LABEL_REACH = 120  # characters from a labelled row's start to its count, at most


def _labelled_lines(claims: Sequence[Claim], article: Article | None) -> dict[str, int]:
    """Claim id -> the offset of its article's first labelled line, for the counts of
    lines labelled by two or more different names ("Lyft: around 700 jobs cut", "Twitter:
    about 3,700 jobs cut"): each row counts its own name's, so link keeps them apart as
    items of one list whatever their figures."""
    if article is None:
        return {}
    text = article.text
    labels: dict[str, tuple[int, str]] = {}
    for claim in claims:
        # a row's label opens its line within a few words of the count; the search back
        # for the line's start is bounded, so a one-line 5 MB text costs no more per claim
        reach = max(0, claim.start - _LABEL_REACH)
        line = text.rfind("\n", reach, claim.start) + 1
        if line == 0 and reach > 0:
            continue  # the line starts too far back to be a labelled row
        m = _LABELLED_LINE.match(text, line, claim.start)
        if m is not None and m.end() <= claim.start:
            labels[claim.id] = (line, m.group(1))
    if len({name for _, name in labels.values()}) < 2:
        return {}
    first = min(line for line, _ in labels.values())
    return {cid: first for cid in labels}


def _conversions(
    neighbours: list[tuple[Claim, Claim, str]], units: dict[str, str | None]
) -> set[str]:
    """Ids of claims that restate the figure right before them in another unit.

    Both figures need a unit, and different ones: "five Indians, four Russians" is a
    list of counts, not one count said twice.
    """
    found: set[str] = set()
    for first, second, gap in neighbours:
        unit_a, unit_b = units.get(first.id), units.get(second.id)
        if not (unit_a and unit_b and unit_a != unit_b):
            continue
        if len(gap) <= 20 and _CONVERSION_GAP.match(gap):
            found.add(second.id)
    return found
