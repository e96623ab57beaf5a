"""Data-driven cases: tests/expressions/cases/*.yaml|json (expressions, conditions, templates)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.errors import UnresolvedReferenceError
from arazzo_engine.expressions import compile_condition
from arazzo_engine.expressions import compile_expression
from arazzo_engine.expressions import evaluate_value
from tests.expressions.support import CASES
from tests.expressions.support import context


def _load(name: str) -> list[dict[str, Any]]:
    text = (CASES / name).read_text(encoding="utf-8")
    cases: list[dict[str, Any]] = (
        json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    )
    return cases


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]


EXPRESSIONS = _load("expressions.yaml")
CONDITIONS = _load("conditions.yaml")
TEMPLATES = _load("templates.json")


def _check_syntax_error(exc: ExpressionSyntaxError, expected: dict[str, Any], text: str) -> None:
    assert exc.offset == expected["offset"], exc.detailed_message
    assert exc.expression == text
    if "contains" in expected:
        assert expected["contains"] in exc.message
    # the caret sits under the offending character
    caret_line = exc.detailed_message.splitlines()[-1]
    assert caret_line.index("^") - 2 == exc.offset


@pytest.mark.parametrize("case", EXPRESSIONS, ids=_ids(EXPRESSIONS))
def test_expression_case(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(ExpressionSyntaxError) as info:
            compile_expression(case["expression"])
        _check_syntax_error(info.value, case["error"], case["expression"])
        return
    expression = compile_expression(case["expression"])
    ctx = context(**case["context"])
    if case.get("strict_error"):
        with pytest.raises(UnresolvedReferenceError, match="selects nothing"):
            expression.evaluate(ctx)
        return
    value = expression.evaluate(ctx)
    if case.get("undefined"):
        assert value is UNDEFINED
    else:
        assert value == case["expected"]
        assert value is not UNDEFINED


@pytest.mark.parametrize("case", CONDITIONS, ids=_ids(CONDITIONS))
def test_condition_case(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(ExpressionSyntaxError) as info:
            compile_condition(case["condition"])
        _check_syntax_error(info.value, case["error"], case["condition"])
        return
    result = compile_condition(case["condition"]).evaluate(context(**case["context"]))
    assert result.passed is case["passed"], result.reason
    assert (result.reason is None) is result.passed
    if "actual" in case:
        assert result.actual == case["actual"]
    if "reason" in case:
        assert result.reason == case["reason"]
    if "reason_contains" in case:
        assert case["reason_contains"] in (result.reason or "")


@pytest.mark.parametrize("case", TEMPLATES, ids=_ids(TEMPLATES))
def test_template_case(case: dict[str, Any]) -> None:
    notes: list[str] = []
    value = evaluate_value(case["value"], context(**case["context"]), notes=notes)
    if case.get("undefined"):
        assert value is UNDEFINED
    else:
        assert value == case["expected"]
        assert type(value) is type(case["expected"])
    assert notes == case.get("notes", [])
