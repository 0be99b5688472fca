"""One OpenAI-compatible client: instructor for structure and re-asks, tenacity for transport.

The layering is deliberate. openai's own retries are off (`max_retries=0`), so
tenacity alone retries 429, 5xx, timeouts and connection errors, with
exponential backoff and jitter, honouring Retry-After. Those retries wrap the
raw `chat.completions.create` that instructor calls, so every HTTP exchange —
first try, transport retry or re-ask — passes through `_send` once and is
counted there: `requests`, `failed_requests`, tokens. Instructor's attempts after
the first are the re-asks. A provider batch's reply (`answers`, see
figcheck.llm.batch) stands in for the first exchange of a call; re-asks go online.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar, cast

import httpx2
import instructor
import openai
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity.stop import stop_base
from tenacity.wait import wait_base, wait_exponential, wait_random

from figcheck.errors import DeadlineError
from figcheck.extractors.budget import Deadline
from figcheck.llm.cache import ResponseCache, cache_key, schema_hash
from figcheck.llm.config import LLMConfig
from figcheck.llm.prompts import Prompt
from figcheck.llm.schema import GroundingContext
from figcheck.llm.usage import record_response
from figcheck.models import Usage

T = TypeVar("T", bound=BaseModel)

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
_TRANSIENT_STATUS = {408, 409, 429}
CONNECT_TIMEOUT_S = 10.0  # a server that does not accept a connection in 10 s is not there


def is_transient(exc: BaseException) -> bool:
    """Faults worth retrying: rate limits, server errors, timeouts, dropped connections."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, Retry-After seconds or HTTP date)."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None  # unreadable: fall back to our own backoff
    return max(0.0, when.timestamp() - time.time())


class _Wait:
    """Retry-After when the server gives one, else exponential backoff with jitter."""

    def __init__(self, config: LLMConfig) -> None:
        self._cap = config.max_retry_after_s
        self._backoff: wait_base = wait_exponential(
            multiplier=config.backoff_initial_s, max=config.backoff_max_s
        ) + wait_random(0, config.backoff_initial_s)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc)
        if asked is not None:
            return min(asked, self._cap)  # "Retry-After: 100000" must not stall a run
        return float(self._backoff(state))


class _Capped:
    """A wait that never sleeps past the run's deadline."""

    def __init__(self, wait: Callable[[RetryCallState], float], deadline: Deadline) -> None:
        self._wait = wait
        self._deadline = deadline

    def __call__(self, state: RetryCallState) -> float:
        return min(self._wait(state), self._deadline.remaining())


class _DeadlinePassed(stop_base):
    """Stop retrying once the run's deadline has passed."""

    def __init__(self, deadline: Deadline) -> None:
        self._deadline = deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self._deadline.passed


@cache
def _prepared(response_model: type[BaseModel]) -> type[BaseModel]:
    """The response model as instructor wraps it, built once per model.

    instructor wraps a plain model in a new `ResponseSchema` subclass on every
    call (pydantic `create_model`, ~20 ms of GIL-bound CPU), and that fresh class
    also misses instructor's own schema cache. A model that is already wrapped is
    used as is, so wrapping once gives the same schema, request body and result.
    """
    return cast(type[BaseModel], instructor.openai_schema(response_model))


def _openai_client(config: LLMConfig, http_client: httpx2.Client | None) -> openai.OpenAI:
    """OpenAI, an OpenAI-compatible server (base_url), or Azure OpenAI (endpoint, version).

    Azure routes by deployment: `azure_deployment` when given, else the model name.
    """
    key = config.api_key.get_secret_value() if config.api_key else "no-key"
    if config.provider == "azure":
        assert config.azure_endpoint is not None  # LLMConfig checks this for azure
        return openai.AzureOpenAI(
            api_key=key,
            azure_endpoint=config.azure_endpoint,
            azure_deployment=config.azure_deployment,
            api_version=config.api_version,
            max_retries=0,
            timeout=config.timeout_s,
            http_client=http_client,
        )
    return openai.OpenAI(
        api_key=key,
        base_url=config.base_url,
        max_retries=0,
        timeout=config.timeout_s,
        http_client=http_client,
    )


@dataclass
class _Call:
    """Per-call state the shared patched `create` reads: one per `structured` call.

    `answer` is a reply already paid for (a provider batch's answer to this very
    request): the first attempt reads it instead of sending; re-asks go online.
    `capture` stops the call at its first request, which `prepare` returns unsent.
    """

    usage: Usage
    context: GroundingContext | None
    attempts: int = 0
    answer: Mapping[str, Any] | None = None
    capture: bool = False


class _Captured(BaseException):
    """Carries the first request's arguments out of instructor without sending them.

    A BaseException like GeneratorExit, on purpose: instructor logs, wraps and
    retries what derives from Exception; this passes through untouched.
    """

    def __init__(self, kwargs: dict[str, Any]) -> None:
        super().__init__("captured")
        self.kwargs = kwargs


class LLMClient:
    """Structured calls to one model; `http_client` and `sleep` are injectable for tests.

    One instance serves every worker thread of a batch: the openai client (and
    its httpx connection pool) is documented thread-safe, the instructor-patched
    `create` is built once, and per-call state (usage, attempt count) lives in a
    thread-local `_Call`, never on the instance.
    """

    def __init__(
        self,
        config: LLMConfig,
        http_client: httpx2.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self._openai = _openai_client(config, http_client)
        self._sleep = sleep
        self._wait = _Wait(config)
        self.deadline: Deadline | None = None  # the run's, set by the pipeline or batch
        self._local = threading.local()
        self._patched = instructor.patch(create=self._create, mode=_MODES[config.mode])
        # cache key -> chat.completion body answered by a provider batch (figcheck.llm.batch)
        self.answers: Mapping[str, Mapping[str, Any]] = {}

    def __repr__(self) -> str:
        return f"LLMClient(model={self.config.model!r}, endpoint={self.config.endpoint!r})"

    def _timeout(self) -> httpx2.Timeout:
        """This request's timeout: the configured one, cut to what is left of the run's deadline."""
        seconds = self.config.timeout_s
        if self.deadline is not None:
            seconds = max(min(seconds, self.deadline.remaining()), 0.001)
        return httpx2.Timeout(seconds, connect=min(seconds, CONNECT_TIMEOUT_S))

    def _send(self, usage: Usage, kwargs: dict[str, Any]) -> Any:
        deadline = self.deadline
        stop: stop_base = stop_after_attempt(self.config.max_attempts)
        wait: Callable[[RetryCallState], float] = self._wait
        if deadline is not None:
            if deadline.passed:
                raise DeadlineError(
                    f"the run's deadline ({deadline.seconds:g} s) passed; request not sent"
                )
            stop = stop | _DeadlinePassed(deadline)
            wait = _Capped(self._wait, deadline)
        retrying = Retrying(
            stop=stop,
            wait=wait,
            retry=retry_if_exception(is_transient),
            sleep=self._sleep,
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                usage.requests += 1
                try:
                    response = self._openai.chat.completions.create(
                        **{**kwargs, "timeout": self._timeout()}
                    )
                except Exception:
                    usage.failed_requests += 1
                    raise
                record_response(usage, response)
                return response
        raise AssertionError("unreachable: tenacity reraises the last error")  # pragma: no cover

    @property
    def openai(self) -> openai.OpenAI:
        """The underlying client, for the Files and Batches APIs (figcheck.llm.batch)."""
        return self._openai

    def retrying(self) -> Retrying:
        """The retries `_send` uses (429, 5xx, timeouts; Retry-After), for the batch API calls."""
        return Retrying(
            stop=stop_after_attempt(self.config.max_attempts),
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            sleep=self._sleep,
            reraise=True,
        )

    def request_key(
        self,
        prompt: Prompt,
        messages: list[dict[str, str]],
        response_model: type[BaseModel],
        kind: str,
    ) -> str:
        """The cache key of a question: also how a batch answer finds the request it answers."""
        return cache_key(
            kind=kind,
            model=self.config.model,
            mode=self.config.mode,
            prompt_hash=prompt.sha256,
            schema_hash=schema_hash(response_model),
            messages=messages,
        )

    def prepare(
        self,
        messages: list[dict[str, str]],
        response_model: type[BaseModel],
        context: GroundingContext | None = None,
    ) -> dict[str, Any]:
        """The body of the first request `structured` would send, built by instructor, unsent."""
        self._local.call = _Call(usage=Usage(), context=context, capture=True)
        try:
            self._patched(
                response_model=_prepared(response_model),
                messages=messages,
                model=self.config.model,
                temperature=self.config.temperature,
                max_retries=0,
                context=context,
                strict=False,
            )
        except _Captured as captured:
            return captured.kwargs
        finally:
            del self._local.call
        raise AssertionError("unreachable: the first request is always captured")

    def structured_cached(
        self,
        cache: ResponseCache,
        prompt: Prompt,
        messages: list[dict[str, str]],
        response_model: type[T],
        usage: Usage,
        *,
        kind: str,
        context: GroundingContext | None = None,
    ) -> T:
        """`structured` behind the on-disk cache: a repeated question makes no request.

        A cached answer is validated again (with the same grounding context), so
        spans always come from the current text, never from the cache. A batch's
        reply (`answers`) stands in for the first request; when that reply alone
        fails (cut off, refused), the question is asked online from the start.
        """
        key = self.request_key(prompt, messages, response_model, kind)
        cached = cache.get(key)
        if cached is not None:
            usage.cache_hits += 1
            return response_model.model_validate(cached["answer"], context=context)
        prepaid = self.answers.get(key)
        sent = usage.requests
        try:
            answer = self.structured(messages, response_model, usage, context, answer=prepaid)
        except Exception:
            if prepaid is None or usage.requests - sent > 1:
                raise  # no batch reply, or the online re-asks had their chance
            answer = self.structured(messages, response_model, usage, context)
        cache.put(
            key,
            {
                "answer": answer.model_dump(mode="json"),
                "model": self.config.model,
                "prompt": prompt.name,
                "prompt_hash": prompt.sha256,
            },
        )
        return answer

    def structured(
        self,
        messages: list[dict[str, str]],
        response_model: type[T],
        usage: Usage,
        context: GroundingContext | None = None,
        max_reasks: int | None = None,
        answer: Mapping[str, Any] | None = None,
    ) -> T:
        """Ask for `response_model`; validation errors are re-asked up to `max_reasks` times.

        With `answer` (a batch's reply to this request) the first attempt is not
        sent: that reply is parsed, grounded and validated like one from the wire.
        """
        reasks = self.config.max_reasks if max_reasks is None else max_reasks
        if context is not None:
            context["max_attempts"] = reasks + 1
        self._local.call = _Call(usage=usage, context=context, answer=answer)
        try:
            result = self._patched(
                response_model=_prepared(response_model),
                messages=messages,
                model=self.config.model,
                temperature=self.config.temperature,
                max_retries=reasks,
                context=context,
                strict=False,
            )
        finally:
            del self._local.call
        return cast(T, result)

    def _create(self, *args: Any, **kwargs: Any) -> Any:
        """What instructor calls for each attempt; attempts after the first are re-asks."""
        call: _Call = self._local.call
        call.attempts += 1
        if call.attempts > 1:
            call.usage.reasks += 1
        if call.capture:
            raise _Captured(kwargs)
        if call.context is not None:
            call.context["attempt"] = call.attempts
        if call.attempts == 1 and call.answer is not None:
            return self._answered(call.usage, call.answer)
        return self._send(call.usage, kwargs)

    def _answered(self, usage: Usage, body: Mapping[str, Any]) -> Any:
        """A batch's reply as the response object the wire would give; its usage is counted."""
        from openai.types.chat import ChatCompletion

        response = ChatCompletion.model_validate(dict(body))
        usage.requests += 1
        usage.batch_requests += 1
        record_response(usage, response)
        return response
