"""Static checks over a loaded document, its sources and its expressions (nothing is sent).

``iter_problems`` yields every finding; ``validate_document`` raises when there are
errors. Each finding names a rule of ``RULES`` (documented in docs/validation.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.validation import rules as r
from arazzo_engine.validation._base import Pass
from arazzo_engine.validation._base import Rule
from arazzo_engine.validation._base import at
from arazzo_engine.validation.expressions import Scope
from arazzo_engine.validation.expressions import WorkflowChecker
from arazzo_engine.validation.flow import LocatedAction
from arazzo_engine.validation.flow import check_cycles
from arazzo_engine.validation.flow import check_reachability
from arazzo_engine.validation.flow import check_status_codes
from arazzo_engine.validation.flow import check_target as check_action_target
from arazzo_engine.validation.flow import merged
from arazzo_engine.validation.flow import reachability
from arazzo_engine.validation.flow import resolve_actions
from arazzo_engine.validation.operations import check_dependencies
from arazzo_engine.validation.operations import check_target
from arazzo_engine.validation.requests import check_callee_inputs
from arazzo_engine.validation.requests import check_parameters
from arazzo_engine.validation.requests import check_request_body
from arazzo_engine.validation.requests import parameter_key
from arazzo_engine.validation.rules import RULES

if TYPE_CHECKING:
    from collections.abc import Collection
    from collections.abc import Iterator
    from collections.abc import Mapping

    from arazzo_engine.fetch import Fetcher
    from arazzo_engine.models import ArazzoDocument
    from arazzo_engine.models import Step
    from arazzo_engine.models import Workflow
    from arazzo_engine.openapi import ResolvedOperation
    from arazzo_engine.problems import Problem

__all__ = ["RULES", "Rule", "iter_problems", "validate_document", "workflows_used_by"]

Actions = dict[str, tuple[list[LocatedAction], list[LocatedAction]]]


def workflows_used_by(document: ArazzoDocument, workflow_id: str) -> set[str]:
    """The ids of ``workflow_id`` and every local workflow it may run.

    Those named by ``dependsOn``, by ``workflowId`` steps and by goto/retry
    actions, transitively.

    Args:
        document: The document.
        workflow_id: The workflow that is going to run.

    Returns:
        The workflow ids (unknown ids are left out).
    """
    by_id = {w.workflow_id: w for w in document.workflows}
    actions = [
        *document.components.success_actions.values(),
        *document.components.failure_actions.values(),
    ]
    seen: set[str] = set()
    stack = [workflow_id]
    while stack:
        current = by_id.get(stack.pop())
        if current is None or current.workflow_id in seen:
            continue
        seen.add(current.workflow_id)
        stack.extend(current.depends_on)
        listed = [*current.success_actions, *current.failure_actions]
        for step in current.steps:
            if step.workflow_id is not None:
                stack.append(step.workflow_id)
            listed += [*step.on_success, *step.on_failure]
        for action in [*listed, *actions]:
            target = getattr(action, "workflow_id", None)
            if isinstance(target, str):
                stack.append(target)
    return seen


def iter_problems(
    document: ArazzoDocument,
    *,
    sources: Mapping[str, str] | None = None,
    fetcher: Fetcher | None = None,
    workflows: Collection[str] | None = None,
) -> Iterator[Problem]:
    """Yield every problem found in ``document`` (sources first, then workflow by workflow).

    Args:
        document: The loaded document.
        sources: Source name -> path or URL to load instead of its ``url``.
        fetcher: How source descriptions are fetched (``DEFAULT_FETCHER`` when omitted).
        workflows: Check only these workflow ids (``None``: all of them).

    Yields:
        Problems; each names a rule of ``RULES``.
    """
    p = Pass(document, sources=sources, fetcher=fetcher)
    warned: set[str] = set()
    checkers: dict[str, WorkflowChecker] = {}
    for workflow in document.workflows:
        if workflows is None or workflow.workflow_id in workflows:
            checkers[workflow.workflow_id] = _check_workflow(p, workflow, warned)
    for checker in checkers.values():
        also_used: set[str] = set()
        for dependency in checker.workflow.depends_on:
            if dependency in checkers:
                also_used |= checkers[dependency].used_inputs
        checker.unused_inputs(also_used)
    yield from p.problems


def validate_document(
    document: ArazzoDocument,
    *,
    sources: Mapping[str, str] | None = None,
    fetcher: Fetcher | None = None,
    workflows: Collection[str] | None = None,
) -> list[Problem]:
    """Check ``document`` and raise if anything is an error.

    Args:
        document: The loaded document.
        sources: Source name -> path or URL to load instead of its ``url``.
        fetcher: How source descriptions are fetched.
        workflows: Check only these workflow ids (``None``: all of them).

    Returns:
        The warnings, when there is no error.

    Raises:
        DocumentValidationError: At least one error-severity problem was found; it
            carries every problem (warnings included).
    """
    problems = list(iter_problems(document, sources=sources, fetcher=fetcher, workflows=workflows))
    if any(problem.severity == "error" for problem in problems):
        file = document.location.file
        raise DocumentValidationError(problems, file=file)
    return problems


def _actions(p: Pass, workflow: Workflow) -> Actions:
    workflow_success = resolve_actions(p, workflow.success_actions, failure=False)
    workflow_failure = resolve_actions(p, workflow.failure_actions, failure=True)
    return {
        step.step_id: (
            merged(resolve_actions(p, step.on_success, failure=False), workflow_success),
            merged(resolve_actions(p, step.on_failure, failure=True), workflow_failure),
        )
        for step in workflow.steps
    }


def _check_workflow(p: Pass, workflow: Workflow, warned: set[str]) -> WorkflowChecker:
    check_dependencies(p, workflow)
    for step in workflow.steps:
        check_target(p, step, warned)
    actions = _actions(p, workflow)
    reach = reachability(workflow, actions)
    checker = WorkflowChecker(p, workflow, reach)
    request_scope = Scope("a workflow parameter", http=False, phase="request")
    for parameter, location in p.parameters(workflow):
        checker.value(parameter.value, request_scope, location.within("value"))
    used: set[tuple[str, str | None]] = set()
    operation_steps = 0
    for step in workflow.steps:
        operation_steps += _check_step(p, checker, workflow, step, used)
    for located in resolve_actions(p, workflow.success_actions, failure=False) + resolve_actions(
        p, workflow.failure_actions, failure=True
    ):
        _check_action(p, checker, workflow, located, Scope("a workflow action"), None)
    outputs_scope = Scope("workflow outputs", http=False, phase="workflow")
    for name, text in workflow.outputs.items():
        checker.expression(text, outputs_scope, at(workflow, "outputs", name))
    if operation_steps:
        for parameter, location in p.parameters(workflow):
            if parameter.in_ is not None and parameter_key(parameter) not in used:
                p.report(
                    r.PARAMETER_UNKNOWN,
                    f"no operation of workflow {workflow.workflow_id!r} declares the "
                    f"{parameter.in_} parameter {parameter.name!r}",
                    location,
                    "check its name and 'in', or move it to the step that needs it",
                )
    check_reachability(p, workflow, reach)
    check_cycles(p, workflow, actions)
    return checker


def _check_step(
    p: Pass,
    checker: WorkflowChecker,
    workflow: Workflow,
    step: Step,
    used: set[tuple[str, str | None]],
) -> int:
    """Check one step; return 1 for a resolved operation step, else 0."""
    op = p.operations.get(id(step))
    callee = None
    if step.workflow_id is not None:
        callee, _ = p.find_workflow(step.workflow_id)
    where = f"step {step.step_id!r}"
    request_scope = Scope(f"a parameter of {where}", step=step, http=False, phase="request")
    for parameter, location in p.parameters(step):
        checker.value(parameter.value, request_scope, location.within("value"))
    body = step.request_body
    if body is not None:
        body_scope = Scope(f"the request body of {where}", step=step, http=False, phase="request")
        checker.value(body.payload, body_scope, at(body, "payload"))
        content_type = (body.content_type or "").split(";")[0].strip().lower()
        if isinstance(body.payload, str) and (
            content_type.endswith(("/json", "+json"))
            or (not content_type and body.payload.lstrip().startswith(("{", "[")))
        ):
            checker.quoted_structures(body.payload, at(body, "payload"))
        for index, replacement in enumerate(body.replacements):
            checker.value(replacement.value, body_scope, at(body, "replacements", index, "value"))
    if op is not None:
        check_parameters(p, workflow, step, op, used)
        check_request_body(p, step, op)
    if callee is not None:
        check_callee_inputs(p, workflow, step, callee)
    is_http = step.workflow_id is None
    kind = "step" if is_http else "workflow step"
    step_scope = Scope(
        f"the criteria or outputs of {kind} {step.step_id!r}",
        step=step,
        http=is_http,
        callee=callee,
        phase="response" if is_http else "call",
    )
    locations = [
        at(c) if c.location.pointer else at(step, "successCriteria", i)
        for i, c in enumerate(step.success_criteria)
    ]
    for criterion, location in zip(step.success_criteria, locations, strict=True):
        checker.criterion(criterion, step_scope, location)
    if op is not None:
        check_status_codes(p, op, step.success_criteria, locations, r.STATUS_UNDECLARED)
    for name, text in step.outputs.items():
        checker.expression(text, step_scope, at(step, "outputs", name))
    action_scope = Scope(
        f"an action of {where}",
        step=step,
        http=is_http,
        after_outputs=True,
        callee=callee,
        phase="response" if is_http else "call",
    )
    for located in resolve_actions(p, step.on_success, failure=False) + resolve_actions(
        p, step.on_failure, failure=True
    ):
        _check_action(p, checker, workflow, located, action_scope, op)
    return 1 if op is not None else 0


def _check_action(
    p: Pass,
    checker: WorkflowChecker,
    workflow: Workflow,
    located: LocatedAction,
    scope: Scope,
    op: ResolvedOperation | None,
) -> None:
    check_action_target(p, workflow, located)
    action = located.action
    locations = [
        at(c) if c.location.pointer else located.location.within("criteria", i)
        for i, c in enumerate(action.criteria)
    ]
    for criterion, location in zip(action.criteria, locations, strict=True):
        checker.criterion(criterion, scope, location)
    if op is not None:
        check_status_codes(p, op, action.criteria, locations, r.ACTION_STATUS_UNDECLARED)
