"""One exception hierarchy, so callers can catch figcheck's failures and nothing else."""

from __future__ import annotations


class FigcheckError(Exception):
    """Base of every error figcheck raises on purpose."""


class IngestError(FigcheckError):
    """An input file cannot be read as an article (empty, binary, not UTF-8, too large)."""


class DatasetError(FigcheckError):
    """A dataset breaks ../shared/spec/dataset-format.md; the message names file, line, key."""


class GroundingError(FigcheckError):
    """A quote could not be located in the article text."""


class ExtractionError(FigcheckError):
    """An extractor failed for one article (after retries)."""


class ConfigError(FigcheckError):
    """Configuration is missing or contradictory (no endpoint for --extractor llm, bad toml)."""


class DeadlineError(FigcheckError):
    """The run's deadline (--deadline) passed before an LLM request could be sent."""


def require_extra(module: str, missing: str) -> None:
    """A ConfigError (CLI exit 2) saying which extra to install when `module`, part of an
    optional extra, cannot be imported."""
    try:
        __import__(module)  # as an import statement does (an installed import hook sees it)
    except ImportError as exc:
        raise ConfigError(missing) from exc
