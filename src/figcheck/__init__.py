"""figcheck: check the figures in news reporting.

articles --ingest--> Article --extract--> Claim --link--> keyed claims
--cross_check--> Finding --report--> Markdown / JSON / HTML
"""

from __future__ import annotations

from figcheck.errors import (
    ConfigError,
    DatasetError,
    ExtractionError,
    FigcheckError,
    GroundingError,
    IngestError,
)
from figcheck.models import Article, Claim, Figure, Finding, Qualifier, Scope, Verdict

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
    "Scope",
    "Verdict",
]
__version__ = "0.1.0"
