"""Time link + cross_check on synthetic news: 1k -> 50k claims, ~20 claims per article.

Prints one line per scale. The mix is what a wire desk produces over a few
months of a conflict: per-side event figures from several outlets, running
totals restated at different dates, breakdowns ("among them"), per-side
bounds ("each"), superlatives and casualty counts. Run:

    .venv/bin/python benchmarks/bench_crosscheck.py [--sizes 1000,20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from figcheck.crosscheck import cross_check
from figcheck.link import link
from figcheck.models import Article, Claim, Qualifier, Scope
from figcheck.read import read_all

SIDES = [("Russian", "Ukrainian"), ("Israeli", "Palestinian"), ("Armenian", "Azerbaijani")]
NOUNS = ["soldiers", "servicemen", "prisoners", "defenders", "POWs", "fighters"]
VERBS = ["released", "freed", "repatriated", "returned", "exchanged"]
START = dt.date(2022, 2, 24)


class Writer:
    """Builds one article's text and the claims whose spans index into it."""

    def __init__(self, aid: str, published: dt.date) -> None:
        self.aid, self.published = aid, published
        self.text = ""
        self.claims: list[Claim] = []

    def say(self, before: str, quote: str, after: str, **fields: object) -> None:
        start = len(self.text) + len(before)
        self.text += f"{before}{quote}{after} "
        low = fields.pop("low")
        high = fields.pop("high", low)
        claim = Claim.model_validate(
            {
                "id": f"{self.aid}-{len(self.claims)}",
                "article": self.aid,
                "start": start,
                "end": start + len(quote),
                "quote": quote,
                "low": low,
                "high": high,
                "qualifier": Qualifier.exact,
                "measure": quote,
                **fields,
            }
        )
        self.claims.append(claim)


def _article(rng: random.Random, n: int, events: list[tuple[dt.date, int, int, int]]) -> Writer:
    day, pair, mine, theirs = events[rng.randrange(len(events))]
    a, b = SIDES[pair]
    w = Writer(f"a{n:05d}", day)
    while len(w.claims) < 20:
        day, pair, mine, theirs = events[rng.randrange(len(events))]
        a, b = SIDES[pair]
        noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
        value = mine + rng.choice((0, 0, 0, 1, -3))
        roll = rng.random()
        if roll < 0.35:
            w.say(
                "Officials said ",
                f"{value} {a} {noun}",
                f" were {verb} on {day:%B %d}.",
                low=value,
                measure=f"{a} {noun} {verb}",
                scope=Scope.event,
                as_of=day,
                source=rng.choice([None, f"{a} Defence Ministry", f"{b} President"]),
            )
        elif roll < 0.55:
            w.say(
                "In turn, ",
                f"{theirs} {b} {noun}",
                f" were {verb}.",
                low=theirs,
                measure=f"{b} {noun} {verb}",
                scope=Scope.event,
                as_of=day,
            )
        elif roll < 0.65:
            w.say(
                "Among them were ",
                f"{max(1, theirs // 4)} wounded {noun}",
                ".",
                low=max(1, theirs // 4),
                measure=f"wounded {b} {noun}",
                scope=Scope.event,
                as_of=day,
            )
        elif roll < 0.75:
            total = 1000 + (day - START).days * 3
            w.say(
                f"Since {START:%B %d, %Y}, ",
                f"{total:,} {b} {noun}",
                " have returned home.",
                low=total,
                measure=f"{b} {noun} returned home",
                scope=Scope.cumulative,
                as_of=day,
                since=START,
            )
        elif roll < 0.82:
            bound = min(mine, theirs) - 5
            w.say(
                f"{a[:-3]}a and {b[:-2]}e said they had each released ",
                f"more than {bound} prisoners",
                " in their largest exchange.",
                low=bound,
                high=None,
                low_open=True,
                qualifier=Qualifier.more_than,
                measure="prisoners released by each side",
                scope=Scope.event,
                as_of=day,
            )
        else:
            dead = rng.randrange(2, 90)
            w.say(
                "A missile strike left ",
                f"about {dead} dead",
                f" on {day:%A}.",
                low=dead * 0.9,
                high=dead * 1.1,
                qualifier=Qualifier.about,
                measure="people killed in the strike",
                scope=Scope.event,
                as_of=day,
            )
    return w  # fmt: skip


def synthesise(n_claims: int, seed: int = 7) -> tuple[list[Claim], list[Article]]:
    rng = random.Random(seed)
    events = [
        (START + dt.timedelta(days=rng.randrange(700)), rng.randrange(len(SIDES)),
         rng.randrange(40, 300), rng.randrange(40, 300))
        for _ in range(max(20, n_claims // 100))
    ]  # fmt: skip
    claims: list[Claim] = []
    articles: list[Article] = []
    for n in range(max(1, n_claims // 20)):
        w = _article(rng, n, events)
        articles.append(Article(id=w.aid, text=w.text, published=w.published, outlet=f"O{n % 37}"))
        claims.extend(w.claims)
    return claims[:n_claims], articles


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000,20000,50000")
    sizes = [int(s) for s in parser.parse_args(argv).sizes.split(",")]
    print(
        f"{'claims':>7} {'articles':>8} {'read s':>8} {'link s':>8} {'check s':>8}"
        f" {'link+check':>10} {'keys':>7} {'findings':>8}"
    )
    for size in sizes:
        claims, articles = synthesise(size)
        r0 = time.perf_counter()
        claims = read_all(claims, articles)  # stage read runs at extraction, not timed below
        t0 = time.perf_counter()
        keyed = link(claims, articles)
        t1 = time.perf_counter()
        findings = cross_check(keyed, articles)
        t2 = time.perf_counter()
        keys = len({c.key for c in keyed})
        print(
            f"{len(claims):>7} {len(articles):>8} {t0 - r0:>8.2f} {t1 - t0:>8.2f} {t2 - t1:>8.2f}"
            f" {t2 - t0:>10.2f} {keys:>7} {len(findings):>8}"
        )


if __name__ == "__main__":
    main()
