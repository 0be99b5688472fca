"""figcheck: check the figures in news reporting.

articles --ingest--> Article --extract--> Claim --link--> keyed claims
--cross_check--> Finding --report--> Markdown / JSON / HTML

The stage functions are imported lazily so `import figcheck` stays cheap and a
CLI start does not pay for the LLM client.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from figcheck.errors import (
    ConfigError,
    DatasetError,
    ExtractionError,
    FigcheckError,
    GroundingError,
    IngestError,
)

# `link` is also the name of its stage's package: importing `figcheck.link` anywhere
# would bind the package over a lazy function, so the function is bound here, eagerly,
# once (the import system never rebinds a loaded submodule). It costs ~70 ms.
from figcheck.link import link
from figcheck.models import Article, Claim, Figure, Finding, Qualifier, Scope, Verdict

if TYPE_CHECKING:
    from figcheck.crosscheck import cross_check
    from figcheck.ingest import load_articles
    from figcheck.pipeline import check, extract
    from figcheck.report import Report

_LAZY = {
    "load_articles": "figcheck.ingest",
    "extract": "figcheck.pipeline",
    "check": "figcheck.pipeline",
    "cross_check": "figcheck.crosscheck",
    "Report": "figcheck.report",
}

__all__ = [
    "Article",
    "Claim",
    "ConfigError",
    "DatasetError",
    "ExtractionError",
    "FigcheckError",
    "Figure",
    "Finding",
    "GroundingError",
    "IngestError",
    "Qualifier",
    "Report",
    "Scope",
    "Verdict",
    "check",
    "cross_check",
    "extract",
    "link",
    "load_articles",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'figcheck' has no attribute {name!r}")
