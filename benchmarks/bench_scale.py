"""Corpus-scale throughput and peak memory: the single-process and the Ray engine.

Articles are the bundled datasets' real articles (seeds, dev, news-dev,
news-test), copied to size, each copy with its own id. Copies of one article
share its names, so a corpus holds about as many stories as the bundle (a few
dozen, growing with N): a beat's worth of coverage, not N unrelated stories.
Each engine runs in a child process; Ray is started as `check --engine ray`
starts it (a CPU per core). Peak memory is the largest sum over the child and
its descendants (Ray's raylet, GCS, agents and workers), sampled every 0.2 s
from /proc (Linux): PSS, each shared page split among the processes mapping it,
and RSS, which counts a shared page (the object store) once per process.

Then a cost/time model for 10^6 articles through the LLM extractor, online at
a given RPM/TPM against the provider's Batch API (half price, its own queue).

    python benchmarks/bench_scale.py                      # 1,000 articles, under 2 minutes
    python benchmarks/bench_scale.py --sizes 1000,5000,20000 --engines local,ray
    python benchmarks/bench_scale.py --sizes 100000 --engines shards   # check --shards
    python benchmarks/bench_scale.py --sizes 5000 --engines ray-shards  # ... --engine ray
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ("seeds", "dev", "news-dev", "news-test")


def corpus(n: int) -> Iterator[Any]:
    """`n` real articles cycling through the bundled datasets, each copy with its own id,
    made one at a time (the `shards` engine never holds them all)."""
    from figcheck.ingest.dataset import load_dataset

    base = [a for name in BUNDLE for a in load_dataset(ROOT / "evals" / "datasets" / name).articles]
    for i in range(n):
        yield base[i % len(base)].model_copy(
            update={"id": f"{base[i % len(base)].id}~{i // len(base)}"}
        )


def _child(engine: str, n: int) -> None:
    """One run, in its own process; prints one JSON line."""
    from figcheck.pipeline import check, check_to_shards

    size = sum(len(a.text.encode("utf-8")) for a in corpus(n))
    on = "ray" if engine.startswith("ray") else "local"  # Ray as `check --engine ray` starts it
    if engine.endswith("shards"):  # check --shards: streamed, articles never listed
        with tempfile.TemporaryDirectory(prefix="figcheck-scale-") as out:
            # imports and tables outside the timing; with Ray, the run stops the Ray it
            # started once extraction is done, so the timed run starts it again, as a CLI
            # run does
            check_to_shards(corpus(2), Path(out) / "warm", "rules", engine=on)
            started = time.perf_counter()
            done = check_to_shards(corpus(n), Path(out) / "run", "rules", engine=on)
            wall = time.perf_counter() - started
        print(
            json.dumps(
                {"wall": wall, "mb": size / 1e6, "claims": done.claims, "findings": done.findings}
            )
        )
        return
    articles = list(corpus(n))
    check(articles[:2], "rules", engine=on)  # start Ray's workers outside the timing
    started = time.perf_counter()
    report = check(articles, "rules", engine=on)
    wall = time.perf_counter() - started
    print(
        json.dumps(
            {
                "wall": wall,
                "mb": size / 1e6,
                "claims": len(report.claims),
                "findings": len(report.findings),
            }
        )
    )


def _tree_memory(pid: int) -> tuple[int, int]:
    """Summed resident and proportional memory (bytes) of `pid` and every descendant.

    RSS counts a shared page (Ray's object store, a library mapped by every
    worker) once in every process that maps it, so a sum of RSS counts it
    several times; PSS (/proc/PID/smaps_rollup) splits each shared page among
    the processes that map it, so summed PSS is the tree's real share of RAM.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(stat[1]), []).append(int(entry.name))
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss += int(line.split()[1]) * 1024
    return rss, pss


def run(engine: str, n: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", engine, str(n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    peak_rss = peak_pss = 0
    while child.poll() is None:
        rss, pss = _tree_memory(child.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.2)
    out = (child.stdout.read() if child.stdout else "").strip().splitlines()
    if child.returncode != 0 or not out:
        raise SystemExit(f"bench_scale: the {engine} run of {n} articles failed")
    result: dict[str, float] = json.loads(out[-1])
    result["peak_rss_mb"] = peak_rss / 1e6
    result["peak_pss_mb"] = peak_pss / 1e6
    return result


def cost_model(args: argparse.Namespace) -> None:
    """10^6 articles through the LLM: tokens from the bundle's sizes, time from the limits."""
    articles = args.model_articles
    prompt = args.prompt_tokens + args.article_tokens
    tokens_in = articles * prompt
    tokens_out = articles * args.output_tokens
    online_min = max(articles / args.rpm, (tokens_in + tokens_out) / args.tpm)
    online_cost = (tokens_in * args.price_in + tokens_out * args.price_out) / 1e6
    batches = math.ceil(tokens_in / args.batch_queue_tokens)
    batch_h = batches * args.batch_hours
    print(
        f"\ncost/time model, {articles:,} articles, LLM extractor (one request per article): "
        f"{prompt:,} input tokens (prompt {args.prompt_tokens:,} + article "
        f"{args.article_tokens:,}) and {args.output_tokens:,} output tokens each, "
        f"${args.price_in}/${args.price_out} per 1M input/output tokens"
    )
    print(f"{'path':<10} {'input tokens':>14} {'output tokens':>14} {'cost $':>10} {'time':>12}")
    print(
        f"{'online':<10} {tokens_in:>14,} {tokens_out:>14,} {online_cost:>10,.0f} "
        f"{online_min / 60:>10,.1f} h   (at {args.rpm:,.0f} RPM, {args.tpm:,.0f} TPM)"
    )
    print(
        f"{'batch':<10} {tokens_in:>14,} {tokens_out:>14,} {online_cost / 2:>10,.0f} "
        f"{'<= ' + format(batch_h, ',.0f'):>10} h   ({batches} queue-fulls of "
        f"{args.batch_queue_tokens:,.0f} input tokens, each done within {args.batch_hours:g} h)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000", help="comma-separated article counts")
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--model-articles", type=int, default=1_000_000)
    parser.add_argument("--prompt-tokens", type=int, default=3_200, help="prompt + schema")
    parser.add_argument("--article-tokens", type=int, default=900, help="a news article")
    parser.add_argument("--output-tokens", type=int, default=1_200, help="~15 claims as JSON")
    parser.add_argument("--rpm", type=float, default=5_000)
    parser.add_argument("--tpm", type=float, default=4_000_000)
    parser.add_argument("--price-in", type=float, default=0.15, help="$ per 1M input tokens")
    parser.add_argument("--price-out", type=float, default=0.60, help="$ per 1M output tokens")
    parser.add_argument("--batch-queue-tokens", type=float, default=2e9)
    parser.add_argument("--batch-hours", type=float, default=24)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    print(
        f"{'engine':<10} {'articles':>9} {'claims':>8} {'wall s':>8} {'articles/s':>11} "
        f"{'MB/s':>6} {'peak PSS MB':>12} {'peak RSS MB':>12}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        for engine in args.engines.split(","):
            r = run(engine, n)
            print(
                f"{engine:<10} {n:>9,} {int(r['claims']):>8,} {r['wall']:>8.1f} "
                f"{n / r['wall']:>11.1f} {r['mb'] / r['wall']:>6.2f} {r['peak_pss_mb']:>12.0f} "
                f"{r['peak_rss_mb']:>12.0f}",
                flush=True,
            )
    cost_model(args)


if __name__ == "__main__":
    main()
