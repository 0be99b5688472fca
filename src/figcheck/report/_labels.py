"""Names a desk can say aloud: `Reuters #3` for a claim, the headline for an article.

Ids stay the contract (anchors, JSON, finding relations); labels are only how
reports show them. Every label is plain text from the article's metadata, so
the renderers escape it like any other article text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from figcheck.models import Article, Claim

# A headline used as an outlet stand-in is cut to this many words, so labels stay short.
_TITLE_WORDS = 4
_TITLE_CHARS = 32
# Ids as the extractors write them ("seed_0911-c003"): looked up token by token,
# so a long text is scanned once however many claims the report holds.
_TOKEN = re.compile(r"[A-Za-z0-9_.:/-]+")


def _short_title(title: str) -> str:
    words = title.split()
    short = " ".join(words[:_TITLE_WORDS])
    if len(short) > _TITLE_CHARS:
        short = short[:_TITLE_CHARS].rstrip()
    return short + ("…" if short != " ".join(words) else "")


def source_name(article: Article) -> str:
    """Who published it: the outlet, else a short form of the headline, the file name or the id."""
    for candidate in (article.outlet, article.title):
        if candidate and candidate.strip():
            text = " ".join(candidate.split())
            return text if candidate is article.outlet else _short_title(text)
    if article.path:
        return PurePath(article.path).stem or article.id
    return article.id


def headline(article: Article) -> str:
    """What the article is called in a report: its title, else its source name."""
    if article.title and article.title.strip():
        return " ".join(article.title.split())
    return source_name(article)


def article_names(articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> its source name, told apart by date, then by number, when outlets repeat."""
    first: dict[str, Article] = {}
    for article in articles:
        first.setdefault(article.id, article)
    base = {aid: source_name(a) for aid, a in first.items()}
    counts = Counter(base.values())
    names: dict[str, str] = {}
    for aid, article in first.items():
        name = base[aid]
        if counts[name] > 1 and article.published is not None:
            name = f"{name}, {article.published.isoformat()}"
        names[aid] = name
    repeats = Counter(names.values())
    seen: Counter[str] = Counter()
    for aid in first:
        name = names[aid]
        if repeats[name] > 1:
            seen[name] += 1
            names[aid] = f"{name} ({seen[name]})"
    return names


def claim_labels(claims: Iterable[Claim], names: dict[str, str]) -> dict[int, str]:
    """`Reuters #3`: the claim's article, and its place in that article in reading order.

    Keyed by position in `claims`, because ids are free text and may repeat.
    A claim of an article missing from the report is named by its article id.
    """
    by_article: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for n, claim in enumerate(claims):
        by_article[claim.article].append((claim.start, claim.end, n))
    labels: dict[int, str] = {}
    for aid, spans in by_article.items():
        name = names.get(aid, aid)
        for ordinal, (_, _, n) in enumerate(sorted(spans), start=1):
            labels[n] = f"{name} #{ordinal}"
    return labels


class Namer:
    """Rewrites claim ids inside relation, arithmetic and note strings into labels."""

    def __init__(self, labels: dict[str, str]) -> None:
        self._labels = labels

    def rewrite(self, text: str | None, own: Iterable[str] = ()) -> str | None:
        """`text` with every known claim id as its label; `own` ids match even when unusual.

        Only whole tokens are replaced, so an id such as "230" rewrites no number
        unless it is one of the finding's own claims.
        """
        if not text:
            return text
        own_ids = set(own)
        odd = sorted((i for i in own_ids if i in self._labels and not _TOKEN.fullmatch(i)), key=len)
        unusual = [rf"(?<![\w-]){re.escape(i)}(?![\w-])" for i in reversed(odd)]
        pattern = re.compile("|".join([*unusual, _TOKEN.pattern]))

        def swap(match: re.Match[str]) -> str:
            token = match.group()
            for cut in (token, token.rstrip(".:/")):
                if cut in self._labels and (cut in own_ids or not cut.isdigit()):
                    return self._labels[cut] + token[len(cut) :]
            return token

        return pattern.sub(swap, text)


def label_table(articles: Sequence[Article], claims: Sequence[Claim]) -> dict[str, object]:
    """The names reports show, keyed by id, for JSON readers who want to say the same."""
    names = article_names(articles)
    labels = claim_labels(claims, names)
    by_claim: dict[str, str] = {}
    for n, claim in enumerate(claims):
        by_claim.setdefault(claim.id, labels[n])
    by_article: dict[str, dict[str, str]] = {}
    for article in articles:
        by_article.setdefault(
            article.id, {"source": names[article.id], "headline": headline(article)}
        )
    return {"articles": by_article, "claims": by_claim}
