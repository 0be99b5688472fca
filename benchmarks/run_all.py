"""Run every benchmark and print its figures: `python benchmarks/run_all.py`.

Each benchmark is also a script of its own with options (--help). Nothing here
is asserted: tests never time things; these scripts only report.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_align
import bench_crosscheck
import bench_extract
import bench_inject
import bench_llm_batch
import bench_memory
import bench_scale


def main() -> int:
    started = time.perf_counter()
    for bench in (
        bench_extract,
        bench_align,
        bench_crosscheck,
        bench_inject,
        bench_llm_batch,
        bench_scale,
    ):
        bench.main([])
    bench_memory.main(["--articles", "8000"])  # 50,000 takes minutes: run bench_memory.py alone
    print(f"run_all: done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
