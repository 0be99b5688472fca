"""A project's figcheck.toml never receives the user's key without an explicit flag."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

ARTICLE = "---\npublished: 2024-05-02\n---\nAt least 12 people were killed.\n"
KEY = "sk-user-secret-never-leaves"


class _Recorder(BaseHTTPRequestHandler):
    seen: list[str] = []  # noqa: RUF012 - shared by the server's handler instances

    def do_POST(self) -> None:
        _Recorder.seen.append(self.headers.get("Authorization", ""))
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    _Recorder.seen = []
    httpd = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def _check(project: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("figcheck")), "check", "a.md", *flags],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(project), "OPENAI_API_KEY": KEY},
    )


def test_project_endpoint_gets_no_key_without_the_flag(tmp_path: Path, server: str) -> None:
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    toml = f'[llm]\nbase_url = "{server}"\nmax_attempts = 1\n'
    (tmp_path / "figcheck.toml").write_text(toml, encoding="utf-8")

    refused = _check(tmp_path)
    assert refused.returncode == 2, refused.stderr
    assert "--trust-project-config" in refused.stderr
    assert _Recorder.seen == [], "the key went to the project's endpoint"
    assert KEY not in refused.stdout + refused.stderr

    trusted = _check(tmp_path, "--trust-project-config")
    assert _Recorder.seen and all(h == f"Bearer {KEY}" for h in _Recorder.seen)
    assert trusted.returncode == 3  # the server answers 500: a loud failure, not success
    assert KEY not in trusted.stdout + trusted.stderr


def test_project_cache_dir_stays_inside_the_project(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    toml = '[llm]\nbase_url = "http://127.0.0.1:9/v1"\ncache_dir = "../../elsewhere"\n'
    (tmp_path / "figcheck.toml").write_text(toml, encoding="utf-8")
    done = _check(tmp_path, "--trust-project-config")
    assert done.returncode == 2 and "outside the project" in done.stderr
