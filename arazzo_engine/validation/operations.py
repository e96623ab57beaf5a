"""Checks that every step's operation or workflow exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arazzo_engine.errors import AmbiguousOperationError
from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import SourceReferenceError
from arazzo_engine.openapi import resolve_operation
from arazzo_engine.validation import rules as r
from arazzo_engine.validation._base import QUALIFIER
from arazzo_engine.validation._base import at
from arazzo_engine.validation._base import nearest

if TYPE_CHECKING:
    from arazzo_engine.models import Step
    from arazzo_engine.models import Workflow
    from arazzo_engine.openapi import ResolvedOperation
    from arazzo_engine.validation._base import Pass

__all__ = ["check_dependencies", "check_target"]


def _depends_on_unavailable(p: Pass, step: Step) -> bool:
    """Whether the step's operation may live in a source that could not be loaded."""
    if not p.unavailable:
        return False
    if step.operation_id is not None and step.operation_id.startswith(QUALIFIER):
        name = step.operation_id[len(QUALIFIER) :].partition(".")[0]
        return name in p.unavailable
    if step.operation_path is not None and "$sourceDescriptions." in step.operation_path:
        after = step.operation_path.split("$sourceDescriptions.", 1)[1]
        return after.partition(".")[0] in p.unavailable
    return True  # unqualified: it may be in the unavailable source


def _resolve(p: Pass, step: Step) -> ResolvedOperation | None:
    field = "operationId" if step.operation_id is not None else "operationPath"
    where = at(step, field)
    if step.operation_id is not None and step.operation_id.startswith(QUALIFIER):
        name = step.operation_id[len(QUALIFIER) :].partition(".")[0]
        if name not in p.source_names():
            p.report(
                r.SOURCE_UNKNOWN,
                f"operationId {step.operation_id!r} names no source description {name!r}",
                where,
                nearest(name, p.source_names(), "source descriptions"),
            )
            return None
        if p.openapi_source(name) is None and name not in p.unavailable:
            p.report(
                r.OPERATION_NOT_FOUND,
                f"source description {name!r} is not an OpenAPI description",
                where,
                "operationId names an operation of an openapi source; use workflowId for arazzo",
            )
            return None
    try:
        return resolve_operation(
            p.registry,
            operation_id=step.operation_id,
            operation_path=step.operation_path,
            location=where,
        )
    except AmbiguousOperationError as exc:
        p.report(r.OPERATION_AMBIGUOUS, exc.message, where, exc.hint)
    except SourceReferenceError as exc:
        p.report(r.OPERATION_REF, exc.message, where, exc.hint)
    except ArazzoError as exc:
        if not _depends_on_unavailable(p, step):
            p.report(r.OPERATION_NOT_FOUND, " ".join(exc.message.split()), where, exc.hint)
    return None


def check_target(p: Pass, step: Step, warned: set[str]) -> None:
    """Resolve the step's operation (recorded in ``p.operations``) or check its workflow.

    Args:
        p: The validation pass.
        step: The step.
        warned: Sources already warned about for having no servers (updated).
    """
    if step.workflow_id is not None:
        found, why = p.find_workflow(step.workflow_id)
        if found is None and why:
            local = not step.workflow_id.startswith(QUALIFIER)
            hint = nearest(step.workflow_id, p.workflow_ids(), "workflows") if local else None
            rule = r.WORKFLOW_NOT_FOUND
            if why.startswith("there is no source"):
                rule = r.SOURCE_UNKNOWN
            p.report(rule, f"workflowId {step.workflow_id!r}: {why}", at(step, "workflowId"), hint)
        return
    operation = _resolve(p, step)
    p.operations[id(step)] = operation
    if operation is not None and not operation.servers and operation.source not in warned:
        warned.add(operation.source)
        p.report(
            r.SOURCE_NO_SERVERS,
            f"source description {operation.source!r} declares no servers, so its "
            "requests have no base URL",
            at(step, "operationId" if step.operation_id is not None else "operationPath"),
            f"add servers to the description, or run with --server {operation.source}=URL",
        )


def check_dependencies(p: Pass, workflow: Workflow) -> None:
    """Every ``dependsOn`` entry names a workflow."""
    for position, reference in enumerate(workflow.depends_on):
        found, why = p.find_workflow(reference)
        if found is None and why:
            hint = nearest(reference, p.workflow_ids(), "workflows")
            p.report(
                r.WORKFLOW_NOT_FOUND,
                f"dependsOn {reference!r}: {why}",
                at(workflow, "dependsOn", position),
                hint,
            )
