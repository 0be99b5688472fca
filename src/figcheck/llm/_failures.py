"""Turn what instructor/openai raise into a reviewer-readable reason, and say whether to stop.

Transport and account faults (still failing after tenacity's retries, bad key,
unknown model) stop the article: the next chunk would fail the same way and
cost another round of retries. Answer faults (cut off, refused, never valid)
affect one chunk only.
"""

from __future__ import annotations

from dataclasses import dataclass

import openai
from instructor.core import IncompleteOutputException, InstructorRetryException

from figcheck.errors import DeadlineError

_HINTS = {
    401: "check OPENAI_API_KEY",
    403: "check the key's permissions for this model",
    404: "check FIGCHECK_MODEL / --model and OPENAI_BASE_URL",
    429: "rate limited: wait, lower concurrency, or raise max_attempts",
}


@dataclass(frozen=True)
class Failure:
    """`fatal` failures end the article; others end one chunk."""

    fatal: bool
    reason: str


def _root(exc: BaseException) -> BaseException:
    if isinstance(exc, InstructorRetryException) and exc.__cause__ is not None:
        return exc.__cause__
    return exc


def describe(
    exc: BaseException, attempts: int, reasks: int, endpoint: str = "the LLM endpoint"
) -> Failure:
    """Classify an exception raised by LLMClient.structured; `endpoint` names where it went."""
    root = _root(exc)
    if isinstance(root, IncompleteOutputException):
        return Failure(
            False,
            "the model's answer was cut off (finish_reason=length); lower chunk_tokens in "
            "figcheck.toml [llm] or use a model with a larger output limit",
        )
    if isinstance(root, openai.APIStatusError):
        hint = _HINTS.get(root.status_code, "the server kept failing")
        return Failure(
            True,
            f"HTTP {root.status_code} from {endpoint} after {attempts} attempt(s): "
            f"{root.message} ({hint})",
        )
    if isinstance(root, DeadlineError):
        return Failure(True, f"{root}; the article was not finished")
    if isinstance(root, openai.APITimeoutError):
        return Failure(
            True,
            f"{endpoint} timed out {attempts} time(s); raise the per-request timeout "
            "(--timeout, FIGCHECK_TIMEOUT or timeout_s in figcheck.toml [llm])",
        )
    if isinstance(root, openai.APIConnectionError):
        cause = root.__cause__
        detail = f": {type(cause).__name__}: {cause}" if cause is not None else ""
        return Failure(
            True,
            f"cannot connect to {endpoint} after {attempts} attempt(s){detail}; "
            "check the base_url (--base-url, OPENAI_BASE_URL or figcheck.toml [llm])",
        )
    if isinstance(root, AssertionError) and "Unable to generate" in str(root):
        return Failure(False, f"the model refused: {str(root).split('due to', 1)[-1].strip()}")
    return Failure(
        False,
        f"the model's answer did not validate after {reasks} re-ask(s): "
        f"{type(root).__name__}: {str(root)[:300]}",
    )
