"""The response cache: diskcache with a size limit and expiry, text only, never the key."""

from __future__ import annotations

import time
from pathlib import Path

import diskcache
import pytest
from typer.testing import CliRunner

from figcheck.cli import app
from figcheck.llm.cache import DAY_S, ResponseCache, cache_key
from figcheck.llm.config import LLMConfig

KEY = "sk-proj-SECRET-cache-0000"


def test_round_trip_and_disabled_cache(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("ab12", {"answer": {"claims": []}})
    assert cache.get("ab12") == {"answer": {"claims": []}}
    assert ResponseCache(tmp_path).get("ab12") == {"answer": {"claims": []}}  # another process
    assert cache.get("cd34") is None
    disabled = ResponseCache(None)
    disabled.put("ab12", {"answer": 1})
    assert disabled.get("ab12") is None and not disabled.enabled


@pytest.mark.parametrize("stored", ["{not json", "[1, 2]", 42])
def test_unreadable_entry_is_a_miss(tmp_path: Path, stored: object) -> None:
    with diskcache.Cache(str(tmp_path)) as raw:
        raw.set("ab12", stored)
    assert ResponseCache(tmp_path).get("ab12") is None


def test_pickled_entry_is_never_unpickled(tmp_path: Path) -> None:
    """A cache folder can come with a cloned project: its contents must not run code."""
    with diskcache.Cache(str(tmp_path)) as raw:
        raw.set("ab12", {"answer": {"claims": []}})  # a dict is stored pickled by diskcache
    assert ResponseCache(tmp_path).get("ab12") is None


def test_entries_expire(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, expire_days=2)
    cache.put("ab12", {"answer": 1})
    now = time.time()
    assert cache.expire(now=now + 1.9 * DAY_S) == 0
    assert cache.get("ab12") == {"answer": 1}
    assert cache.expire(now=now + 2.1 * DAY_S) == 1
    assert cache.get("ab12") is None


def test_zero_expiry_keeps_entries(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, expire_days=0)
    cache.put("ab12", {"answer": 1})
    assert cache.expire(now=time.time() + 10_000 * DAY_S) == 0
    assert cache.get("ab12") == {"answer": 1}


def test_size_limit_culls_old_entries(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, size_mb=0.25)
    for i in range(100):
        cache.put(f"k{i}", {"answer": "x" * 20_000})
    info = cache.info()
    assert info.limit_bytes == 262_144
    assert 0 < info.entries < 100
    assert cache.get("k99") is not None and cache.get("k0") is None  # oldest stored go first


def test_info_and_clear(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c", size_mb=10, expire_days=7)
    assert cache.info().entries == 0 and not (tmp_path / "c").exists()  # info creates nothing
    cache.put("a", {"answer": 1})
    cache.put("b", {"answer": 2})
    info = cache.info()
    assert (info.path, info.entries, info.expire_days) == (str(tmp_path / "c"), 2, 7)
    assert info.size_bytes > 0 and info.limit_bytes == 10 * 1024 * 1024
    assert cache.clear() == 2
    assert cache.info().entries == 0 and cache.get("a") is None


def test_key_never_takes_the_api_key() -> None:
    with pytest.raises(ValueError, match="API key"):
        cache_key(model="m", api_key=KEY)


def test_from_config_follows_settings(tmp_path: Path) -> None:
    config = LLMConfig(cache_dir=tmp_path, cache_size_mb=3, cache_expire_days=0.5, api_key=KEY)
    cache = ResponseCache.from_config(config)
    assert (cache.directory, cache.size_limit, cache.expire_days) == (tmp_path, 3 * 1024**2, 0.5)
    assert not ResponseCache.from_config(config.model_copy(update={"cache": False})).enabled


def test_default_cache_lives_in_the_user_cache_dir(user_dirs: Path) -> None:
    assert LLMConfig().cache_dir == user_dirs / "cache" / "figcheck"


def test_cli_cache_info_and_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "FIGCHECK_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "figcheck.toml").write_text(
        '[llm]\ncache_dir = "here"\ncache_size_mb = 5\ncache_expire_days = 3\n', encoding="utf-8"
    )
    cache = ResponseCache(tmp_path / "here")
    cache.put("a", {"answer": 1})
    cache.close()
    runner = CliRunner()

    info = runner.invoke(app, ["cache", "info", "--json", "-"])
    assert info.exit_code == 0, info.output
    assert '"entries": 1' in info.stdout and '"limit_bytes": 5242880' in info.stdout
    assert f'"path": "{tmp_path / "here"}"' in info.stdout and '"expire_days": 3.0' in info.stdout

    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed 1" in cleared.output
    assert ResponseCache(tmp_path / "here").get("a") is None


def test_a_cached_run_stores_no_key(tmp_path: Path) -> None:
    """The key is sent, but neither the cache keys nor the stored answers hold it."""
    import httpx2

    from figcheck.extractors.llm import LLMExtractor
    from figcheck.llm._cassettes import chat_completion
    from figcheck.models import Article

    seen: list[str] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        seen.append(request.headers["authorization"])
        return httpx2.Response(200, json=chat_completion('{"claims": []}'))

    config = LLMConfig(api_key=KEY, cache_dir=tmp_path / "cache")
    client = httpx2.Client(transport=httpx2.MockTransport(answer))
    article = Article(id="a", text="Some 40 people were hurt.")
    first = LLMExtractor(config, http_client=client).extract(article)
    second = LLMExtractor(config, http_client=client).extract(article)

    assert seen == [f"Bearer {KEY}"] and first.usage.requests == 1
    assert second.usage.cache_hits == 1 and second.usage.requests == 0
    stored = [p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert stored and all(KEY.encode() not in blob for blob in stored)
