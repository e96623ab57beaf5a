"""The JSON report: ``WorkflowResult.to_dict(detail=True)``, redacted, written to a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.reports.redaction import NO_REDACTION
from arazzo_engine.reports.redaction import Redactor

if TYPE_CHECKING:
    from arazzo_engine.runner.state import WorkflowResult


def result_object(
    result: WorkflowResult, *, detail: bool = False, redact: Redactor = NO_REDACTION
) -> dict[str, Any]:
    """Return the ``--format json`` object (``detail=True``: the JSON report), redacted.

    Args:
        result: The run's result.
        detail: Add per-step request/response summaries, criteria and timings.
        redact: Scrubs every known credential value from every string.

    Returns:
        A JSON-ready dict.
    """
    data: dict[str, Any] = redact.data(result.to_dict(detail=detail))
    return data


def dumps(value: Any) -> str:
    """Serialize a report value as indented JSON (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def write_json_report(
    result: WorkflowResult, path: str | Path, *, redact: Redactor = NO_REDACTION
) -> None:
    """Write the JSON report of a run to ``path``.

    Args:
        result: The run's result.
        path: Where to write; parent directories are created.
        redact: Scrubs every known credential value from every string.

    Raises:
        OSError: The file cannot be written.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = dumps(result_object(result, detail=True, redact=redact))
    target.write_text(text + "\n", encoding="utf-8")
