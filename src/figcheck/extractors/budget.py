"""The run's fault budget: a deadline after which no article is started.

A run against a slow or hung endpoint must end when the user said it should,
with every article accounted for: those finished keep their claims, the one in
flight is cut (its LLM requests time out at the deadline and are not retried),
and the rest are recorded "not attempted" — never dropped, and picked up by
`eval --resume` because they were never saved as finished.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any

from figcheck.errors import ConfigError
from figcheck.models import Article, Problem


class Deadline:
    """`seconds` from now on `clock` (monotonic); shared by every worker of a run."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._ends = clock() + seconds

    def __repr__(self) -> str:
        return f"Deadline({self.seconds:g} s, {self.remaining():.1f} s left)"

    def remaining(self) -> float:
        return max(0.0, self._ends - self._clock())

    @property
    def passed(self) -> bool:
        return self.remaining() <= 0.0

    def not_attempted(self, articles: Sequence[Article], extractor: str) -> list[Problem]:
        """One error per article the deadline left unstarted, each named."""
        return [
            Problem(
                stage="extract",
                message=f"not attempted: the run's deadline ({self.seconds:g} s) passed before "
                f"the {extractor} extractor reached this article; run it again (with eval, "
                "--resume continues from here) or raise --deadline",
                article=a.id,
                path=a.path,
            )
            for a in articles
        ]


def bind(extractor: Any, deadline: Deadline | None) -> None:
    """Hand the deadline to an extractor that can honour it mid-article (the LLM's requests)."""
    setter = getattr(extractor, "set_deadline", None)
    if callable(setter):
        setter(deadline)


def as_deadline(deadline: float | Deadline | None) -> Deadline | None:
    """Seconds from now, an existing Deadline (shared with a later step), or none."""
    if deadline is None or isinstance(deadline, Deadline):
        return deadline
    seconds = float(deadline)
    if not math.isfinite(seconds) or seconds < 0:
        raise ConfigError(f"--deadline must be a number of seconds, 0 or more; got {deadline!r}")
    return Deadline(seconds)
