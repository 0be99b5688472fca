"""LLM batch efficiency against a local OpenAI-compatible stand-in server on 127.0.0.1.

The stand-in answers every chat.completions request with the same valid tool
call (one claim quoting "248 Russian soldiers") after a fixed latency, serves at
most a bounded number of requests and shuts itself down after a deadline. It
runs in a child process, as a real endpoint runs elsewhere: in-process, its
handler threads would compete with the client for the GIL and charge server
CPU to the client's efficiency. The real LLM extractor (figcheck.extractors.llm:
openai client, instructor, grounding) runs through the real batch runner, so the
figure measures what an eval pays for concurrency: efficiency = ideal / wall, with
ideal = N x latency / concurrency. Target: >= 0.8 at concurrency 16.

    python benchmarks/bench_llm_batch.py [--articles 64 --latency 0.5 --concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from typing import Any

from _corpus import corpus

from figcheck.evaluate.batch import run_batch, run_config
from figcheck.extractors import get_extractor

QUOTE = "248 Russian soldiers"
ANSWER = {
    "claims": [
        {
            "quote": QUOTE,
            "figure": "248",
            "measure": "Russian soldiers repatriated",
            "qualifier": "exact",
            "low": 248,
            "high": 248,
            "scope": "event",
            "key": "swap/russians-returned",
        }
    ]
}


def _completion(n: int) -> bytes:
    body: dict[str, Any] = {
        "id": f"chatcmpl-standin-{n}",
        "object": "chat.completion",
        "created": 0,
        "model": "stand-in",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": f"call_{n}",
                            "type": "function",
                            "function": {"name": "ChunkClaims", "arguments": json.dumps(ANSWER)},
                        }
                    ],
                },
            }
        ],
        "usage": {"prompt_tokens": 900, "completion_tokens": 60, "total_tokens": 960},
    }
    return json.dumps(body).encode("utf-8")


class StandIn(ThreadingHTTPServer):
    """Loopback-only fake endpoint: fixed latency, bounded requests, a deadline.

    `served` and `first_request` (time.monotonic(), 0.0 until the first request;
    CLOCK_MONOTONIC is system-wide on Linux) live in shared memory so the
    benchmark process can read and reset them.
    """

    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        latency: float,
        max_requests: int,
        served: Synchronized[int],
        first_request: Synchronized[float],
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.latency = latency
        self.max_requests = max_requests
        self.served = served
        self.first_request = first_request


def _serve(
    latency: float,
    max_requests: int,
    deadline_s: float,
    served: Synchronized[int],
    first_request: Synchronized[float],
    port: Connection,
) -> None:
    """Child-process body: report the port, serve until the deadline or until killed."""
    server = StandIn(latency, max_requests, served, first_request)
    port.send(server.server_address[1])
    port.close()
    timer = threading.Timer(deadline_s, server.shutdown)
    timer.daemon = True
    timer.start()
    try:
        server.serve_forever()
    finally:
        server.server_close()


class StandInProcess:
    """Starts the stand-in in a spawned child process and stops it on exit."""

    def __init__(self, latency: float, max_requests: int, deadline_s: float) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork of a threaded parent
        self.served = ctx.Value("i", 0)
        self.first_request = ctx.Value("d", 0.0)
        self._port, child_end = ctx.Pipe(duplex=False)
        self._process = ctx.Process(
            target=_serve,
            args=(latency, max_requests, deadline_s, self.served, self.first_request, child_end),
            daemon=True,
        )
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reset(self) -> None:
        with self.served.get_lock():
            self.served.value = 0
            self.first_request.value = 0.0

    def __enter__(self) -> StandInProcess:
        self._process.start()
        try:
            if not self._port.poll(30):
                raise EOFError
            self.port = int(self._port.recv())
        except EOFError:
            self._process.kill()
            raise SystemExit(
                "bench_llm_batch: the stand-in server process did not report its port within "
                "30 s (its traceback, if any, is above)"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        self._process.terminate()
        self._process.join(5)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else delayed ACKs add ~40 ms to every response
    server: StandIn

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.server.served.get_lock():
            self.server.served.value += 1
            n = self.server.served.value
            if not self.server.first_request.value:
                self.server.first_request.value = time.monotonic()
        if n > self.server.max_requests:
            payload, status = b'{"error": {"message": "stand-in request budget spent"}}', 503
        else:
            time.sleep(self.server.latency)
            payload, status = _completion(n), 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=64)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    articles = [a for a in corpus(args.articles * 4) if QUOTE in a.text][: args.articles]
    ideal = len(articles) * args.latency / args.concurrency
    with StandInProcess(args.latency, len(articles) * 2, deadline_s=60 + 4 * ideal) as server:
        extractor = get_extractor(
            "llm", base_url=server.base_url, api_key="sk-local", model="stand-in", cache=False
        )
        # one-time costs (imports, client set-up) are not what concurrency is about
        extractor.extract(articles[0].model_copy(update={"id": "warm-up"}))
        server.reset()
        with tempfile.TemporaryDirectory(prefix="figcheck-bench-") as run_dir:
            started = time.perf_counter()
            started_mono = time.monotonic()
            result = run_batch(
                articles,
                extractor,
                run_dir,
                config=run_config(extractor, "bench"),
                concurrency=args.concurrency,
                progress=False,
            )
            wall = time.perf_counter() - started
        served = server.served.value
        first = (server.first_request.value or started_mono) - started_mono
    claims = sum(len(e.claims) for e in result.extractions.values())
    problems = len(result.problems) + sum(len(e.problems) for e in result.extractions.values())
    efficiency = ideal / wall
    print(
        f"bench_llm_batch: {len(articles)} articles, {served} requests, latency "
        f"{args.latency:.2f} s, concurrency {args.concurrency}: wall {wall:.2f} s, "
        f"ideal {ideal:.2f} s, efficiency {efficiency:.2f} (target >= 0.80); "
        f"first request after {first:.2f} s; {claims} claims, {problems} problems"
    )
    return {
        "wall_s": wall,
        "ideal_s": ideal,
        "efficiency": efficiency,
        "requests": served,
        "first_request_s": first,
    }


if __name__ == "__main__":
    main()
