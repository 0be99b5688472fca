"""Which articles report the same story, so that figures of different events never meet.

A dataset may mix coverage of unrelated events (a 2014 quake in China, a 2016
quake in Ecuador). Figures of one story are never linked with, nor checked
against, figures of another: a death toll of one quake says nothing about the
toll of another. Two articles are one story when the place and party names of
their headline and lead overlap:

- names are capitalised words a sentence does not merely start with (or known
  countries), without weekdays, months, titles and news agencies, nor continents
  and seas ("Europe", "the Mediterranean": they host too many events to tie two);
  country and demonym count as one ("Ukraine" = "Ukrainian");
- published within 60 days: one shared lead name suffices, but a country alone
  only within 14 (a building collapse and an election three weeks later in South
  Africa are two stories; a mine rescue reported over five weeks is one through its
  town's name); further apart (a war reported over months), two are needed, so one
  shared country does not tie two unrelated quakes in it together; a name written
  in two words ("Uttar Pradesh", "Red Cross") is one name, its words no names of
  their own ("Red Cross" and "Red Crescent" share none; "South Africa" is the
  country, not "Africa"); more than a year apart, never;
- an article without lead names joins no other article; one without a
  publication date joins the articles that share a lead name with it (three
  undated wire items about "floods in Valmora" are one story);
- in a corpus (`story_groups`), two articles published within three days whose
  openings share five or more of the corpus's rarer content words ("teachers",
  "strike", "schools", "walkout", "wednesday") are one story whatever names they
  use: one outlet's lead names the union, another's the department, and both tell
  of the same strike. A word is rarer when it opens at most a tenth of the corpus's
  articles (and at least two): the words every report of a kind uses ("people",
  "killed", "officials") never join two floods in two towns, and a corpus of fewer
  than twenty articles is joined by names alone. The words travel in one story
  entry marked "~" (`lead_words`).

The story of an article is the first article id of its connected group.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache

from figcheck.models import Article, Claim
from figcheck.read._lexicon import COUNTRY_DEMONYM, NAME_STOPWORDS, STOPWORDS

_LEAD_CHARS = 600
_NEAR_DAYS = 60
# a country alone names too many events to join reports further apart than this: a
# building collapse and an election three weeks later in South Africa are two stories
_COUNTRY_DAYS = 14
# articles further apart than this are never one story, however many names they share:
# "Uttar Pradesh" in a 2023 air crash and a 2024 stampede names a state, not an event
_FAR_DAYS = 365
_NAME = re.compile(r"\b[A-Z][a-zA-Z’'-]+")
_POSSESSIVE = re.compile(r"(?:['’]s)$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n•|]\s*[\"“‘(]*)$")


@lru_cache(maxsize=65536)
def normal_name(word: str) -> str:
    """A name as `mid_sentence_names` holds it ("France's" -> "french"). Memoised: every
    article repeats its names, and a corpus repeats its countries."""
    word = _POSSESSIVE.sub("", word).lower()
    return COUNTRY_DEMONYM.get(word, word)


def mid_sentence_names(text: str) -> frozenset[str]:
    """Names a text uses mid-sentence (lower-cased): a capital there is a name, not a start."""
    return _names(text)


@lru_cache(maxsize=1024)
def _names(text: str) -> frozenset[str]:
    """Names used mid-sentence anywhere in the text (a sentence-initial word may be any word)."""
    found: set[str] = set()
    for m in _NAME.finditer(text):
        if not _starts_sentence(text[max(0, m.start() - 4) : m.start()]):
            found.add(normal_name(m.group(0)))
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
    lead = f"{title}\n{head}"
    matches = list(_NAME.finditer(lead))
    words = {normal_name(m.group(0)) for m in matches}
    names = {
        w
        for w in words
        if (w in known or w in _COUNTRIES) and w not in NAME_STOPWORDS and w not in _REGIONS
    }
    # a country written in two words ("South Africa", "South Korean") is that country,
    # whatever its words are alone ("South" is no name; "Africa" is no country)
    for a, b in itertools.pairwise(matches):
        two = f"{a.group(0)} {_POSSESSIVE.sub('', b.group(0))}".lower()
        country = COUNTRY_DEMONYM.get(two) or (two if two in _COUNTRIES else None)
        if country is not None and lead[a.end() : b.start()] == " ":
            names.discard(normal_name(b.group(0)))
            names.add(country)
    # one name written in two words ("Uttar Pradesh", "Red Cross") is marked by an entry
    # holding both: story_groups counts it once when two shared names are needed
    pairs = {
        f"{normal_name(a.group(0))} {normal_name(b.group(0))}"
        for a, b in itertools.pairwise(matches)
        if lead[a.end() : b.start()] in (" ", "-")
        and normal_name(a.group(0)) in names
        and normal_name(b.group(0)) in names
    }
    return frozenset(names | pairs)


WORD_MARK = "~"  # marks the story entry that holds the opening's content words
_WORDS_CHARS = 300  # the opening whose content words are compared
_WORD = re.compile(r"[a-z]{4,}")
_WORD_DAYS = 3  # articles this near in time may be joined by their openings' words
_SHARED_WORDS = 5  # content words two openings share to be one story
_MAX_WORDS = 24  # content words an article is indexed by, at most
_RARE_SHARE = 0.1  # a word opening more of the corpus's articles than this is common
_WORD_NEIGHBOURS = 4  # later articles sharing a word that an article is counted against


def lead_words(article: Article) -> frozenset[str]:
    """The content words of the headline and opening, as one story entry (`WORD_MARK`
    and the words, space-separated): one string a claim carries, not thirty."""
    return _lead_words(article.title or "", article.text[:_WORDS_CHARS])


@lru_cache(maxsize=4096)
def _lead_words(title: str, head: str) -> frozenset[str]:
    words = {w for w in _WORD.findall(f"{title} {head}".lower()) if w not in STOPWORDS}
    return frozenset({WORD_MARK + " ".join(sorted(words))}) if words else frozenset()


def _split(entries: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Single names, and the two-word names marked among them ("uttar pradesh")."""
    names = frozenset(e for e in entries if not e.startswith(WORD_MARK))
    pairs = frozenset(e for e in names if " " in e)
    return names - pairs, pairs


def _words(entries: frozenset[str]) -> frozenset[str]:
    """The opening's content words held in the marked entry (`lead_words`)."""
    return frozenset(
        w for e in entries if e.startswith(WORD_MARK) for w in e[len(WORD_MARK) :].split()
    )


def _joining(entries: frozenset[str]) -> frozenset[str]:
    """The names a lead is matched by: a name written in two words ("Red Cross") stands
    as one, its halves dropped, so "Red Cross" and "Red Crescent" share no name and
    "Uttar Pradesh" counts once; a two-word name with a country in it ("Thai Prime" of
    "Thai Prime Minister") stands as its words, so the country still counts alone. (A
    country written in two words, "South Africa", is already one entry: _lead_names.)"""
    singles, pairs = _split(entries)
    whole = {p for p in pairs if not any(w in _COUNTRIES for w in p.split())}
    halves = {w for p in whole for w in p.split()}
    return frozenset((singles - halves) | whole)


_COUNTRIES = frozenset(COUNTRY_DEMONYM.values())
# continents and seas name no story: "Europe" and "Italy" tied a migrant boat sunk off
# Greece in June to arrivals on Lampedusa in September (two shared names, three months apart)
_REGIONS = frozenset(
    {
        *("europe", "european", "africa", "african", "asia", "asian", "americas"),
        *("oceania", "antarctica", "mediterranean", "atlantic", "pacific", "arctic"),
        *("caribbean", "balkans", "balkan", "scandinavia", "scandinavian"),
    }
)


def same_story(a: Article, b: Article) -> bool:
    """Whether two articles report one story (module docstring)."""
    if a.id == b.id:
        return True
    if a.published is None or b.published is None:
        return False
    shared = _joining(lead_names(a)) & _joining(lead_names(b))
    apart = abs((a.published - b.published).days)
    if len(shared) >= 2:
        return apart <= _FAR_DAYS
    return bool(shared) and apart <= _near_days(next(iter(shared), ""))


def _near_days(name: str) -> int:
    """How far apart two reports sharing only `name` may be and still be one story."""
    return _COUNTRY_DAYS if name in _COUNTRIES else _NEAR_DAYS


def stories(articles: list[Article]) -> dict[str, str]:
    """article id -> story id, from the articles themselves (see `story_groups`)."""
    return story_groups({a.id: (lead_names(a) | lead_words(a), a.published) for a in articles})


def claim_stories(claims: list[Claim]) -> dict[str, str]:
    """article id -> story id from the claims' readings alone: link and crosscheck never
    go back to article text."""
    seen: dict[str, tuple[frozenset[str], dt.date | None]] = {}
    for claim in claims:
        if claim.article not in seen and claim.reading is not None:
            seen[claim.article] = (frozenset(claim.reading.story), claim.reading.published)
        seen.setdefault(claim.article, (frozenset(), None))
    return story_groups(seen)


def story_groups(leads: dict[str, tuple[frozenset[str], dt.date | None]]) -> dict[str, str]:
    """article id -> story id (the first article id, by date, of its connected group).

    `leads`: each article's lead names and publication date. Equivalent to
    joining every pair `same_story` accepts, without comparing all pairs:
    articles sharing a name join their date-neighbours within 60 days (a country: 14; chains
    give the same groups), articles sharing two names join within a year.
    """
    ordered = sorted(leads, key=lambda a: (leads[a][1] or dt.date.min, a))
    parent = {a: a for a in ordered}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(x: str, y: str) -> None:
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[max(rx, ry, key=order.__getitem__)] = min(rx, ry, key=order.__getitem__)

    order = {a: i for i, a in enumerate(ordered)}
    # the rare words first: only their articles are indexed (the words every article
    # of a big corpus opens with would each hold a list of all of them)
    opening = Counter(
        w for a in ordered if leads[a][1] is not None for w in _indexed_words(leads[a][0])
    )
    rare = {w for w, n in opening.items() if _rare(n, len(ordered))}
    by_name: dict[str, list[tuple[str, dt.date]]] = defaultdict(list)
    by_word: dict[str, list[tuple[str, dt.date]]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[tuple[str, dt.date]]] = defaultdict(list)
    undated: dict[str, list[str]] = defaultdict(list)
    for article in ordered:
        names_of, published = leads[article]
        names = sorted(_joining(names_of))[:_MAX_NAMES]
        if published is None:  # no date to keep it from older stories: a shared name ties it
            for name in names:
                undated[name].append(article)
            continue
        for name in names:
            by_name[name].append((article, published))
        for word in _indexed_words(names_of):
            if word in rare:
                by_word[word].append((article, published))
        for pair in itertools.combinations(names, 2):
            by_pair[pair].append((article, published))
    for name, group in by_name.items():
        near = _near_days(name)
        for (a, day_a), (b, day_b) in itertools.pairwise(group):  # already in date order
            if (day_b - day_a).days <= near:
                join(a, b)
    for group in by_pair.values():
        for (a, day_a), (b, day_b) in itertools.pairwise(group):
            if (day_b - day_a).days <= _FAR_DAYS:
                join(a, b)
    _join_by_words(by_word, join)
    for name, ids in undated.items():
        for other in [*ids[1:], *(a for a, _ in by_name.get(name, [])[:1])]:
            join(ids[0], other)
    return {a: root(a) for a in leads}


_MAX_NAMES = 16


def _indexed_words(entries: frozenset[str]) -> list[str]:
    return sorted(_words(entries))[:_MAX_WORDS]


def _rare(articles_with_word: int, articles: int) -> bool:
    return 2 <= articles_with_word <= _RARE_SHARE * articles


def _join_by_words(
    by_word: dict[str, list[tuple[str, dt.date]]], join: Callable[[str, str], None]
) -> None:
    """Join articles within `_WORD_DAYS` whose openings share `_SHARED_WORDS` words.

    Each article is counted against the next few articles (by date) of each of its
    words rather than against every article, so a corpus of thousands of near-identical
    openings costs words x neighbours per article; a group of them still joins, one
    neighbour to the next.
    """
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for group in by_word.values():
        for i, (a, day_a) in enumerate(group):
            for b, day_b in group[i + 1 : i + 1 + _WORD_NEIGHBOURS]:
                if (day_b - day_a).days <= _WORD_DAYS:
                    shared[a, b] += 1
    for (a, b), count in shared.items():
        if count >= _SHARED_WORDS:
            join(a, b)
