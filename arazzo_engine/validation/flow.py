"""Checks of control flow: actions, their targets, reachability, loops and status codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.expressions import compile_condition
from arazzo_engine.expressions.nodes import Compare
from arazzo_engine.expressions.nodes import Literal
from arazzo_engine.expressions.nodes import Reference
from arazzo_engine.expressions.nodes import walk
from arazzo_engine.models import FailureAction
from arazzo_engine.models import ReusableObject
from arazzo_engine.models import SuccessAction
from arazzo_engine.validation import rules as r
from arazzo_engine.validation._base import at
from arazzo_engine.validation._base import nearest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from collections.abc import Mapping
    from collections.abc import Sequence

    from arazzo_engine.location import Location
    from arazzo_engine.models import Criterion
    from arazzo_engine.models import Workflow
    from arazzo_engine.openapi import ResolvedOperation
    from arazzo_engine.validation._base import Pass
    from arazzo_engine.validation._base import Rule

__all__ = [
    "LocatedAction",
    "check_cycles",
    "check_reachability",
    "check_status_codes",
    "check_target",
    "reachability",
    "resolve_actions",
]


@dataclass(frozen=True, slots=True)
class LocatedAction:
    """An action (Reusable Objects resolved) and where it is referenced or written."""

    action: SuccessAction | FailureAction
    location: Location


def resolve_actions(
    p: Pass, items: Sequence[SuccessAction | FailureAction | ReusableObject], *, failure: bool
) -> list[LocatedAction]:
    """Resolve Reusable Objects to component actions (dangling ones are the loader's)."""
    components: Mapping[str, SuccessAction | FailureAction] = (
        p.document.components.failure_actions if failure else p.document.components.success_actions
    )
    prefix = "$components.failureActions." if failure else "$components.successActions."
    out = []
    for item in items:
        if isinstance(item, ReusableObject):
            action = components.get(item.reference.removeprefix(prefix))
            if action is not None:
                out.append(LocatedAction(action, at(item)))
        else:
            out.append(LocatedAction(item, at(item)))
    return out


def merged(
    step_level: list[LocatedAction], workflow_level: list[LocatedAction]
) -> list[LocatedAction]:
    """Step actions first; a workflow action applies unless the step has one of its name."""
    names = {a.action.name for a in step_level}
    return [*step_level, *(a for a in workflow_level if a.action.name not in names)]


def _successors(
    workflow: Workflow, index: int, success: list[LocatedAction], failure: list[LocatedAction]
) -> Iterator[str]:
    steps = workflow.steps
    for located in (*success, *failure):
        action = located.action
        if action.step_id is not None and action.type in ("goto", "retry"):
            yield action.step_id
        if action.type == "retry":
            yield steps[index].step_id
    if index + 1 < len(steps) and all(a.action.criteria for a in success):
        yield steps[index + 1].step_id


def reachability(
    workflow: Workflow, actions: Mapping[str, tuple[list[LocatedAction], list[LocatedAction]]]
) -> dict[str, frozenset[str]]:
    """Step id -> every step id reachable from it by one or more transitions.

    Args:
        workflow: The workflow.
        actions: Step id -> its merged (success, failure) actions.

    Returns:
        The transitive successors of each step (a step on a loop reaches itself).
    """
    edges = {
        step.step_id: set(_successors(workflow, i, *actions[step.step_id]))
        for i, step in enumerate(workflow.steps)
    }
    reach: dict[str, frozenset[str]] = {}
    for start in edges:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(edges.get(node, ()))
        reach[start] = frozenset(seen)
    return reach


def check_reachability(p: Pass, workflow: Workflow, reach: Mapping[str, frozenset[str]]) -> None:
    """Report steps that no sequence of fall-through and goto reaches."""
    first = workflow.steps[0].step_id
    reached = {first} | reach.get(first, frozenset())
    for step in workflow.steps:
        if step.step_id not in reached:
            p.report(
                r.STEP_UNREACHABLE,
                f"step {step.step_id!r} is never reached: the step before it always ends or "
                "jumps, and no goto leads to it",
                at(step),
                "add a goto to it, add criteria to the action before it, or remove it",
            )


def check_cycles(
    p: Pass,
    workflow: Workflow,
    actions: Mapping[str, tuple[list[LocatedAction], list[LocatedAction]]],
) -> None:
    """Report loops of unconditional success gotos (no criteria anywhere to leave them)."""
    jump: dict[str, str] = {}
    for step in workflow.steps:
        success = actions[step.step_id][0]
        if success and not success[0].action.criteria:
            action = success[0].action
            if action.type == "goto" and action.step_id is not None:
                jump[step.step_id] = action.step_id
    reported: set[str] = set()
    for step in workflow.steps:
        path: list[str] = []
        node: str | None = step.step_id
        while node is not None and node not in path and node not in reported:
            path.append(node)
            node = jump.get(node)
        if node is not None and node in path:
            loop = path[path.index(node) :]
            reported.update(loop)
            p.report(
                r.GOTO_CYCLE,
                "steps " + " -> ".join([*loop, loop[0]]) + " go to each other on success with "
                "no criteria, so the loop never ends while they succeed",
                at(workflow.step(loop[0])),
                "give one of the goto actions criteria that eventually fail, or an end action",
            )


def check_target(p: Pass, workflow: Workflow, located: LocatedAction) -> None:
    """A goto/retry names an existing step of this workflow, or an existing workflow."""
    action = located.action
    steps = [s.step_id for s in workflow.steps]
    if action.step_id is not None and action.step_id not in steps:
        p.report(
            r.ACTION_TARGET,
            f"{action.type} action {action.name!r}: workflow {workflow.workflow_id!r} has no "
            f"step {action.step_id!r}",
            located.location,
            nearest(action.step_id, steps, "steps"),
        )
    if action.workflow_id is not None:
        found, why = p.find_workflow(action.workflow_id)
        if found is None and why:
            p.report(
                r.ACTION_TARGET,
                f"{action.type} action {action.name!r}: {why}",
                located.location,
                nearest(action.workflow_id, p.workflow_ids(), "workflows"),
            )


def _declared(status: int, responses: Sequence[str]) -> bool:
    for key in responses:
        if key == "default" or key == str(status):
            return True
        if len(key) == 3 and key[1:].upper() == "XX" and key[0] == str(status)[0]:
            return True
    return False


def _expected_statuses(criterion: Criterion) -> list[int]:
    if criterion.kind != "simple":
        return []
    try:
        node = compile_condition(criterion.condition).node
    except ExpressionSyntaxError:
        return []
    found = []
    for item in walk(node):
        if not isinstance(item, Compare) or item.op != "==":
            continue
        for a, b in ((item.left, item.right), (item.right, item.left)):
            if isinstance(a, Reference) and a.kind == "statusCode" and isinstance(b, Literal):
                value = b.value
                if isinstance(value, str) and value.isdigit():
                    value = int(value)
                if isinstance(value, int) and not isinstance(value, bool):
                    found.append(value)
    return found


def check_status_codes(
    p: Pass,
    op: ResolvedOperation,
    criteria: Sequence[Criterion],
    locations: Sequence[Location],
    rule: Rule,
) -> None:
    """``$statusCode == N`` only for an N the operation declares (``default``/``2XX`` count)."""
    for criterion, location in zip(criteria, locations, strict=True):
        for status in _expected_statuses(criterion):
            if not _declared(status, op.responses):
                p.report(
                    rule,
                    f"{criterion.condition!r} expects {status}, but {op} declares only "
                    + ", ".join(op.responses or ("no responses",)),
                    location,
                    _status_hint(op.responses),
                )


def _status_hint(responses: Sequence[str]) -> str:
    success = [k for k in responses if k.isdigit() and k.startswith("2")]
    if success:
        return f"use a status code the operation declares, e.g. $statusCode == {success[0]}"
    return "use a status code the operation declares"
