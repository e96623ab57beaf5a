"""From a step and its context to the request it sends (the runner's call into openapi/).

Parameters merge workflow-level then step-level by ``(name, in)`` (header
names case-insensitively), Reusable Objects resolve to their components with
``value`` overrides, values are evaluated, and ``openapi.bind_request`` does
the serialization.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.expressions import evaluate_value
from arazzo_engine.models import ReusableObject
from arazzo_engine.openapi import BodyValue
from arazzo_engine.openapi import ParameterValue
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import resolve_operation

if TYPE_CHECKING:
    from arazzo_engine.expressions import ExpressionContext
    from arazzo_engine.messages import RequestSpec
    from arazzo_engine.models import Parameter
    from arazzo_engine.models import Step
    from arazzo_engine.models import Workflow
    from arazzo_engine.openapi import ResolvedOperation
    from arazzo_engine.runner.documents import DocumentRuntime


@dataclass(frozen=True, slots=True)
class BoundStep:
    """A step's operation and the request built for it."""

    operation: ResolvedOperation
    request: RequestSpec


def merged_parameters(
    runtime: DocumentRuntime, workflow: Workflow, step: Step, *, with_in: bool
) -> tuple[Parameter, ...]:
    """Workflow-level then step-level parameters, later ones replacing by ``(name, in)``.

    Args:
        runtime: The document runtime (for Reusable Objects).
        workflow: The step's workflow.
        step: The step.
        with_in: ``True`` for operation steps (parameters with ``in``), ``False``
            for workflow steps (parameters without ``in``: the callee's inputs).
    """

    def merge() -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str | None], Parameter] = {}
        for item in (*workflow.parameters, *step.parameters):
            parameter = runtime.parameter(item) if isinstance(item, ReusableObject) else item
            if (parameter.in_ is not None) != with_in:
                continue
            name = parameter.name.lower() if parameter.in_ == "header" else parameter.name
            merged[(name, parameter.in_)] = parameter
        return tuple(merged.values())

    return runtime.memoized(("parameters", id(workflow), id(step), with_in), merge)


def evaluated(value: Any, ctx: ExpressionContext) -> Any:
    """Evaluate a value leniently: ``UNDEFINED`` becomes ``None``; see ``pruned``."""
    result = pruned(evaluate_value(value, ctx))
    return None if result is UNDEFINED else result


def pruned(value: Any) -> Any:
    """Drop object members whose value is ``UNDEFINED`` (an optional input left out, say).

    Array items that are ``UNDEFINED`` become ``None``, keeping positions.
    """
    if isinstance(value, Mapping):
        return {k: pruned(v) for k, v in value.items() if v is not UNDEFINED}
    if isinstance(value, list | tuple):
        return [None if v is UNDEFINED else pruned(v) for v in value]
    return value


def callee_inputs(
    runtime: DocumentRuntime, workflow: Workflow, step: Step, ctx: ExpressionContext
) -> dict[str, Any]:
    """The inputs a ``workflowId`` step passes to the workflow it calls."""
    return {
        p.name: evaluated(p.value, ctx)
        for p in merged_parameters(runtime, workflow, step, with_in=False)
    }


def bind_step(
    runtime: DocumentRuntime,
    workflow: Workflow,
    step: Step,
    ctx: ExpressionContext,
    *,
    credentials: Mapping[str, Any] | None,
    servers: Mapping[str, str],
) -> BoundStep:
    """Resolve the step's operation and build its request.

    Raises:
        SourceError: The operation cannot be found.
        RequestBindingError: The request cannot be built (missing parameter, credential).
        ExpressionError: An expression cannot be evaluated.
    """
    if step.operation_path is not None:
        operation = resolve_operation(
            runtime.registry,
            operation_path=str(evaluate_value(step.operation_path, ctx)),
            location=step.location,
        )
    else:
        operation = runtime.memoized(
            ("operation", id(step)),
            lambda: resolve_operation(
                runtime.registry, operation_id=step.operation_id, location=step.location
            ),
        )
    parameters = []
    for parameter in merged_parameters(runtime, workflow, step, with_in=True):
        value = pruned(evaluate_value(parameter.value, ctx))
        if value is not UNDEFINED:  # an absent optional value sends no parameter
            parameters.append(ParameterValue(parameter.name, parameter.in_ or "query", value))
    body = None
    if step.request_body is not None:
        rb = step.request_body
        payload = pruned(evaluate_value(rb.payload, ctx))
        body = BodyValue(
            payload=None if payload is UNDEFINED else payload,
            content_type=rb.content_type,
            replacements=tuple((r.target, evaluated(r.value, ctx)) for r in rb.replacements),
        )
    source_credentials = (credentials or {}).get(operation.source)
    request = bind_request(
        operation,
        parameters=parameters,
        body=body,
        credentials=source_credentials,
        server_url=servers.get(operation.source),
    )
    return BoundStep(operation, request)
