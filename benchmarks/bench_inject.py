"""Error injection over the labelled datasets: how often a changed figure is caught.

For every gold key stated in 2+ articles, one article's figure is changed by
about a third and figcheck runs end to end; recall is the share of changes an
`inconsistent` finding catches, beside the false-alarm rate (false
`inconsistent` findings per 10 articles) on the unchanged data. With
`--gold-claims` the cross-checker is fed the gold claims and keys.

    .venv/bin/python benchmarks/bench_inject.py [--datasets news-dev,news-test]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from figcheck.evaluate.inject import inject

DATASETS = Path(__file__).resolve().parents[1] / "evals" / "datasets"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", default="news-dev,news-test,dev,holdout")
    args = parser.parse_args(argv)
    print(f"{'dataset':<10} {'claims from':<12} {'caught':>8} {'recall':>7} {'false/10 art':>12}")
    for name in args.datasets.split(","):
        for gold in (False, True):
            r = inject(DATASETS / name, "rules", gold_claims=gold)
            recall = "n/a" if r.recall is None else f"{r.recall:.2f}"
            alarms = "n/a" if r.false_alarms_per_10 is None else f"{r.false_alarms_per_10:.1f}"
            caught = f"{sum(t.caught for t in r.tries)}/{len(r.tries)}"
            source = "gold" if gold else "rules"
            print(f"{name:<10} {source:<12} {caught:>8} {recall:>7} {alarms:>12}")


if __name__ == "__main__":
    main()
