"""Shared fixtures: HTTP cassettes (pytest-recording) and the seed dataset.

Cassettes live in the top-level cassettes/<test_module>/<test_name>.yaml. The
record mode comes only from the command line (pyproject passes
--record-mode=none --block-network), never from vcr_config.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from hypothesis import settings

from figcheck.llm._cassettes import register_matchers, vcr_settings
from figcheck.models import Article, Claim

# tests never time anything: hypothesis's per-example deadline would fail a correct test
# on a loaded CI machine (speed is the benchmarks' business)
settings.register_profile("figcheck", deadline=None)
settings.load_profile("figcheck")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "evals" / "datasets" / "seeds"


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty user config and cache dirs (platformdirs), so a
    developer's own ~/.config/figcheck/figcheck.toml or cache never changes a result.

    The XDG variables carry the same places to figcheck subprocesses on Linux.
    """
    home = tmp_path_factory.mktemp("user-dirs")
    for kind in ("config", "cache"):
        place = str(home / kind / "figcheck")
        monkeypatch.setattr(platformdirs, f"user_{kind}_dir", lambda *a, p=place, **k: p)
        monkeypatch.setenv(f"XDG_{kind.upper()}_HOME", str(home / kind))
    return home


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    register_matchers(vcr)


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return vcr_settings()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.rsplit(".", 1)[-1])


def _seed_articles() -> dict[str, Article]:
    articles: dict[str, Article] = {}
    for line in (SEEDS / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        path = SEEDS / "articles" / f"{meta['id']}.txt"
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        articles[meta["id"]] = Article(
            id=meta["id"],
            text=text,
            published=dt.date.fromisoformat(meta["published"]),
            outlet=meta.get("outlet"),
            title=meta.get("title"),
            url=meta.get("url"),
            path=str(path),
        )
    return articles


def _seed_gold() -> list[dict[str, Any]]:
    lines = (SEEDS / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def seed_articles() -> dict[str, Article]:
    """The seed dataset's articles by id, with their metadata (outlet, published, title)."""
    return _seed_articles()


@pytest.fixture(scope="session")
def seed_gold() -> list[Claim]:
    """The seed dataset's hand-written gold claims."""
    return [Claim.model_validate(row) for row in _seed_gold()]


def http_exchanges(cassette: Any) -> int:
    """HTTP exchanges a test made: replayed ones, or recorded ones under --record-mode=rewrite."""
    if cassette.rewound:  # loaded from a file: replaying
        return int(cassette.play_count)
    return len(cassette.requests)


@pytest.fixture
def exchanges(vcr: Any) -> Any:
    """`exchanges()` counts this test's HTTP exchanges, in replay and in re-record mode alike."""
    return lambda: http_exchanges(vcr)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A local Ray of 2 CPUs for one test module (the figcheck[ray] extra)."""
    ray = pytest.importorskip("ray", reason="the figcheck[ray] extra is not installed")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()
