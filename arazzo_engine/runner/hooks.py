"""Event hooks: callbacks for tracing and logging a run, without subclassing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from arazzo_engine.messages import RequestSpec
    from arazzo_engine.messages import ResponseView
    from arazzo_engine.runner.state import StepRecord

logger = logging.getLogger("arazzo_engine")
"""The library's one logger; it is never configured by the library."""

StepStartedHook = Callable[[str, str, int], Any]
"""``fn(workflow_id, step_id, attempt)``: a step attempt is about to run."""
RequestHook = Callable[["RequestSpec"], Any]
"""``fn(request)``: a request is about to be sent (use ``request.redact`` to show it)."""
ResponseHook = Callable[["RequestSpec", "ResponseView"], Any]
"""``fn(request, response)``: a response arrived."""
StepFinishedHook = Callable[["StepRecord"], Any]
"""``fn(record)``: a step execution finished (after all its retries)."""
RetryWaitHook = Callable[[str, str, float], Any]
"""``fn(workflow_id, step_id, seconds)``: the run waits before retrying a step."""


@dataclass(frozen=True, slots=True)
class Hooks:
    """Callbacks called during a run, in the order given.

    An exception raised by a hook propagates out of the run, as with httpx's
    event hooks.

    Attributes:
        step_started: Called before each attempt of a step.
        request: Called before each request is sent.
        response: Called when a response arrives.
        step_finished: Called when a step execution is over.
        retry_wait: Called before the run waits to retry a step.
    """

    step_started: Sequence[StepStartedHook] = ()
    request: Sequence[RequestHook] = ()
    response: Sequence[ResponseHook] = ()
    step_finished: Sequence[StepFinishedHook] = ()
    retry_wait: Sequence[RetryWaitHook] = ()

    def on_step_started(self, workflow_id: str, step_id: str, attempt: int) -> None:
        """Call the ``step_started`` hooks."""
        logger.debug("step %s.%s attempt %d", workflow_id, step_id, attempt)
        for hook in self.step_started:
            hook(workflow_id, step_id, attempt)

    def on_request(self, request: RequestSpec) -> None:
        """Call the ``request`` hooks."""
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("request %s %s", request.method, request.redact(request.url))
        for hook in self.request:
            hook(request)

    def on_response(self, request: RequestSpec, response: ResponseView) -> None:
        """Call the ``response`` hooks."""
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "response %d for %s %s (%.1f ms)",
                response.status_code,
                request.method,
                request.redact(request.url),
                response.elapsed * 1000,
            )
        for hook in self.response:
            hook(request, response)

    def on_step_finished(self, record: StepRecord) -> None:
        """Call the ``step_finished`` hooks and log the step's INFO line."""
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "step %s.%s %s (status %s, attempts %d, %.1f ms)",
                record.workflow_id,
                record.step_id,
                record.status,
                record.status_code,
                record.attempts,
                record.duration * 1000,
            )
        for hook in self.step_finished:
            hook(record)

    def on_retry_wait(self, workflow_id: str, step_id: str, seconds: float) -> None:
        """Call the ``retry_wait`` hooks."""
        logger.info("waiting %.3f s before retrying %s.%s", seconds, workflow_id, step_id)
        for hook in self.retry_wait:
            hook(workflow_id, step_id, seconds)


NO_HOOKS = Hooks()
