"""The validation API tiers: ``az.validate``, ``iter_problems`` and ``validate_document``."""

from __future__ import annotations

from pathlib import Path

import pytest

import arazzo_engine as az
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.loader import load
from arazzo_engine.validation import validate_document
from arazzo_engine.validation import workflows_used_by

FIXTURES = Path(__file__).parent / "fixtures"

DOC = """\
arazzo: 1.0.1
info: {title: api test, version: "1"}
sourceDescriptions:
  - {name: shop, url: ./shop.openapi.yaml, type: openapi}
workflows:
  - workflowId: main
    dependsOn: [prepare]
    steps:
      - {stepId: call, workflowId: helper}
  - workflowId: prepare
    inputs: {type: object, required: [unused], properties: {unused: {}}}
    steps:
      - {stepId: a, operationId: createPet, requestBody: {payload: {name: x}}}
  - workflowId: helper
    steps:
      - stepId: a
        operationId: createPet
        requestBody: {payload: {name: x}}
        onSuccess: [{name: away, type: goto, workflowId: elsewhere}]
  - workflowId: elsewhere
    steps:
      - {stepId: a, operationId: createPet, requestBody: {payload: {name: x}}}
  - workflowId: broken
    steps:
      - {stepId: a, operationId: nothing}
"""


@pytest.fixture
def doc():
    return load(DOC, base_uri=(FIXTURES / "api.arazzo.yaml").as_uri())


def test_package_validate_returns_problems_with_locations(doc):
    problems = az.validate(doc)
    assert [(p.rule, p.severity) for p in problems] == [
        ("operation-not-found", "error"),
        ("input-unused", "warning"),
    ]
    assert problems[0].to_dict()["location"]["pointer"] == "/workflows/4/steps/0/operationId"
    assert str(problems[0]).startswith("tests/validation/fixtures/api.arazzo.yaml:")


def test_validate_document_raises_with_every_problem(doc):
    with pytest.raises(DocumentValidationError) as info:
        validate_document(doc)
    assert [p.rule for p in info.value.problems] == ["operation-not-found", "input-unused"]


def test_validate_document_returns_warnings_when_there_is_no_error(doc):
    warnings = validate_document(doc, workflows={"prepare"})
    assert [p.rule for p in warnings] == ["input-unused"]


def test_workflows_used_by_follows_depends_on_steps_and_gotos(doc):
    assert workflows_used_by(doc, "main") == {"main", "prepare", "helper", "elsewhere"}
    assert workflows_used_by(doc, "broken") == {"broken"}
    assert workflows_used_by(doc, "unknown") == set()


def test_runner_does_not_validate_implicitly():
    """Library runs stay explicit: a workflow with a validation error still dry-runs."""
    from arazzo_engine.runner import Runner

    text = DOC.replace(
        "payload: {name: x}}}\n  - workflowId: broken",
        "payload: {name: x}},\n"
        "         successCriteria: [{condition: $statusCode == 200}]}\n"
        "  - workflowId: broken",
    )
    doc = load(text, base_uri=(FIXTURES / "api.arazzo.yaml").as_uri())
    assert "status-undeclared" in [p.rule for p in az.validate(doc)]
    with Runner() as runner:
        plan = runner.dry_run(doc, "elsewhere", auth={"shop": {"apiKey": "k"}})
    assert [planned.step_id for planned in plan.requests] == ["a"]
    assert plan.reason is None
