"""Real article text for the benchmarks: the seed articles, repeated to any size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from figcheck.models import Article

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT / "evals" / "datasets" / "seeds" / "articles", ROOT.parent / "shared" / "seeds")


def seed_texts() -> list[str]:
    """The seed articles' text as stored (the first folder that has them)."""
    for folder in SEED_DIRS:
        files = sorted(folder.glob("*.txt"))
        if files:
            return [f.read_text(encoding="utf-8") for f in files]
    raise SystemExit(f"no seed articles found in {', '.join(map(str, SEED_DIRS))}")


def corpus(n: int) -> list[Article]:
    """`n` articles cycling through the seeds, each with its own id."""
    texts = seed_texts()
    return [
        Article(id=f"bench{i:05d}", text=texts[i % len(texts)], published=dt.date(2024, 1, 3))
        for i in range(n)
    ]
