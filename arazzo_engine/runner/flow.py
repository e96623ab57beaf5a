"""The sans-I/O flow: all control flow of a run, as generators that yield effects.

``workflow_flow`` runs a workflow step by step; it yields ``Send`` and
``Sleep`` effects and receives their results, so the same code serves the
sync and the async driver (the pattern of httpx's ``Auth.auth_flow``). It
sequences calls into the other layers and keeps per-run bookkeeping in a
private ``RunState`` that lives exactly as long as one run.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import DeadlineExceededError
from arazzo_engine.errors import InputValidationError
from arazzo_engine.errors import MaxDepthExceededError
from arazzo_engine.errors import MaxStepsExceededError
from arazzo_engine.errors import WorkflowNotFoundError
from arazzo_engine.expressions import ExpressionContext
from arazzo_engine.runner.actions import Decision
from arazzo_engine.runner.actions import choose_on_failure
from arazzo_engine.runner.actions import choose_on_success
from arazzo_engine.runner.actions import merge_actions
from arazzo_engine.runner.attempt import Attempt
from arazzo_engine.runner.attempt import attempt_flow
from arazzo_engine.runner.attempt import judge
from arazzo_engine.runner.binding import callee_inputs
from arazzo_engine.runner.binding import evaluated
from arazzo_engine.runner.effects import Flow
from arazzo_engine.runner.effects import Sleep
from arazzo_engine.runner.inputs import prepare_inputs
from arazzo_engine.runner.state import ErrorInfo
from arazzo_engine.runner.state import StepRecord
from arazzo_engine.runner.state import WorkflowResult

if TYPE_CHECKING:
    from arazzo_engine.models import Step
    from arazzo_engine.models import Workflow
    from arazzo_engine.runner.config import RunConfig
    from arazzo_engine.runner.documents import DocumentRuntime
    from arazzo_engine.runner.hooks import Hooks

_LIMIT_ERRORS = (MaxStepsExceededError, MaxDepthExceededError, DeadlineExceededError)


@dataclass(slots=True)
class RunState:
    """Bookkeeping of one run; created per run and dropped after it."""

    config: RunConfig
    hooks: Hooks
    servers: Mapping[str, str]
    auth: Mapping[str, Mapping[str, Any]]
    started: float = field(default_factory=time.monotonic)
    executed: int = 0
    workflows: dict[str, dict[str, Any]] = field(default_factory=dict)
    completed: dict[tuple[int, str], WorkflowResult] = field(default_factory=dict)
    aborted: ErrorInfo | None = None
    _secrets: tuple[str, ...] = field(default=(), init=False, repr=False)

    def count_attempt(self) -> None:
        """Spend one unit of the step budget, checking the deadline too."""
        self.executed += 1
        if self.executed > self.config.max_steps:
            raise MaxStepsExceededError(
                f"the run executed more than {self.config.max_steps} steps",
                hint="a goto loop may never end; raise max_steps if the workflow needs more",
            )
        self.check_deadline()

    def check_deadline(self, extra: float = 0.0) -> None:
        """Raise ``DeadlineExceededError`` if the run is (or would be) past its deadline."""
        deadline = self.config.deadline
        if deadline is not None and time.monotonic() + extra - self.started > deadline:
            raise DeadlineExceededError(f"the run went past its deadline of {deadline:g} s")

    def __post_init__(self) -> None:
        found: set[str] = set()
        for schemes in self.auth.values():
            for value in schemes.values():
                if isinstance(value, tuple | list):
                    found.update(str(v) for v in value if v)
                elif value:
                    found.add(str(value))
                    _, colon, password = str(value).partition(":")  # "user:password"
                    if colon and password:
                        found.add(password)
        self._secrets = tuple(sorted(found, key=len, reverse=True))

    def secrets(self) -> tuple[str, ...]:
        """Every credential value known to this run, longest first."""
        return self._secrets

    def redact(self, text: str) -> str:
        """Replace every known credential value in ``text``."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, "[REDACTED]")
        return text


def base_context(
    runtime: DocumentRuntime, state: RunState, inputs: Mapping[str, Any], steps: Mapping[str, Any]
) -> ExpressionContext:
    """The expression context of a workflow before a step has sent anything."""
    return ExpressionContext(
        url=UNDEFINED,
        method=UNDEFINED,
        status_code=UNDEFINED,
        request=None,
        response=None,
        inputs=inputs,
        outputs=MappingProxyType({}),
        steps=steps,
        workflows=state.workflows,
        source_descriptions=runtime.sources,
        components=runtime.components,
    )


def _lenient(value: Any) -> Any:
    return None if value is UNDEFINED else value


def evaluate_outputs(outputs: Mapping[str, str], ctx: ExpressionContext) -> dict[str, Any]:
    """Evaluate an ``outputs`` map leniently (a failing or missing value becomes ``None``)."""
    result: dict[str, Any] = {}
    for name, expression in outputs.items():
        try:
            result[name] = _lenient(evaluated(expression, ctx))
        except ArazzoError:
            result[name] = None
    return result


def workflow_flow(
    state: RunState,
    runtime: DocumentRuntime,
    workflow: Workflow,
    given_inputs: Mapping[str, Any] | None,
    depth: int = 1,
) -> Flow[WorkflowResult]:
    """Run ``workflow``: its dependencies, then its steps, then its outputs.

    Raises:
        InputValidationError: The inputs do not match the workflow's schema.
        MaxDepthExceededError: Workflows nest more deeply than allowed.
    """
    if depth > state.config.max_depth:
        raise MaxDepthExceededError(
            f"workflow {workflow.workflow_id!r} would run at depth {depth}, "
            f"over the limit of {state.config.max_depth}",
            location=workflow.location,
        )
    inputs = prepare_inputs(
        workflow.inputs,
        given_inputs,
        components_inputs=runtime.document.components.inputs,
        workflow_id=workflow.workflow_id,
        location=workflow.location,
    )
    for dependency in workflow.depends_on:
        dep_runtime, dep_workflow = runtime.workflow(dependency)
        if (dep_runtime.key, dep_workflow.workflow_id) in state.completed:
            continue
        dep_result = yield from workflow_flow(
            state, dep_runtime, dep_workflow, _inputs_for(dep_workflow, inputs), depth + 1
        )
        if not dep_result.succeeded:
            failure = ErrorInfo(
                "ExecutionError",
                f"dependency {dependency} of workflow {workflow.workflow_id} failed: "
                + dep_result.explain(),
            )
            return _finish(state, runtime, workflow, inputs, "failed", (), {}, failure)

    state.workflows[workflow.workflow_id] = {"inputs": inputs, "outputs": {}}
    index = {step.step_id: i for i, step in enumerate(workflow.steps)}
    records: list[StepRecord] = []
    step_outputs: dict[str, Any] = {}
    status = "succeeded"
    error: ErrorInfo | None = None
    pc = 0
    try:
        while pc < len(workflow.steps):
            step = workflow.steps[pc]
            ctx = base_context(runtime, state, inputs, step_outputs)
            made = yield from step_flow(state, runtime, workflow, step, ctx, depth)
            records.extend(made.records)
            for record in made.records:
                step_outputs[record.step_id] = record.outputs
            decision = made.decision
            if state.aborted is not None:
                status, error = "failed", state.aborted
                break
            if decision.kind == "next":
                pc += 1
            elif decision.kind == "goto_step" and decision.target in index:
                pc = index[str(decision.target)]
            elif decision.kind == "end":
                status = "failed" if made.failed else "succeeded"
                if made.failed:
                    error = ErrorInfo("StepFailedError", made.records[-1].explain())
                break
            elif decision.kind == "goto_workflow":
                try:
                    target_runtime, target = runtime.workflow(str(decision.target))
                except WorkflowNotFoundError as exc:
                    status, error = "failed", ErrorInfo.from_exception(exc)
                    break
                jumped = yield from workflow_flow(
                    state, target_runtime, target, _inputs_for(target, inputs), depth + 1
                )
                status = jumped.status
                error = jumped.error
                break
            elif decision.kind == "goto_step":
                status = "failed"
                error = ErrorInfo(
                    "ExecutionError",
                    f"step {step.step_id}: goto target step {decision.target!r} is not a step "
                    f"of workflow {workflow.workflow_id}",
                )
                break
            else:  # "fail": no failure action handled it
                status = "failed"
                error = ErrorInfo("StepFailedError", made.records[-1].explain())
                break
    except _LIMIT_ERRORS as exc:
        aborted = ErrorInfo.from_exception(exc, state.redact)
        state.aborted = aborted
        status, error = "failed", aborted
    ctx = base_context(runtime, state, inputs, step_outputs)
    return _finish(state, runtime, workflow, inputs, status, records, step_outputs, error, ctx)


def _inputs_for(workflow: Workflow, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Inputs passed on to a dependency or goto target: those its schema declares, if any."""
    schema = workflow.inputs or {}
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    if isinstance(properties, Mapping):
        return {k: v for k, v in inputs.items() if k in properties}
    return dict(inputs)


def _finish(
    state: RunState,
    runtime: DocumentRuntime,
    workflow: Workflow,
    inputs: Mapping[str, Any],
    status: str,
    records: Any,
    step_outputs: Mapping[str, Any],
    error: ErrorInfo | None,
    ctx: ExpressionContext | None = None,
) -> WorkflowResult:
    if ctx is None:
        ctx = base_context(runtime, state, inputs, step_outputs)
    outputs = evaluate_outputs(workflow.outputs, ctx)
    state.workflows[workflow.workflow_id] = {"inputs": inputs, "outputs": outputs}
    result = WorkflowResult(
        workflow.workflow_id,
        "succeeded" if status == "succeeded" else "failed",
        MappingProxyType(outputs),
        tuple(records),
        error,
        MappingProxyType(dict(inputs)),
    )
    state.completed[(runtime.key, workflow.workflow_id)] = result
    return result


@dataclass(frozen=True, slots=True)
class StepMade:
    """The records a step execution produced (a retry's pre-step first) and what comes next."""

    records: tuple[StepRecord, ...]
    decision: Decision
    failed: bool


def step_flow(
    state: RunState,
    runtime: DocumentRuntime,
    workflow: Workflow,
    step: Step,
    ctx: ExpressionContext,
    depth: int,
) -> Flow[StepMade]:
    """Run one step execution: attempts, retries, outputs, and the decision after it."""
    on_success, on_failure = runtime.memoized(
        ("actions", id(workflow), id(step)),
        lambda: (
            merge_actions(runtime, step.on_success, workflow.success_actions, failure=False),
            merge_actions(runtime, step.on_failure, workflow.failure_actions, failure=True),
        ),
    )
    retries_used: dict[str, int] = {}
    extra: list[StepRecord] = []
    started = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        state.count_attempt()
        state.hooks.on_step_started(workflow.workflow_id, step.step_id, attempts)
        attempt: Attempt = yield from _attempt(state, runtime, workflow, step, ctx, depth)
        if state.aborted is not None:
            decision = Decision("fail")
            break
        if attempt.passed:
            decision = choose_on_success(on_success, attempt.ctx)
            break
        decision = choose_on_failure(
            on_failure, attempt.ctx, retries_used, max_wait=state.config.max_retry_wait
        )
        if decision.kind != "retry":
            break
        if decision.wait > 0:
            state.check_deadline(decision.wait)
            state.hooks.on_retry_wait(workflow.workflow_id, step.step_id, decision.wait)
            yield Sleep(decision.wait)
        if decision.target is not None:
            extra.extend((yield from _pre_retry(state, runtime, workflow, ctx, decision, depth)))
    outputs = evaluate_outputs(step.outputs, attempt.ctx)
    record = attempt.record(
        step_id=step.step_id,
        workflow_id=workflow.workflow_id,
        attempts=attempts,
        outputs=outputs,
        duration=time.monotonic() - started,
        action=decision.describe(),
        redact=state.redact if state.secrets() else None,
    )
    state.hooks.on_step_finished(record)
    return StepMade((*extra, record), decision, not attempt.passed)


def _pre_retry(
    state: RunState,
    runtime: DocumentRuntime,
    workflow: Workflow,
    ctx: ExpressionContext,
    decision: Decision,
    depth: int,
) -> Flow[list[StepRecord]]:
    """Run a retry action's ``stepId`` (once, its actions ignored) or ``workflowId``."""
    target = str(decision.target)
    action = decision.action
    if action is not None and action.step_id is not None:
        step = workflow.step(target)
        state.count_attempt()
        state.hooks.on_step_started(workflow.workflow_id, step.step_id, 1)
        started = time.monotonic()
        attempt = yield from _attempt(state, runtime, workflow, step, ctx, depth)
        record = attempt.record(
            step_id=step.step_id,
            workflow_id=workflow.workflow_id,
            attempts=1,
            outputs=evaluate_outputs(step.outputs, attempt.ctx),
            duration=time.monotonic() - started,
            action="return to retry",
            redact=state.redact if state.secrets() else None,
        )
        state.hooks.on_step_finished(record)
        return [record]
    target_runtime, target_workflow = runtime.workflow(target)
    yield from workflow_flow(
        state, target_runtime, target_workflow, _inputs_for(target_workflow, ctx.inputs), depth + 1
    )
    return []


def call_workflow(
    state: RunState,
    runtime: DocumentRuntime,
    workflow: Workflow,
    step: Step,
    ctx: ExpressionContext,
    depth: int,
) -> Flow[Attempt]:
    """Make one attempt of a ``workflowId`` step: run the callee and judge the step."""
    try:
        callee_runtime, callee = runtime.workflow(str(step.workflow_id))
        inputs = callee_inputs(runtime, workflow, step, ctx)
    except ArazzoError as exc:
        return Attempt(ctx, False, error=ErrorInfo.from_exception(exc, state.redact))
    try:
        result = yield from workflow_flow(state, callee_runtime, callee, inputs, depth + 1)
    except InputValidationError as exc:
        return Attempt(ctx, False, error=ErrorInfo.from_exception(exc, state.redact))
    ctx = ctx.evolve(outputs=result.outputs)
    criteria, error = judge(step, ctx, runtime)
    passed = all(c.passed for c in criteria) if step.success_criteria else result.succeeded
    return Attempt(ctx, passed and error is None, criteria, error=error, workflow=result)


def _attempt(
    state: RunState,
    runtime: DocumentRuntime,
    workflow: Workflow,
    step: Step,
    ctx: ExpressionContext,
    depth: int,
) -> Flow[Attempt]:
    if step.workflow_id is not None:
        return (yield from call_workflow(state, runtime, workflow, step, ctx, depth))
    return (yield from attempt_flow(state, runtime, workflow, step, ctx))


__all__ = ["RunState", "StepMade", "evaluate_outputs", "step_flow", "workflow_flow"]
