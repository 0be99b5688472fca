"""Who disagrees with whom: an attributed disagreement is news, an outlet's own is an error.

Two sources giving different figures (a ministry and a president) is a real
disagreement the article reports faithfully; one source, or one outlet in
its own voice, contradicting itself is likely a reporting error.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from figcheck.models import Article, Cause, Claim
from figcheck.read._quantity import side_named

_POSSESSIVE = re.compile(r"(?:'s|’s|ian|ean|ese)\b")
_INSTITUTIONS = frozenset(
    [
        "ministry",
        "office",
        "president",
        "presidency",
        "commissioner",
        "army",
        "police",
        "government",
        "agency",
        "committee",
        "council",
        "headquarters",
        "service",
        "spokesman",
        "spokeswoman",
        "officials",
        "official",
        "authorities",
        "media",
        "forces",
        "military",
        "commission",
    ]
)
_TITLES = re.compile(r"\b(mr|mrs|ms|dr|president|minister|the)\.?\s+", re.IGNORECASE)


def _voice(claim: Claim, articles: dict[str, Article]) -> tuple[str, bool]:
    """(who says it, attributed?): the source, else the outlet (or article id)."""
    if claim.source:
        return claim.source.strip(), True
    article = articles.get(claim.article)
    outlet = article.outlet if article and article.outlet else claim.article
    return outlet, False


def _same_voice(a: str, b: str) -> bool:
    """ "Mr. Loubinets" and "Dmytro Loubinets" are one voice; two countries' ministries are not."""
    sa, sb = side_named(a), side_named(b)
    if sa and sb and sa != sb:
        return False
    na, nb = _TITLES.sub("", a.lower()).strip(), _TITLES.sub("", b.lower()).strip()
    if na == nb:
        return True
    wa, wb = na.split(), nb.split()
    if wa and wb and wa[-1] == wb[-1] and wa[-1] not in _INSTITUTIONS:
        return True  # a surname
    # "Ukraine's human rights commissioner" / "Ukrainian human rights commissioner Dmytro L."
    return fuzz.token_set_ratio(_POSSESSIVE.sub("", na), _POSSESSIVE.sub("", nb)) >= 85


def same_speaker(a: str | None, b: str | None) -> bool:
    """Two `source` fields naming one speaker; None (the outlet's own voice) only matches None."""
    if a is None or b is None:
        return a is None and b is None
    return _same_voice(a.strip(), b.strip())


def one_voice(a: Claim, b: Claim, articles: dict[str, Article]) -> bool:
    """Same article and the same speaker (or both in the outlet's own voice)."""
    if a.article != b.article:
        return False
    (na, fa), (nb, fb) = _voice(a, articles), _voice(b, articles)
    return fa == fb and _same_voice(na, nb)


def attribute(claims: list[Claim], articles: dict[str, Article]) -> str:
    """One line classifying the disagreement among `claims` (two or more)."""
    voices = [_voice(c, articles) for c in claims]
    names: list[str] = []
    for name, _ in voices:
        if not any(_same_voice(name, seen) for seen in names):
            names.append(name)
    attributed = [flag for _, flag in voices]
    same_article = len({c.article for c in claims}) == 1
    if len(names) == 1:
        if attributed[0]:
            return f"one source's own figures disagree ({names[0]}) — likely reporting error"
        return f"the outlet's own figures disagree ({names[0]}) — likely reporting error"
    listing = " vs ".join(names)
    if all(attributed):
        return (
            f"attributed disagreement: different sources ({listing}) give different figures"
            " — not an error"
        )
    if same_article:
        return (
            f"the outlet's figure disagrees with an attributed one ({listing})"
            " — likely reporting error"
        )
    return f"different outlets/sources ({listing}) give different figures — at least one is wrong"


def summary_vs_detail(summary: Claim, detail: Claim, articles: dict[str, Article]) -> str:
    """A summary over both sides ("each released more than 230") against one side's own figure."""
    if summary.article == detail.article:
        return (
            "the article's summary disagrees with the detailed figure it reports"
            f" ({detail.source or 'the outlet'}) — likely reporting error"
        )
    return attribute([summary, detail], articles)


def cause_of(attribution: str) -> Cause:
    """The class of an `attribute` line: only different sources make a disagreement news."""
    return Cause.attributed if "not an error" in attribution else Cause.error
