"""One attempt of one step: bind, check, send, judge (or call the nested workflow)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.criteria import CriterionResult
from arazzo_engine.criteria import compile_criterion_of
from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import TransportError
from arazzo_engine.openapi import check_request
from arazzo_engine.openapi import check_response
from arazzo_engine.runner.binding import bind_step
from arazzo_engine.runner.effects import Flow
from arazzo_engine.runner.effects import Send
from arazzo_engine.runner.state import ErrorInfo
from arazzo_engine.runner.state import RequestSummary
from arazzo_engine.runner.state import ResponseSummary
from arazzo_engine.runner.state import StepRecord
from arazzo_engine.runner.state import WorkflowResult
from arazzo_engine.runner.state import excerpt

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Mapping

    from arazzo_engine.expressions import ExpressionContext
    from arazzo_engine.messages import RequestSpec
    from arazzo_engine.messages import ResponseView
    from arazzo_engine.models import Step
    from arazzo_engine.models import Workflow
    from arazzo_engine.runner.documents import DocumentRuntime
    from arazzo_engine.runner.flow import RunState


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one attempt of a step produced."""

    ctx: ExpressionContext
    passed: bool
    criteria: tuple[CriterionResult, ...] = ()
    request: RequestSpec | None = None
    response: ResponseView | None = None
    error: ErrorInfo | None = None
    warnings: tuple[str, ...] = ()
    workflow: WorkflowResult | None = None
    extra_secrets: frozenset[str] = field(default=frozenset())

    def record(
        self,
        *,
        step_id: str,
        workflow_id: str,
        attempts: int,
        outputs: Mapping[str, Any],
        duration: float,
        action: str,
        redact: Callable[[str], str] | None,
    ) -> StepRecord:
        """Turn this (last) attempt into the step execution's record.

        ``redact`` removes the run's secrets (``None``: the run has none); the request's
        own secrets are always removed.
        """
        request = self.request
        scrub: Callable[[str], str]
        if request is not None and request.secrets:
            own = request.redact
            scrub = own if redact is None else (lambda text: redact(own(text)))
        else:
            scrub = _unchanged if redact is None else redact

        request_summary = None
        if request is not None:
            body = None
            if request.body is not None:
                body = scrub(excerpt(request.body.decode("utf-8", errors="replace")))
            request_summary = RequestSummary(
                request.method,
                scrub(request.url),
                tuple((k, scrub(v)) for k, v in request.redacted_headers()),
                body,
                request.path_template,
            )
        response_summary = None
        if self.response is not None:
            response_summary = ResponseSummary(
                self.response.status_code,
                tuple((k, scrub(v)) for k, v in self.response.headers),
                scrub(excerpt(self.response.text)) if self.response.content else None,
            )
        return StepRecord(
            step_id=step_id,
            workflow_id=workflow_id,
            status="succeeded" if self.passed else "failed",
            attempts=attempts,
            status_code=self.response.status_code if self.response is not None else None,
            outputs=MappingProxyType(dict(outputs)),
            criteria=self.criteria,
            request=request_summary,
            response=response_summary,
            duration=duration,
            error=self.error,
            warnings=tuple(scrub(w) for w in self.warnings),
            action=action,
            workflow=self.workflow,
        )


def _unchanged(text: str) -> str:
    return text


def judge(
    step: Step, ctx: ExpressionContext, runtime: DocumentRuntime | None = None
) -> tuple[tuple[CriterionResult, ...], ErrorInfo | None]:
    """Evaluate a step's success criteria; a criterion that does not compile is an error.

    With a ``runtime``, the step's compiled criteria are looked up once per document.
    """
    if runtime is not None:
        try:
            compiled_all = runtime.memoized(
                ("criteria", id(step)),
                lambda: tuple(compile_criterion_of(c) for c in step.success_criteria),
            )
        except ArazzoError:
            pass  # report it below, with the results of the criteria before it
        else:
            return tuple(c.evaluate(ctx) for c in compiled_all), None
    results: list[CriterionResult] = []
    for criterion in step.success_criteria:
        try:
            compiled = compile_criterion_of(criterion)
        except ArazzoError as exc:
            return tuple(results), ErrorInfo.from_exception(exc)
        results.append(compiled.evaluate(ctx))
    return tuple(results), None


def attempt_flow(
    state: RunState,
    runtime: DocumentRuntime,
    workflow: Workflow,
    step: Step,
    ctx: ExpressionContext,
) -> Flow[Attempt]:
    """Make one attempt of an operation step in ``ctx``."""
    try:
        bound = bind_step(
            runtime, workflow, step, ctx, credentials=state.auth, servers=state.servers
        )
    except ArazzoError as exc:
        return Attempt(ctx, False, error=ErrorInfo.from_exception(exc, state.redact))
    request = bound.request
    severity = state.config.openapi_validation
    warnings: list[str] = []
    if severity != "off":
        findings = check_request(bound.operation, request)
        if findings and severity == "error":
            message = "the request does not match the OpenAPI description: " + "; ".join(findings)
            refused = ErrorInfo("OpenAPIValidationError", message)
            return Attempt(ctx, False, request=request, error=refused)
        warnings.extend(f"request: {f}" for f in findings)
    state.hooks.on_request(request)
    reply = yield Send(request)
    if isinstance(reply, TransportError):
        return Attempt(
            ctx.evolve(url=request.url, method=request.method, request=request),
            False,
            request=request,
            error=ErrorInfo.from_exception(reply, lambda t: state.redact(request.redact(t))),
            warnings=tuple(warnings),
        )
    response: ResponseView = reply
    state.hooks.on_response(request, response)
    ctx = ctx.evolve(
        url=request.url,
        method=request.method,
        request=request,
        status_code=response.status_code,
        response=response,
    )
    error: ErrorInfo | None = None
    if severity != "off":
        findings = check_response(bound.operation, request, response)
        if findings and severity == "error":
            error = ErrorInfo(
                "OpenAPIValidationError",
                "the response does not match the OpenAPI description: " + "; ".join(findings),
            )
        warnings.extend(f"response: {f}" for f in findings)
    criteria, criteria_error = judge(step, ctx, runtime)
    error = error or criteria_error
    if step.success_criteria:
        passed = all(c.passed for c in criteria)
    elif state.config.success_without_criteria == "2xx":
        passed = 200 <= response.status_code < 300
    else:
        passed = True
    return Attempt(
        ctx,
        passed and error is None,
        criteria,
        request,
        response,
        error,
        tuple(warnings),
    )
