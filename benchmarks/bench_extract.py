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

    started = time.perf_counter()
    groups = sum(len(DIGIT_GROUPS.findall(a.text)) for a in articles)
    ceiling = time.perf_counter() - started

    started = time.perf_counter()
    claims = sum(len(extractor.extract(a).claims) for a in articles)
    extract = time.perf_counter() - started

    started = time.perf_counter()
    read = sum(len(extract_article(a, extractor).claims) for a in articles)
    full = time.perf_counter() - started

    result = {
        "articles": float(len(articles)),
        "mb": size / 1e6,
        "claims": float(claims),
        "ceiling_mb_per_s": _rate(size, ceiling),
        "mb_per_s": _rate(size, extract),
        "read_mb_per_s": _rate(size, full),
        "articles_per_s": len(articles) / extract,
    }
    print(
        f"bench_extract: {len(articles)} articles ({size / 1e6:.2f} MB, bundled datasets), "
        f"{claims} claims ({read} with readings)\n"
        f"  digit-group regex ceiling  {result['ceiling_mb_per_s']:8.2f} MB/s ({groups} groups)\n"
        f"  rules extract              {result['mb_per_s']:8.2f} MB/s "
        f"({result['articles_per_s']:.0f} articles/s)\n"
        f"  rules extract + read       {result['read_mb_per_s']:8.2f} MB/s"
    )
    return result


if __name__ == "__main__":
    main()
