"""Cross-object rules: pointers and hints of repeated findings (built only when reported)."""

from __future__ import annotations

from arazzo_engine.models.rules import Finding
from arazzo_engine.models.rules import check_document


def test_repeated_bad_reference_is_reported_at_each_place() -> None:
    bad = {"reference": "$components.parameters.nope"}
    data = {
        "components": {"parameters": {"auth": {"name": "a", "in": "header"}}},
        "workflows": [
            {
                "workflowId": "w",
                "parameters": [bad],
                "steps": [{"stepId": "s", "parameters": [bad]}],
            }
        ],
    }
    findings = check_document(data)
    assert [f.pointer for f in findings] == [
        "/workflows/0/parameters/0/reference",
        "/workflows/0/steps/0/parameters/0/reference",
    ]
    assert findings[0][1:2] == findings[1][1:2]
    assert findings[0].hint == findings[1].hint == "components.parameters has: auth"


def test_duplicate_hints_point_at_the_first() -> None:
    action = {"name": "a", "type": "end"}
    data = {
        "workflows": [
            {"workflowId": "w", "steps": [{"stepId": "s", "onSuccess": [action, action]}]},
            {"workflowId": "w", "steps": [], "parameters": [{"name": "p"}, {"name": "p"}]},
        ],
    }
    assert check_document(data) == [
        Finding(
            "workflow-id-unique",
            "duplicate workflowId 'w'",
            "/workflows/1/workflowId",
            "first defined at /workflows/0",
        ),
        Finding(
            "action-unique",
            "duplicate action name 'a'",
            "/workflows/0/steps/0/onSuccess/1/name",
            "first defined at /workflows/0/steps/0/onSuccess/0",
        ),
        Finding(
            "parameter-unique",
            "duplicate parameter 'p'",
            "/workflows/1/parameters/1",
            "first at /workflows/1/parameters/0",
        ),
    ]


def test_a_reference_to_the_wrong_kind_of_component_is_not_followed() -> None:
    auth = {"name": "Authorization", "in": "header"}
    data = {
        "components": {"parameters": {"auth": auth}, "successActions": {"auth": {}}},
        "workflows": [
            {
                "workflowId": "w",
                "steps": [
                    {
                        "stepId": "s",
                        "operationId": "op",
                        "parameters": [
                            {"reference": "$components.successActions.auth"},
                            {**auth, "value": "x"},
                            {"reference": "$components.parameters.auth"},
                        ],
                    }
                ],
            }
        ],
    }
    assert check_document(data) == [
        Finding(
            "component-reference",
            "'$components.successActions.auth' refers to successActions, "
            "but parameters are expected here",
            "/workflows/0/steps/0/parameters/0/reference",
        ),
        Finding(
            "parameter-unique",
            "duplicate parameter 'Authorization' in header",
            "/workflows/0/steps/0/parameters/2",
            "first at /workflows/0/steps/0/parameters/1",
        ),
    ]
