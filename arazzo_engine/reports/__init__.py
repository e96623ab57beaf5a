"""Reports of a run: terminal lines, the JSON report and the JUnit XML report."""

from __future__ import annotations

from arazzo_engine.reports.json_report import result_object
from arazzo_engine.reports.json_report import write_json_report
from arazzo_engine.reports.junit import junit_element
from arazzo_engine.reports.junit import write_junit
from arazzo_engine.reports.redaction import Redactor
from arazzo_engine.reports.terminal import TerminalRenderer

__all__ = [
    "Redactor",
    "TerminalRenderer",
    "junit_element",
    "result_object",
    "write_json_report",
    "write_junit",
]
