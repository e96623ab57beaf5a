"""``arazzo list``: a document's workflows with their inputs and outputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from rich.text import Text

from arazzo_engine._inputs import describe_type
from arazzo_engine._inputs import input_properties

if TYPE_CHECKING:
    from rich.console import Console

    from arazzo_engine.models import ArazzoDocument


def workflow_listing(doc: ArazzoDocument) -> list[dict[str, Any]]:
    """Describe every workflow of a document as JSON-ready data.

    Args:
        doc: The loaded document.

    Returns:
        One object per workflow: ``workflowId``, ``summary``, ``description``,
        ``inputs`` (``name``, ``type``, ``required``, ``description``, ``default``
        when declared), ``outputs`` (name -> expression) and ``steps`` (ids).
    """
    listing: list[dict[str, Any]] = []
    components = doc.components.inputs if doc.components is not None else {}
    for workflow in doc.workflows:
        properties, required = input_properties(workflow.inputs, components)
        inputs = []
        for name, schema in properties.items():
            entry: dict[str, Any] = {
                "name": name,
                "type": describe_type(schema),
                "required": name in required,
                "description": schema.get("description") if isinstance(schema, Mapping) else None,
            }
            if isinstance(schema, Mapping) and "default" in schema:
                entry["default"] = schema["default"]
            inputs.append(entry)
        listing.append(
            {
                "workflowId": workflow.workflow_id,
                "summary": workflow.summary,
                "description": workflow.description,
                "inputs": inputs,
                "outputs": dict(workflow.outputs or {}),
                "steps": [step.step_id for step in workflow.steps],
            }
        )
    return listing


def render_listing(console: Console, listing: list[dict[str, Any]]) -> None:
    """Print a workflow listing as text: required inputs are marked ``*``.

    Args:
        console: Where to print.
        listing: What ``workflow_listing`` returned.
    """
    for index, workflow in enumerate(listing):
        if index:
            console.print()
        head = Text(workflow["workflowId"], style="bold")
        if workflow["summary"]:
            head.append("  " + workflow["summary"])
        console.print(head, soft_wrap=True)
        steps = workflow["steps"]
        console.print(Text(f"  steps: {', '.join(steps) or '(none)'}"), soft_wrap=True)
        inputs = workflow["inputs"]
        if inputs:
            console.print(Text("  inputs (* required):"))
            width = max(len(i["name"]) for i in inputs) + 1
            for item in inputs:
                name = item["name"] + ("*" if item["required"] else "")
                line = Text(f"    {name:<{width}}  ")
                line.append(item["type"], style="cyan")
                if item.get("description"):
                    line.append("  " + str(item["description"]).strip().splitlines()[0])
                console.print(line, soft_wrap=True)
        else:
            console.print(Text("  inputs: (none)"))
        outputs = workflow["outputs"]
        if outputs:
            console.print(Text("  outputs:"))
            width = max(len(name) for name in outputs)
            for name, expression in outputs.items():
                line = Text(f"    {name:<{width}}  ")
                line.append(str(expression), style="dim")
                console.print(line, soft_wrap=True)
        else:
            console.print(Text("  outputs: (none)"))
