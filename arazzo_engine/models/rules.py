"""Rules that span several objects: uniqueness and component references.

They run on the raw document value (not on the models), so they are checked even
where Pydantic found other problems, and every finding is reported together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any
from typing import NamedTuple

from arazzo_engine.models._base import suggest

__all__ = ["Finding", "check_document"]

_REFERENCE = re.compile(r"^\$components\.(parameters|successActions|failureActions)\.(.+)$")


class Finding(NamedTuple):
    """One rule violation: ``pointer`` is where it is in the document."""

    rule: str
    message: str
    pointer: str
    hint: str | None = None


def _items(value: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """The mapping items of a list, with their indexes (anything else is Pydantic's).

    Pointers are only built for what a rule reports: most documents have nothing to report.
    """
    if not isinstance(value, list):
        return []
    return [
        (index, item)
        for index, item in enumerate(value)
        if isinstance(item, dict) or isinstance(item, Mapping)  # noqa: SIM101 - dict is fast
    ]


def _unique(
    items: list[tuple[int, Mapping[str, Any]]], pointer: str, key: str, rule: str, what: str
) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, item in items:
        value = item.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            hint = f"first defined at {pointer}/{seen[value]}"
            yield Finding(rule, f"duplicate {what} {value!r}", f"{pointer}/{index}/{key}", hint)
        else:
            seen[value] = index


_Issue = tuple[str, str | None]
"""A reference's problem, wherever it is written: (message, hint)."""


class _Checker:
    def __init__(self, data: Mapping[str, Any]) -> None:
        components = data.get("components")
        self.components = components if isinstance(components, Mapping) else {}
        self.issues: dict[tuple[str, str], _Issue | None] = {}

    def component(self, kind: str, name: str) -> Mapping[str, Any] | None:
        group = self.components.get(kind)
        item = group.get(name) if isinstance(group, Mapping) else None
        return item if isinstance(item, Mapping) else None

    def reference(self, pointer: str, item: Mapping[str, Any], kind: str) -> Iterator[Finding]:
        """A Reusable Object must point at an existing component of the right kind."""
        reference = item.get("reference")
        if not isinstance(reference, str):
            return
        key = (kind, reference)
        if key in self.issues:  # documents repeat the same few references
            issue = self.issues[key]
        else:
            issue = self.issues[key] = self.reference_issue(reference, kind)
        if issue is not None:
            yield Finding("component-reference", issue[0], pointer + "/reference", issue[1])

    def reference_issue(self, reference: str, kind: str) -> _Issue | None:
        """What is wrong with ``reference`` where a ``kind`` component is expected, if anything."""
        match = _REFERENCE.match(reference)
        if match is None:
            return f"malformed reference {reference!r}", f"write it as $components.{kind}.<name>"
        if match.group(1) != kind:
            return f"{reference!r} refers to {match.group(1)}, but {kind} are expected here", None
        if self.component(kind, match.group(2)) is not None:
            return None
        group = self.components.get(kind)
        names = list(group) if isinstance(group, Mapping) else []
        hint = suggest(match.group(2), names) or (
            f"components.{kind} has: " + ", ".join(names) if names else f"no {kind} defined"
        )
        return f"{reference!r} refers to a component that does not exist", hint

    def parameters(self, value: Any, pointer: str, step_kind: str | None) -> Iterator[Finding]:
        """References resolve; no (name, in) twice; component ``in`` fits the step."""
        seen: dict[tuple[str, Any], int] = {}
        for index, item in _items(value):
            param: Mapping[str, Any] | None = item
            if "reference" in item:
                yield from self.reference(f"{pointer}/{index}", item, "parameters")
                match = _REFERENCE.match(str(item.get("reference")))
                param = self.component("parameters", match.group(2)) if match else None
                if param is not None and step_kind == "operation" and "in" not in param:
                    message = f"component parameter {param.get('name')!r} has no 'in'"
                    hint = "operation steps need path, query, header or cookie"
                    yield Finding("parameter-in", message, f"{pointer}/{index}", hint)
            name = param.get("name") if param is not None else None
            if not isinstance(name, str):
                continue
            key = (name, param.get("in") if param is not None else None)
            if key in seen:
                where = f" in {key[1]}" if key[1] else ""
                message = f"duplicate parameter {name!r}{where}"
                hint = f"first at {pointer}/{seen[key]}"
                yield Finding("parameter-unique", message, f"{pointer}/{index}", hint)
            else:
                seen[key] = index

    def actions(self, value: Any, pointer: str, kind: str) -> Iterator[Finding]:
        """Inline actions have distinct names; references resolve to the right kind."""
        inline = []
        for index, item in _items(value):
            if "reference" in item:
                yield from self.reference(f"{pointer}/{index}", item, kind)
            else:
                inline.append((index, item))
        yield from _unique(inline, pointer, "name", "action-unique", "action name")


def _step_kind(step: Mapping[str, Any]) -> str | None:
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
    findings: list[Finding] = []
    sources = _items(data.get("sourceDescriptions"))
    findings += _unique(
        sources, "/sourceDescriptions", "name", "source-name-unique", "source description name"
    )
    workflows = _items(data.get("workflows"))
    findings += _unique(workflows, "/workflows", "workflowId", "workflow-id-unique", "workflowId")
    for workflow_index, workflow in workflows:
        pointer = f"/workflows/{workflow_index}"
        depends = workflow.get("dependsOn")
        if isinstance(depends, list):
            for index, value in enumerate(depends):
                if value in depends[:index]:
                    message = f"{value!r} is listed twice in dependsOn"
                    findings.append(
                        Finding("depends-on-unique", message, f"{pointer}/dependsOn/{index}")
                    )
        findings += checker.parameters(workflow.get("parameters"), pointer + "/parameters", None)
        findings += checker.actions(
            workflow.get("successActions"), pointer + "/successActions", "successActions"
        )
        findings += checker.actions(
            workflow.get("failureActions"), pointer + "/failureActions", "failureActions"
        )
        steps = _items(workflow.get("steps"))
        findings += _unique(steps, pointer + "/steps", "stepId", "step-id-unique", "stepId")
        for step_index, step in steps:
            step_pointer = f"{pointer}/steps/{step_index}"
            findings += checker.parameters(
                step.get("parameters"), step_pointer + "/parameters", _step_kind(step)
            )
            findings += checker.actions(
                step.get("onSuccess"), step_pointer + "/onSuccess", "successActions"
            )
            findings += checker.actions(
                step.get("onFailure"), step_pointer + "/onFailure", "failureActions"
            )
    return findings
