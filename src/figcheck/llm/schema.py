"""Response models the LLM fills; grounding lives in their validators, so instructor re-asks.

`ChunkClaims` validates all claims of one chunk at once and names every bad
quote in a single error, so one re-ask fixes them together rather than one per
round trip. The validation context (`GroundingContext`) carries the chunk text;
on the last allowed attempt grounding stops raising and marks the claims it
cannot place instead, so the good claims survive and the bad ones are dropped
and counted by the extractor — never reported as grounded.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from figcheck.align import UNGROUNDED, Span, align
from figcheck.align.canonical import canonical_view
from figcheck.models import Links, Qualifier, Scope

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


class GroundingContext(dict[str, Any]):
    """Pydantic validation context for one chunk: `text`, `min_score`, `attempt`, `max_attempts`.

    It is falsy on purpose: instructor renders the chat messages as Jinja
    templates whenever its `context` is truthy, which would execute template
    syntax found in article text ("{{", "{#") and dedent the prompt. An empty-
    looking context skips that step while still reaching `model_validate_json`.
    A test sends an article containing template syntax and checks the request body.
    """

    def __bool__(self) -> bool:
        return False

    @property
    def final(self) -> bool:
        """On the last attempt ungrounded quotes are marked, not re-asked."""
        return int(self.get("attempt", 1)) >= int(self.get("max_attempts", 1))


def _norm(s: str) -> str:
    """Typography a model may change or drop, including invisible marks inside numbers."""
    return _SPACE.sub(" ", canonical_view(s).text.translate(_QUOTES)).strip().casefold()


class ExtractedClaim(BaseModel):
    """One figure as the model reads it; offsets are never asked of the model."""

    quote: str = Field(
        description="Smallest passage copied verbatim from the article holding the figure "
        "and what it counts."
    )
    figure: str = Field(description="The figure phrase as written, with its qualifier word.")
    measure: str = Field(description="What is counted, in plain words.")
    qualifier: Qualifier
    # NaN or Infinity in an answer is a validation error, so instructor re-asks
    # (an unbounded side is null with its *_open flag, as the prompt says)
    low: float | None = Field(default=None, allow_inf_nan=False)
    high: float | None = Field(default=None, allow_inf_nan=False)
    low_open: bool = False
    high_open: bool = False
    scope: Scope = Scope.other
    as_of: dt.date | None = None
    since: dt.date | None = None
    source: str | None = None
    key: str = ""
    # the structured reading (prompt v2): what the figure counts, never its value
    counted: str | None = None
    category: str | None = None
    group: str | None = None
    place: str | None = None
    event_date: dt.date | None = None
    changing: bool = False
    part_of: bool = False

    _span: Span = PrivateAttr(default=UNGROUNDED)

    @field_validator("as_of", "since", "event_date", mode="before")
    @classmethod
    def _loose_date(cls, value: Any) -> Any:
        """A date the model cannot resolve is metadata, not a reason to re-ask: unknown."""
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return None

    @field_validator("source", "counted", "category", "group", "place", mode="before")
    @classmethod
    def _blank_source(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in ("", "null", "none", "unknown"):
            return None
        return value

    @property
    def span(self) -> Span:
        """Where align() placed the quote in the chunk (ungrounded when it could not)."""
        return self._span

    def ground(self, text: str, min_score: float) -> str | None:
        """Align the quote; the reason it is not grounded, or None when it is."""
        self._span = (
            align(self.quote, text, min_score=min_score) if self.quote.strip() else UNGROUNDED
        )
        if not self._span.grounded:
            return f"quote {self.quote!r} is not in the article text"
        if _norm(self.figure) not in _norm(self.quote):
            self._span = UNGROUNDED
            return f"figure {self.figure!r} is not inside its quote {self.quote!r}"
        return None


class ChunkClaims(BaseModel):
    """Every figure-bearing claim in one chunk of an article."""

    claims: list[ExtractedClaim] = Field(default_factory=list)

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> ChunkClaims:
        context = info.context
        if not isinstance(context, GroundingContext):
            return self
        text = str(context["text"])
        min_score = float(context.get("min_score", 85.0))
        errors = [
            f"claims[{i}]: {reason}"
            for i, claim in enumerate(self.claims)
            if (reason := claim.ground(text, min_score)) is not None
        ]
        if errors and not context.final:
            raise ValueError(
                "Some quotes cannot be found in the article. "
                + "; ".join(errors)
                + ". Copy each quote character for character from the article text, "
                "with the figure phrase inside it, or leave that claim out. "
                "Keep the claims that were correct."
            )
        return self


StoryLinks = Links  # the response model of story-level linking (figcheck.models)
