"""Which articles report the same story, so that figures of different events never meet.

A dataset may mix coverage of unrelated events (a 2014 quake in China, a 2016
quake in Ecuador). Figures of one story are never linked with, nor checked
against, figures of another: a death toll of one quake says nothing about the
toll of another. Two articles are one story when the place and party names of
their headline and lead overlap:

- names are capitalised words a sentence does not merely start with (or known
  countries), without weekdays, months, titles and news agencies; country and
  demonym count as one ("Ukraine" = "Ukrainian");
- published within 60 days: one shared lead name suffices; further apart (a war
  reported over years), two are needed, so one shared country does not tie two
  unrelated quakes in it together;
- an article without lead names, or without a publication date, joins no other
  article: when unsure, articles stay apart.

The story of an article is the first article id of its connected group.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from functools import lru_cache

from figcheck._lexicon import COUNTRY_DEMONYM, NAME_STOPWORDS
from figcheck.models import Article

_LEAD_CHARS = 600
_NEAR_DAYS = 60
_NAME = re.compile(r"\b[A-Z][a-zA-Z’'-]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n•|]\s*[\"“‘(]*)$")


@lru_cache(maxsize=65536)
def _normal(word: str) -> str:
    """Memoised: every article repeats its names, and a corpus repeats its countries."""
    word = re.sub(r"(?:['’]s)$", "", word).lower()
    return COUNTRY_DEMONYM.get(word, word)


@lru_cache(maxsize=1024)
def _names(text: str) -> frozenset[str]:
    """Names used mid-sentence anywhere in the text (a sentence-initial word may be any word)."""
    found: set[str] = set()
    for m in _NAME.finditer(text):
        if not _starts_sentence(text[max(0, m.start() - 4) : m.start()]):
            found.add(_normal(m.group(0)))
    return frozenset(found - NAME_STOPWORDS)


@lru_cache(maxsize=65536)
def _starts_sentence(before: str) -> bool:
    """Whether the (up to) four characters before a word end a sentence. Memoised: few differ."""
    return _SENTENCE_START.search(before) is not None


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def lead_names(article: Article, sentences: int | None = None) -> frozenset[str]:
    """Names of the headline and lead that the article also uses as names elsewhere.

    The lead is the first 600 characters, or the first `sentences` sentences
    (the story's own area, for telling a sub-area's figure from the story's).
    """
    return _lead_names(article.title or "", article.text, sentences)


@lru_cache(maxsize=4096)
def _lead_names(title: str, text: str, sentences: int | None) -> frozenset[str]:
    known = _names(text)
    head = text[:_LEAD_CHARS]
    if sentences is not None:
        head = " ".join(m.group(0) for m in itertools.islice(_SENTENCE.finditer(head), sentences))
    words = {_normal(m.group(0)) for m in _NAME.finditer(f"{title}\n{head}")}
    return frozenset(
        w for w in words if (w in known or w in _COUNTRIES) and w not in NAME_STOPWORDS
    )


_COUNTRIES = frozenset(COUNTRY_DEMONYM.values())


def same_story(a: Article, b: Article) -> bool:
    """Whether two articles report one story (module docstring)."""
    if a.id == b.id:
        return True
    if a.published is None or b.published is None:
        return False
    shared = lead_names(a) & lead_names(b)
    near = abs((a.published - b.published).days) <= _NEAR_DAYS
    return len(shared) >= (1 if near else 2)


def stories(articles: list[Article]) -> dict[str, str]:
    """article id -> story id (the first article id, by date, of its connected group).

    Equivalent to joining every pair `same_story` accepts, without comparing all
    pairs: articles sharing a name join their date-neighbours within 60 days
    (chains give the same groups), articles sharing two names join at once.
    """
    ordered = sorted(articles, key=lambda a: (a.published or dt.date.min, a.id))
    parent = {a.id: a.id for a in ordered}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(x: str, y: str) -> None:
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[max(rx, ry, key=order.__getitem__)] = min(rx, ry, key=order.__getitem__)

    order = {a.id: i for i, a in enumerate(ordered)}
    by_name: dict[str, list[Article]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for article in ordered:
        if article.published is None:
            continue
        names = sorted(lead_names(article))[:_MAX_NAMES]
        for name in names:
            by_name[name].append(article)
        for pair in itertools.combinations(names, 2):
            by_pair[pair].append(article.id)
    for group in by_name.values():
        for a, b in itertools.pairwise(group):  # already in date order
            assert a.published is not None and b.published is not None
            if (b.published - a.published).days <= _NEAR_DAYS:
                join(a.id, b.id)
    for ids in by_pair.values():
        for other in ids[1:]:
            join(ids[0], other)
    return {a.id: root(a.id) for a in articles}


_MAX_NAMES = 16
