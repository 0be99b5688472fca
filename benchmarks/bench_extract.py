"""Rules-extraction throughput (MB/s) on the bundled datasets' texts, beside a regex ceiling.

The ceiling is one plain digit-group regex run over the same texts in the same
run: no extractor that reads each character can beat a single pattern scan, so
the ratio says how much of the time goes on reading context rather than on
finding numbers. "extract" is the rules extractor alone; "extract + read"
adds the read stage (readings), as `figcheck extract` and `check` run it.

    python benchmarks/bench_extract.py [--mb 1.0]
"""

from __future__ import annotations

import argparse
import re
import time

from _corpus import dataset_articles, realistic

from figcheck.extractors import extract_article, get_extractor

DIGIT_GROUPS = re.compile(r"\d+(?:[.,]\d+)*")


def _rate(size: float, seconds: float) -> float:
    return size / 1e6 / seconds if seconds > 0 else float("inf")


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in megabytes")
    args = parser.parse_args(argv)
    articles = realistic(args.mb)
    extractor = get_extractor("rules")
    for article in articles[: len(dataset_articles())]:
        extract_article(article, extractor)  # lazy imports and number-word caches, untimed
    size = float(sum(len(a.text.encode("utf-8")) for a in articles))

    clock = _Clock()
    groups = sum(len(DIGIT_GROUPS.findall(a.text)) for a in articles)
    ceiling, ceiling_cpu = clock.lap()
    claims = sum(len(extractor.extract(a).claims) for a in articles)
    extract, extract_cpu = clock.lap()
    read = sum(len(extract_article(a, extractor).claims) for a in articles)
    full, full_cpu = clock.lap()

    result = {
        "articles": float(len(articles)),
        "mb": size / 1e6,
        "claims": float(claims),
        "ceiling_mb_per_s": _rate(size, ceiling),
        "mb_per_s": _rate(size, extract),
        "read_mb_per_s": _rate(size, full),
        "articles_per_s": len(articles) / extract,
        # per second of this process's CPU: steadier than wall time on a shared machine
        "ceiling_mb_per_cpu_s": _rate(size, ceiling_cpu),
        "mb_per_cpu_s": _rate(size, extract_cpu),
        "read_mb_per_cpu_s": _rate(size, full_cpu),
    }
    print(
        f"bench_extract: {len(articles)} articles ({size / 1e6:.2f} MB, bundled datasets), "
        f"{claims} claims ({read} with readings); MB per wall second (per CPU second)\n"
        f"  digit-group regex ceiling  {result['ceiling_mb_per_s']:8.2f} MB/s "
        f"({result['ceiling_mb_per_cpu_s']:.2f}; {groups} groups)\n"
        f"  rules extract              {result['mb_per_s']:8.2f} MB/s "
        f"({result['mb_per_cpu_s']:.2f}; {result['articles_per_s']:.0f} articles/s)\n"
        f"  rules extract + read       {result['read_mb_per_s']:8.2f} MB/s "
        f"({result['read_mb_per_cpu_s']:.2f})"
    )
    return result


class _Clock:
    """Wall and CPU seconds since the last lap."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        laps = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return laps


if __name__ == "__main__":
    main()
