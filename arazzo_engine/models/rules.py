"""Rules that span several objects: uniqueness and component references.

They run on the raw document value (not on the models), so they are checked even
where Pydantic found other problems, and every finding is reported together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any
from typing import NamedTuple

from arazzo_engine.location import join_pointer
from arazzo_engine.models._base import suggest

__all__ = ["Finding", "check_document"]

_REFERENCE = re.compile(r"^\$components\.(parameters|successActions|failureActions)\.(.+)$")


class Finding(NamedTuple):
    """One rule violation: ``pointer`` is where it is in the document."""

    rule: str
    message: str
    pointer: str
    hint: str | None = None


Path = tuple[str | int, ...]
"""Where a value is, as keys and indexes: made into a JSON pointer only for a finding."""


def _mappings(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The mapping items of a list, with their indexes (anything else is Pydantic's)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if type(item) is dict or isinstance(item, Mapping):
                yield index, item


_Issue = tuple[str, str | None]
"""A reference's problem, wherever it is written: (message, hint)."""


class _Checker:
    """Collects findings; most documents have none, so pointers are built only for those."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        components = data.get("components")
        self.components = components if isinstance(components, Mapping) else {}
        self.resolved: dict[tuple[str, str], tuple[_Issue | None, Mapping[str, Any] | None]] = {}
        self.findings: list[Finding] = []

    def report(self, rule: str, message: str, path: Path, hint: str | None = None) -> None:
        self.findings.append(Finding(rule, message, join_pointer(path), hint))

    def unique(
        self,
        items: Iterable[tuple[int, Mapping[str, Any]]],
        path: Path,
        key: str,
        rule: str,
        what: str,
    ) -> None:
        seen: dict[str, int] = {}
        for index, item in items:
            value = item.get(key)
            if not isinstance(value, str):
                continue
            if value in seen:
                hint = f"first defined at {join_pointer((*path, seen[value]))}"
                self.report(rule, f"duplicate {what} {value!r}", (*path, index, key), hint)
            else:
                seen[value] = index

    def component(self, kind: str, name: str) -> Mapping[str, Any] | None:
        group = self.components.get(kind)
        item = group.get(name) if isinstance(group, Mapping) else None
        return item if isinstance(item, Mapping) else None

    def reference(self, path: Path, item: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
        """A Reusable Object must point at an existing component of the right kind.

        Returns:
            The component it points at, or ``None`` when it points at none.
        """
        reference = item.get("reference")
        if not isinstance(reference, str):
            return None
        key = (kind, reference)
        resolved = self.resolved.get(key)
        if resolved is None:  # documents repeat the same few references
            resolved = self.resolved[key] = self.resolve(reference, kind)
        issue, component = resolved
        if issue is not None:
            self.report("component-reference", issue[0], (*path, "reference"), issue[1])
        return component

    def resolve(self, reference: str, kind: str) -> tuple[_Issue | None, Mapping[str, Any] | None]:
        """Resolve ``reference`` where a ``kind`` component is expected.

        Returns:
            What is wrong with it (or ``None``), and the component (or ``None``).
        """
        match = _REFERENCE.match(reference)
        if match is None:
            issue = f"malformed reference {reference!r}", f"write it as $components.{kind}.<name>"
            return issue, None
        if match.group(1) != kind:
            message = f"{reference!r} refers to {match.group(1)}, but {kind} are expected here"
            return (message, None), None
        component = self.component(kind, match.group(2))
        if component is not None:
            return None, component
        group = self.components.get(kind)
        names = list(group) if isinstance(group, Mapping) else []
        hint = suggest(match.group(2), names) or (
            f"components.{kind} has: " + ", ".join(names) if names else f"no {kind} defined"
        )
        return (f"{reference!r} refers to a component that does not exist", hint), None

    def parameters(self, value: Any, path: Path, step: Mapping[str, Any] | None) -> None:
        """References resolve; no (name, in) twice; component ``in`` fits the (operation) step."""
        seen: dict[tuple[str, Any], int] = {}
        for index, item in _mappings(value):
            param: Mapping[str, Any] = item
            if "reference" in item:
                component = self.reference((*path, index), item, "parameters")
                if component is None:
                    continue
                param = component
                if "in" not in param and _step_kind(step) == "operation":
                    message = f"component parameter {param.get('name')!r} has no 'in'"
                    hint = "operation steps need path, query, header or cookie"
                    self.report("parameter-in", message, (*path, index), hint)
            name = param.get("name")
            if not isinstance(name, str):
                continue
            key = (name, param.get("in"))
            if key in seen:
                where = f" in {key[1]}" if key[1] else ""
                hint = f"first at {join_pointer((*path, seen[key]))}"
                message = f"duplicate parameter {name!r}{where}"
                self.report("parameter-unique", message, (*path, index), hint)
            else:
                seen[key] = index

    def actions(self, value: Any, path: Path, kind: str) -> None:
        """Inline actions have distinct names; references resolve to the right kind."""
        inline = []
        for index, item in _mappings(value):
            if "reference" in item:
                self.reference((*path, index), item, kind)
            else:
                inline.append((index, item))
        if len(inline) > 1:
            self.unique(inline, path, "name", "action-unique", "action name")


def _step_kind(step: Mapping[str, Any] | None) -> str | None:
    if step is None:
        return None
    targets = [t for t in ("operationId", "operationPath", "workflowId") if t in step]
    if len(targets) != 1:
        return None
    return "workflow" if targets[0] == "workflowId" else "operation"


def check_document(data: Mapping[str, Any]) -> list[Finding]:
    """Check the cross-object rules of an Arazzo 1.0.x document.

    Args:
        data: The raw document (a mapping; malformed parts are skipped, not reported:
            the models report them).

    Returns:
        Every violation found, in document order.
    """
    checker = _Checker(data)
    checker.unique(
        _mappings(data.get("sourceDescriptions")),
        ("sourceDescriptions",),
        "name",
        "source-name-unique",
        "source description name",
    )
    workflows = list(_mappings(data.get("workflows")))
    checker.unique(workflows, ("workflows",), "workflowId", "workflow-id-unique", "workflowId")
    for workflow_index, workflow in workflows:
        path = ("workflows", workflow_index)
        depends = workflow.get("dependsOn")
        if isinstance(depends, list):
            for index, value in enumerate(depends):
                if value in depends[:index]:
                    message = f"{value!r} is listed twice in dependsOn"
                    checker.report("depends-on-unique", message, (*path, "dependsOn", index))
        if "parameters" in workflow:
            checker.parameters(workflow["parameters"], (*path, "parameters"), None)
        for kind in ("successActions", "failureActions"):
            if kind in workflow:
                checker.actions(workflow[kind], (*path, kind), kind)
        steps = list(_mappings(workflow.get("steps")))
        checker.unique(steps, (*path, "steps"), "stepId", "step-id-unique", "stepId")
        for step_index, step in steps:
            at = (*path, "steps", step_index)
            if "parameters" in step:
                checker.parameters(step["parameters"], (*at, "parameters"), step)
            if "onSuccess" in step:
                checker.actions(step["onSuccess"], (*at, "onSuccess"), "successActions")
            if "onFailure" in step:
                checker.actions(step["onFailure"], (*at, "onFailure"), "failureActions")
    return checker.findings
