"""Real article text for the benchmarks: the seed articles, or every bundled dataset, repeated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from figcheck.ingest import load_articles
from figcheck.models import Article

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT / "evals" / "datasets" / "seeds" / "articles", ROOT.parent / "shared" / "seeds")
# the datasets whose texts are distinct (news-dev and news-test are built from _parts)
DATASETS = ("seeds", "dev", "holdout", "news-dev", "news-test")


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


def dataset_articles() -> list[Article]:
    """Every article of the bundled datasets, read as `figcheck check` reads them."""
    folders = [ROOT / "evals" / "datasets" / name for name in DATASETS]
    articles = load_articles([f for f in folders if f.is_dir()])
    if not articles:
        raise SystemExit("no bundled datasets found under evals/datasets")
    return articles


def realistic(mb: float) -> list[Article]:
    """The bundled datasets' articles repeated (fresh ids) until they hold `mb` megabytes."""
    base = dataset_articles()
    out: list[Article] = []
    size = 0
    while size < mb * 1e6:
        article = base[len(out) % len(base)]
        out.append(article.model_copy(update={"id": f"{article.id}-r{len(out)}"}))
        size += len(article.text.encode("utf-8"))
    return out
