"""Alignment throughput: exact, normalised (typography folded) and fuzzy quotes per second.

Quotes are cut from the seed articles' real text at sentence fragments that hold
a number, then (normalised) given straight quotes, hyphens for dashes, doubled
spaces and changed case, or (fuzzy) one word dropped and one letter changed, as
models do when they paraphrase a little.

    python benchmarks/bench_align.py [--quotes 300]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter

from _corpus import seed_texts

from figcheck.align import align

_FRAGMENT = re.compile(r"[^.\n“”\"]{0,40}\d[^.\n“”\"]{10,60}")


def _normalised(q: str) -> str:
    q = q.replace("’", "'").replace("–", "-").replace("—", "-").replace(" ", "  ", 2)
    return q.upper() if len(q) % 2 else q.lower()


def _fuzzy(q: str, rng: random.Random) -> str:
    words = q.split()
    digits = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
    droppable = [i for i in range(len(words)) if i not in digits]
    if len(droppable) > 3:
        del words[rng.choice(droppable)]
    out = " ".join(words)
    letters = [i for i, c in enumerate(out) if c.isalpha()]
    i = rng.choice(letters)
    return out[:i] + ("x" if out[i] != "x" else "y") + out[i + 1 :]


def cases(n: int, seed: int = 7) -> dict[str, list[tuple[str, str]]]:
    """(quote, text) pairs per kind of alignment."""
    rng = random.Random(seed)
    pool = [(m.group().strip(), t) for t in seed_texts() for m in _FRAGMENT.finditer(t)]
    picks = [rng.choice(pool) for _ in range(n)]
    return {
        "exact": picks,
        "normalised": [(_normalised(q), t) for q, t in picks],
        "fuzzy": [(_fuzzy(q, rng), t) for q, t in picks],
    }


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quotes", type=int, default=300)
    args = parser.parse_args(argv)
    result: dict[str, float] = {}
    for kind, pairs in cases(args.quotes).items():
        align(*pairs[0])  # warm the folding caches outside the timing
        started = time.perf_counter()
        statuses = Counter(align(q, t).alignment.value for q, t in pairs)
        wall = time.perf_counter() - started
        result[f"{kind}_per_s"] = len(pairs) / wall
        found = ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
        print(
            f"bench_align {kind:>10}: {len(pairs)} quotes in {wall:.3f} s = "
            f"{len(pairs) / wall:,.0f} quotes/s ({found})"
        )
    return result


if __name__ == "__main__":
    main()
