"""The JUnit XML report: one testsuite per workflow run, one testcase per step execution."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.reports.redaction import NO_REDACTION
from arazzo_engine.reports.redaction import Redactor
from arazzo_engine.runner.state import excerpt
from arazzo_engine.runner.state import to_jsonable

if TYPE_CHECKING:
    from arazzo_engine.runner.state import StepRecord
    from arazzo_engine.runner.state import WorkflowResult

# Characters XML 1.0 cannot hold, even escaped: they would make the file unparsable.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
BODY_EXCERPT = 1000
"""How many characters of a response body a failure message keeps."""


def _clean(text: str, redact: Redactor) -> str:
    return _INVALID_XML.sub("\ufffd", redact(text))


def _seconds(value: float) -> str:
    return f"{max(value, 0.0):.3f}"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(to_jsonable(value), ensure_ascii=False)


def failure_text(record: StepRecord) -> str:
    """Describe a failed step for a failure element: its failed criteria and response excerpt.

    Args:
        record: The step execution.

    Returns:
        Several lines of text (not yet redacted).
    """
    lines: list[str] = []
    for criterion in record.failed_criteria:
        kind = (
            criterion.kind
            if criterion.context is None
            else f"{criterion.kind} on {criterion.context}"
        )
        lines.append(f"criterion: {criterion.condition} ({kind})")
        lines.append(f"  actual: {_show(criterion.actual)}")
        if criterion.reason:
            lines.append(f"  reason: {criterion.reason}")
    if record.error is not None:
        lines.append(f"error: {record.error.type}: {record.error.message}")
    if record.workflow is not None and record.workflow.status == "failed":
        lines.append(f"nested workflow {record.workflow.workflow_id}: {record.workflow.explain()}")
    if record.request is not None:
        lines.append(f"request: {record.request.method} {record.request.url}")
    if record.response is not None:
        lines.append(f"response: {record.response.status_code}")
        if record.response.body:
            lines.append(excerpt(record.response.body, BODY_EXCERPT))
    lines.append(f"attempts: {record.attempts}")
    lines.extend(f"warning: {w}" for w in record.warnings)
    return "\n".join(lines)


def junit_element(result: WorkflowResult, *, redact: Redactor = NO_REDACTION) -> ET.Element:
    """Build the ``<testsuites>`` element for one workflow run.

    Each step execution becomes a ``<testcase name="stepId" classname="workflowId">``;
    a step that ran more than once (``goto``) gets `` (execution n)`` from the second
    time on. Failed steps hold a ``<failure>``, skipped steps a ``<skipped>``; a run
    that failed without a failed step (a limit, a deadline) adds a testcase named
    ``(workflow)`` with the failure. Outputs become ``output.<name>`` properties.

    Args:
        result: The run's result.
        redact: Scrubs every known credential value from every text.

    Returns:
        The root element.
    """
    records = list(result.steps)
    failures = sum(1 for r in records if r.status == "failed")
    skipped = sum(1 for r in records if r.status == "skipped")
    workflow_failure = result.status == "failed" and failures == 0
    tests = len(records) + (1 if workflow_failure else 0)
    failures += 1 if workflow_failure else 0
    total = sum(r.duration for r in records)
    counts = {
        "tests": str(tests),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
        "time": _seconds(total),
    }
    root = ET.Element("testsuites", {"name": "arazzo", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": _clean(result.workflow_id, redact), **counts})
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", {"name": "status", "value": result.status})
    for name, value in result.outputs.items():
        ET.SubElement(
            properties,
            "property",
            {"name": _clean(f"output.{name}", redact), "value": _clean(_show(value), redact)},
        )
    seen: Counter[tuple[str, str]] = Counter()
    for record in records:
        key = (record.workflow_id, record.step_id)
        seen[key] += 1
        name = record.step_id if seen[key] == 1 else f"{record.step_id} (execution {seen[key]})"
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "name": _clean(name, redact),
                "classname": _clean(record.workflow_id, redact),
                "time": _seconds(record.duration),
            },
        )
        if record.status == "failed":
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "message": _clean(record.explain(), redact),
                    "type": record.error.type if record.error else "criteria",
                },
            )
            failure.text = _clean(failure_text(record), redact)
        elif record.status == "skipped":
            ET.SubElement(case, "skipped", {"message": _clean(record.explain(), redact)})
        if record.attempts > 1 or record.warnings:
            out = ET.SubElement(case, "system-out")
            text = [f"attempts: {record.attempts}"] + [f"warning: {w}" for w in record.warnings]
            out.text = _clean("\n".join(text), redact)
    if workflow_failure:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "name": "(workflow)",
                "classname": _clean(result.workflow_id, redact),
                "time": "0.000",
            },
        )
        failure = ET.SubElement(
            case,
            "failure",
            {
                "message": _clean(result.explain(), redact),
                "type": result.error.type if result.error else "failed",
            },
        )
        failure.text = _clean(result.explain(), redact)
    return root


def write_junit(
    result: WorkflowResult, path: str | Path, *, redact: Redactor = NO_REDACTION
) -> None:
    """Write the JUnit XML report of a run to ``path``.

    Args:
        result: The run's result.
        path: Where to write; parent directories are created.
        redact: Scrubs every known credential value from every text.

    Raises:
        OSError: The file cannot be written.
    """
    root = junit_element(result, redact=redact)
    ET.indent(root)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)
