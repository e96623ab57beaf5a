"""Data-driven criterion cases (tests/criteria/cases/criteria.yaml) and the API tiers."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from arazzo_engine import errors
from arazzo_engine._types import UNDEFINED
from arazzo_engine.criteria import CriterionResult
from arazzo_engine.criteria import all_satisfied
from arazzo_engine.criteria import check
from arazzo_engine.criteria import compile_criterion
from arazzo_engine.criteria import evaluate_all
from arazzo_engine.criteria import iter_failures
from arazzo_engine.location import Location
from tests.expressions.support import context

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "criteria.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_criterion_case(case: dict[str, Any]) -> None:
    spec = dict(case["criterion"])
    condition = spec.pop("condition")
    if "compile_error" in case:
        with pytest.raises(getattr(errors, case["compile_error"])):
            compile_criterion(condition, **spec)
        return
    result = compile_criterion(condition, **spec).evaluate(context(**case["context"]))
    assert isinstance(result, CriterionResult)
    assert result.passed is case["passed"], result.reason
    assert (result.reason is None) is result.passed
    assert result.condition == condition
    assert result.kind == spec.get("type", "simple")
    assert result.context == spec.get("context")
    if "actual" in case:
        assert result.actual == case["actual"]
    if "reason" in case:
        assert result.reason == case["reason"]
    if "reason_contains" in case:
        assert case["reason_contains"] in (result.reason or "")


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]><lolz>&lol9;</lolz>"
)


def test_billion_laughs_is_refused_quickly_without_expanding() -> None:
    criterion = compile_criterion("count(//lolz) = 1", context="$response.body", type="xpath")
    started = time.perf_counter()
    result = criterion.evaluate(context(response={"body": BILLION_LAUGHS}))
    elapsed = time.perf_counter() - started
    assert not result.passed
    assert "XML refused" in (result.reason or "")
    assert "EntitiesForbidden" in (result.reason or "")
    assert elapsed < 0.5


def test_xpath_context_longer_than_the_limit_fails() -> None:
    criterion = compile_criterion("/o", context="$response.body", type="xpath")
    ctx = context(response={"body": "<o>" + "x" * 100 + "</o>"})
    ctx = ctx.evolve(environment=ctx.environment.evolve(max_text_length=50))
    result = criterion.evaluate(ctx)
    assert not result.passed
    assert "longer than 50" in (result.reason or "")


def test_compile_error_carries_the_location() -> None:
    where = Location("flow.yaml", 12, 9, "/workflows/0/steps/0/successCriteria/0")
    with pytest.raises(errors.ExpressionSyntaxError) as info:
        compile_criterion("$statusCode ==", location=where)
    assert info.value.location == where
    assert str(where) in info.value.detailed_message


def test_result_carries_the_location() -> None:
    where = Location(pointer="/workflows/0/steps/0/successCriteria/1")
    result = compile_criterion("false", location=where).evaluate(context())
    assert result.location == where


CRITERIA = [
    compile_criterion("$statusCode == 200"),
    compile_criterion("^a", context="$response.body#/name", type="regex"),
    compile_criterion("$.items[*]", context="$response.body", type="jsonpath"),
]


def test_tiers_all_pass() -> None:
    ctx = context(response={"status_code": 200, "body": {"name": "ab", "items": [1]}})
    assert list(iter_failures(CRITERIA, ctx)) == []
    assert all_satisfied(CRITERIA, ctx)
    check(CRITERIA, ctx)
    assert [r.passed for r in evaluate_all(CRITERIA, ctx)] == [True, True, True]


def test_tiers_report_every_failure() -> None:
    ctx = context(response={"status_code": 500, "body": {"name": "ab", "items": []}})
    failures = list(iter_failures(CRITERIA, ctx))
    assert [f.condition for f in failures] == ["$statusCode == 200", "$.items[*]"]
    assert not all_satisfied(CRITERIA, ctx)
    with pytest.raises(errors.ExpressionEvaluationError, match="2 criteria not satisfied"):
        check(CRITERIA, ctx)


def test_simple_criterion_ignores_its_context_value() -> None:
    criterion = compile_criterion("$statusCode == 200", context="$response.body")
    result = criterion.evaluate(context(response={"status_code": 200, "body": None}))
    assert result.passed
    assert result.actual == 200


def test_criterion_never_raises_on_odd_values() -> None:
    criterion = compile_criterion("$inputs.a < $inputs.b")
    result = criterion.evaluate(context(inputs={"a": object(), "b": 1}))
    assert not result.passed
    assert result.actual is UNDEFINED
    assert result.reason


def test_references_cover_context_and_condition() -> None:
    criterion = compile_criterion(
        "$[?@.id == {$inputs.id}]", context="$steps.s1.outputs.list", type="jsonpath"
    )
    assert [(r.kind, r.id, r.name) for r in criterion.references()] == [
        ("steps", "s1", "list"),
        ("inputs", None, "id"),
    ]
