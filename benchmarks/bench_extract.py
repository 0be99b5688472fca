"""Rules-extractor throughput (articles/s, MB/s) on the seed articles' real text, repeated.

python benchmarks/bench_extract.py [--articles 200]
"""

from __future__ import annotations

import argparse
import time

from _corpus import corpus

from figcheck.extractors import get_extractor


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args(argv)
    articles = corpus(args.articles)
    extractor = get_extractor("rules")
    extractor.extract(articles[0])  # warm caches and lazy imports outside the timing
    size = sum(len(a.text.encode("utf-8")) for a in articles)
    started = time.perf_counter()
    claims = sum(len(extractor.extract(a).claims) for a in articles)
    wall = time.perf_counter() - started
    result = {
        "articles": float(len(articles)),
        "claims": float(claims),
        "wall_s": wall,
        "articles_per_s": len(articles) / wall,
        "mb_per_s": size / 1e6 / wall,
    }
    print(
        f"bench_extract: {len(articles)} articles ({size / 1e6:.2f} MB), {claims} claims "
        f"in {wall:.2f} s: {result['articles_per_s']:.1f} articles/s, "
        f"{result['mb_per_s']:.3f} MB/s"
    )
    return result


if __name__ == "__main__":
    main()
