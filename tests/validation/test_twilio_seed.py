"""The seed Twilio workflow (checking 200 where Studio declares 201) is caught statically."""

from __future__ import annotations

from pathlib import Path

from arazzo_engine.loader import load
from arazzo_engine.validation import iter_problems

EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "examples/twilio-studio/arazzo/twilio-studio-create-flow-and-execute-workflow.yml"
)


def _problems(text: str):
    return list(iter_problems(load(text, base_uri=EXAMPLE.as_uri())))


def test_corrected_example_has_no_findings():
    assert _problems(EXAMPLE.read_text()) == []


def test_seed_200_checks_are_reported_on_both_create_steps():
    seed = EXAMPLE.read_text().replace("$statusCode == 201", "$statusCode == 200")
    problems = _problems(seed)
    assert [(p.rule, p.severity, p.location.pointer) for p in problems] == [
        ("status-undeclared", "error", "/workflows/0/steps/0/successCriteria/0"),
        ("status-undeclared", "error", "/workflows/0/steps/1/successCriteria/0"),
    ]
    assert "CreateFlow declares only 201" in problems[0].message
    assert "CreateExecution declares only 201" in problems[1].message
    assert problems[0].hint == "use a status code the operation declares, e.g. $statusCode == 201"
