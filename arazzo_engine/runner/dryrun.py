"""Dry runs: bind the requests a run would send, and send nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from arazzo_engine.errors import ArazzoError
from arazzo_engine.runner.binding import bind_step
from arazzo_engine.runner.flow import base_context
from arazzo_engine.runner.inputs import prepare_inputs

if TYPE_CHECKING:
    from arazzo_engine.messages import RequestSpec
    from arazzo_engine.models import Step
    from arazzo_engine.models import Workflow
    from arazzo_engine.runner.prepare import Prepared

_RUNTIME_ONLY = ("$steps.", "$response.", "$statusCode", "$outputs.", "$workflows.", "$url")


@dataclass(frozen=True, slots=True)
class PlannedRequest:
    """A request a run would send for ``step_id``."""

    step_id: str
    request: RequestSpec


@dataclass(frozen=True, slots=True)
class DryRunResult:
    """What a dry run bound.

    Attributes:
        workflow_id: The workflow.
        requests: The requests that could be bound, in step order.
        stopped_at: The first step that could not be bound, if any.
        reason: Why it could not.
    """

    workflow_id: str
    requests: tuple[PlannedRequest, ...]
    stopped_at: str | None = None
    reason: str | None = None


def _depends_on_run(workflow: Workflow, step: Step) -> bool:
    parts = [
        step.operation_path or "",
        json.dumps([p.model_dump(by_alias=True) for p in (*workflow.parameters, *step.parameters)]),
        json.dumps(step.request_body.model_dump(by_alias=True) if step.request_body else None),
    ]
    text = " ".join(parts)
    return any(marker in text for marker in _RUNTIME_ONLY)


def dry_run(prepared: Prepared) -> DryRunResult:
    """Bind the workflow's requests in order until one depends on a response.

    Raises:
        InputValidationError: The inputs do not match the workflow's schema.
    """
    runtime, workflow, state = prepared.runtime, prepared.workflow, prepared.state
    inputs = prepare_inputs(
        workflow.inputs,
        prepared.inputs,
        components_inputs=runtime.document.components.inputs,
        workflow_id=workflow.workflow_id,
        location=workflow.location,
    )
    ctx = base_context(runtime, state, inputs, {})
    planned: list[PlannedRequest] = []
    for position, step in enumerate(workflow.steps):
        if step.workflow_id is not None:
            return DryRunResult(
                workflow.workflow_id,
                tuple(planned),
                step.step_id,
                f"step {step.step_id} calls workflow {step.workflow_id}",
            )
        if position > 0 and _depends_on_run(workflow, step):
            return DryRunResult(
                workflow.workflow_id,
                tuple(planned),
                step.step_id,
                f"step {step.step_id} depends on the results of earlier steps",
            )
        try:
            bound = bind_step(
                runtime, workflow, step, ctx, credentials=state.auth, servers=state.servers
            )
        except ArazzoError as exc:
            return DryRunResult(
                workflow.workflow_id, tuple(planned), step.step_id, state.redact(str(exc))
            )
        planned.append(PlannedRequest(step.step_id, bound.request))
    return DryRunResult(workflow.workflow_id, tuple(planned))
