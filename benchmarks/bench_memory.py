"""Peak memory of `figcheck.check` (library path) on many synthetic articles.

Each article is a short wire report about its own event (a flood, fire or
quake in a made-up town, four outlets per event) with tolls, injured counts,
a running total and dates, so extraction, linking and cross-checking all do
real work. Articles are handed to `check` as a generator, the way a caller
streaming from disk or a queue would. Each size runs in a child process and
reports that process's maximum resident set size (and, with --traced, the
peak of Python allocations, which slows the run about twofold).

`--path shards` (the default) runs `check_to_shards`, the corpus-scale path
(`check --shards`): results go to shards in a temporary folder. `--path
report` runs `check`, which returns every claim in one Report.

    python benchmarks/bench_memory.py [--articles 8000 50000] [--path shards|report] [--traced]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator

import figcheck
from figcheck.models import Article
from figcheck.read._stories import claim_stories

_SYLLABLES = ["ka", "lo", "mi", "ra", "su", "ten", "vo", "zen", "dar", "pel", "qua", "nor"]
_EVENTS = ["floods", "a fire", "an earthquake", "a landslide", "a storm"]


def _town(n: int) -> str:
    rng = random.Random(n)
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()


def synthetic(count: int, seed: int = 7, shared_name: bool = True) -> Iterator[Article]:
    """`count` articles, four outlets per made-up event, generated one at a time.

    With `shared_name` every article credits "the Red Cross": two capitalised
    words in every lead, which the story joiner (`read/_stories.py`) takes as
    two shared names, so the whole corpus becomes one story. Without it each
    event is its own story of four articles, as the events are meant to be.
    """
    source = "the Red Cross" if shared_name else "local aid workers"
    rng = random.Random(seed)
    for i in range(count):
        event = i // 4
        town = _town(event)
        what = _EVENTS[event % len(_EVENTS)]
        dead = 10 + event % 90 + rng.choice([0, 0, 1, 2])
        day = dt.date(2024, 1, 1) + dt.timedelta(days=event % 300)
        text = (
            f"At least {dead} people were killed and {dead * 3} injured after {what} hit "
            f"{town} on {day:%A}, officials said.\n"
            f"Rescuers pulled {rng.randint(5, 40)} survivors from the rubble, and more than "
            f"{rng.randint(2, 9)},000 homes were damaged, the {town} disaster agency said.\n"
            f"It was the worst disaster in {town} since {day.year - 7}, when "
            f"{rng.randint(20, 200)} people died. About {rng.randint(1, 5)}00 people remain "
            f"in shelters, according to {source}.\n"
        )
        yield Article(
            id=f"syn{i:06d}",
            title=f"{what.capitalize()} in {town}",
            outlet=f"Outlet {i % 4}",
            published=day + dt.timedelta(days=1),
            text=text,
        )


def measure(
    count: int, traced: bool = False, path: str = "shards", shared_name: bool = True
) -> dict[str, float]:
    """check() or check_to_shards() over `count` generated articles here; its peak memory."""
    from figcheck.pipeline import check_to_shards

    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    if path == "shards":
        with tempfile.TemporaryDirectory(prefix="figcheck-bench-") as out:
            run = check_to_shards(synthetic(count, shared_name=shared_name), out, "rules")
        claims, findings, stories = run.claims, run.findings, run.stories
    else:
        report = figcheck.check(synthetic(count, shared_name=shared_name), extractor="rules")
        claims, findings = len(report.claims), len(report.findings)
        stories = len(set(claim_stories(report.claims).values()))
    wall = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": float(count),
        "claims": float(claims),
        "findings": float(findings),
        "stories": float(stories),
        "traced_peak_mb": peak / 1e6,
        "max_rss_mb": rss_mb,
        "wall_s": wall,
    }


def main(argv: list[str] | None = None) -> list[dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, nargs="+", default=[8000, 50000])
    parser.add_argument("--traced", action="store_true", help="also trace Python allocations")
    parser.add_argument("--path", choices=("shards", "report"), default="shards")
    parser.add_argument(
        "--own-stories",
        action="store_true",
        help="no name shared by every article: each event is its own story",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:  # one count in this process, so its peak RSS is its own
        print(json.dumps(measure(args.articles[0], args.traced, args.path, not args.own_stories)))
        return []
    results = []
    for count in args.articles:
        command = [
            sys.executable,
            __file__,
            "--child",
            "--articles",
            str(count),
            "--path",
            args.path,
        ]
        out = subprocess.run(
            command
            + (["--traced"] if args.traced else [])
            + (["--own-stories"] if args.own_stories else []),
            check=True,
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        traced = f", {r['traced_peak_mb']:.0f} MB traced" if args.traced else ""
        print(
            f"bench_memory ({args.path}): {count} articles, {r['stories']:.0f} stories, "
            f"{r['claims']:.0f} claims, "
            f"{r['findings']:.0f} findings in {r['wall_s']:.0f} s: "
            f"peak RSS {r['max_rss_mb']:.0f} MB{traced} "
            f"({r['max_rss_mb'] * 1e6 / max(r['claims'], 1) / 1e3:.1f} kB per claim; "
            "target < 1 GB at 50,000 articles)"
        )
        results.append(r)
    return results


if __name__ == "__main__":
    main()
