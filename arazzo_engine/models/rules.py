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


def _items(value: Any, pointer: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """The mapping items of a list, with their pointers (anything else is Pydantic's)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict) or isinstance(item, Mapping):  # noqa: SIM101 - dict is fast
                yield f"{pointer}/{index}", item


def _unique(
    items: list[tuple[str, Mapping[str, Any]]], key: str, rule: str, what: str
) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for pointer, item in items:
        value = item.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            hint = f"first defined at {seen[value]}"
            yield Finding(rule, f"duplicate {what} {value!r}", pointer + "/" + key, hint)
        else:
            seen[value] = pointer


class _Checker:
    def __init__(self, data: Mapping[str, Any]) -> None:
        components = data.get("components")
        self.components = components if isinstance(components, Mapping) else {}

    def component(self, kind: str, name: str) -> Mapping[str, Any] | None:
        group = self.components.get(kind)
        item = group.get(name) if isinstance(group, Mapping) else None
        return item if isinstance(item, Mapping) else None

    def reference(self, pointer: str, item: Mapping[str, Any], kind: str) -> Iterator[Finding]:
        """A Reusable Object must point at an existing component of the right kind."""
        reference = item.get("reference")
        if not isinstance(reference, str):
            return
        match = _REFERENCE.match(reference)
        where = pointer + "/reference"
        if match is None:
            hint = f"write it as $components.{kind}.<name>"
            yield Finding("component-reference", f"malformed reference {reference!r}", where, hint)
        elif match.group(1) != kind:
            message = f"{reference!r} refers to {match.group(1)}, but {kind} are expected here"
            yield Finding("component-reference", message, where)
        elif self.component(kind, match.group(2)) is None:
            group = self.components.get(kind)
            names = list(group) if isinstance(group, Mapping) else []
            hint = suggest(match.group(2), names) or (
                f"components.{kind} has: " + ", ".join(names) if names else f"no {kind} defined"
            )
            message = f"{reference!r} refers to a component that does not exist"
            yield Finding("component-reference", message, where, hint)

    def parameters(self, value: Any, pointer: str, step_kind: str | None) -> Iterator[Finding]:
        """References resolve; no (name, in) twice; component ``in`` fits the step."""
        seen: dict[tuple[str, Any], str] = {}
        for item_pointer, item in _items(value, pointer):
            param: Mapping[str, Any] | None = item
            if "reference" in item:
                yield from self.reference(item_pointer, item, "parameters")
                match = _REFERENCE.match(str(item.get("reference")))
                param = self.component("parameters", match.group(2)) if match else None
                if param is not None and step_kind == "operation" and "in" not in param:
                    message = f"component parameter {param.get('name')!r} has no 'in'"
                    hint = "operation steps need path, query, header or cookie"
                    yield Finding("parameter-in", message, item_pointer, hint)
            name = param.get("name") if param is not None else None
            if not isinstance(name, str):
                continue
            key = (name, param.get("in") if param is not None else None)
            if key in seen:
                where = f" in {key[1]}" if key[1] else ""
                message = f"duplicate parameter {name!r}{where}"
                yield Finding("parameter-unique", message, item_pointer, f"first at {seen[key]}")
            else:
                seen[key] = item_pointer

    def actions(self, value: Any, pointer: str, kind: str) -> Iterator[Finding]:
        """Inline actions have distinct names; references resolve to the right kind."""
        inline = []
        for item_pointer, item in _items(value, pointer):
            if "reference" in item:
                yield from self.reference(item_pointer, item, kind)
            else:
                inline.append((item_pointer, item))
        yield from _unique(inline, "name", "action-unique", "action name")


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
    sources = list(_items(data.get("sourceDescriptions"), "/sourceDescriptions"))
    findings += _unique(sources, "name", "source-name-unique", "source description name")
    workflows = list(_items(data.get("workflows"), "/workflows"))
    findings += _unique(workflows, "workflowId", "workflow-id-unique", "workflowId")
    for pointer, workflow in workflows:
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
        steps = list(_items(workflow.get("steps"), pointer + "/steps"))
        findings += _unique(steps, "stepId", "step-id-unique", "stepId")
        for step_pointer, step in steps:
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
