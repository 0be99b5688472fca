"""Seconds per MB of hostile text through the whole pipeline (extract, read, link, check).

Each recipe is a shape that once made figcheck super-linear: a run of dashed
figures, a run of percentages, initials before every full stop, one huge
line of prose, one article of thousands of one-line tolls, and a 5 MB
paragraph. A linear pipeline shows the same s/MB at every size.

    .venv/bin/python benchmarks/bench_adversarial.py [--mb 0.25] [--big-mb 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from figcheck.crosscheck import cross_check
from figcheck.extractors import extract_article
from figcheck.link import link
from figcheck.models import Article

PROSE = "Officials said 12 people died in the floods on Sunday, and 40 were hurt. "
RECIPES = {
    "dashed figures": lambda n: "There were " + "1-" * (n // 2) + "2 people.",
    "percent run": lambda n: "1% " * (n // 3),
    "initials": lambda n: "Mr. A. B. C. said 230 people. " * (n // 30),
    "one-line prose": lambda n: PROSE * (n // len(PROSE)),
    "toll lines": lambda n: "".join(
        f"Officials said {i % 900 + 2} people died.\n" for i in range(n // 31)
    ),
}


def _run(text: str) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (steadier on a shared machine) and claims for one text."""
    article = Article(id="x", text=text, published=dt.date(2024, 1, 1))
    started, started_cpu = time.perf_counter(), time.process_time()
    claims = extract_article(article, "rules").claims
    cross_check(link(claims, [article]), [article])
    return time.perf_counter() - started, time.process_time() - started_cpu, len(claims)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=0.25)
    parser.add_argument("--big-mb", type=float, default=5.0)
    args = parser.parse_args(argv)
    # compile the patterns and load the unit registry outside the timings: each recipe
    # once, small (the first recipe to meet a percent used to pay for loading pint)
    for make in RECIPES.values():
        _run(make(2_000))
    print(f"{'recipe':<28} {'MB':>6} {'claims':>7} {'seconds':>8} {'s/MB':>7} {'cpu s/MB':>8}")
    sizes = [("", args.mb), ("", args.mb * 2)]
    for name, make in RECIPES.items():
        for _, mb in sizes:
            text = make(int(mb * 1e6))
            seconds, cpu, claims = _run(text)
            size = len(text) / 1e6
            print(
                f"{name:<28} {size:>6.2f} {claims:>7} {seconds:>8.2f} {seconds / size:>7.1f} "
                f"{cpu / size:>8.1f}"
            )
    big = (PROSE * (int(args.big_mb * 1e6) // len(PROSE))).rstrip(". ")
    seconds, cpu, claims = _run(big)  # one paragraph: no full stop ends it
    size = len(big) / 1e6
    print(
        f"{'5 MB paragraph':<28} {size:>6.2f} {claims:>7} {seconds:>8.2f} {seconds / size:>7.1f} "
        f"{cpu / size:>8.1f}"
    )


if __name__ == "__main__":
    main()
