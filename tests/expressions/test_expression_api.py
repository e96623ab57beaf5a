"""The public API around compiled expressions: caching, references, errors, environments."""

from __future__ import annotations

import dataclasses

import pytest

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.errors import UnresolvedReferenceError
from arazzo_engine.expressions import DEFAULT_ENVIRONMENT
from arazzo_engine.expressions import ExpressionContext
from arazzo_engine.expressions import ExpressionEnvironment
from arazzo_engine.expressions import compile_condition
from arazzo_engine.expressions import compile_expression
from arazzo_engine.expressions import compile_template
from arazzo_engine.expressions import compile_value
from arazzo_engine.expressions import evaluate_value
from arazzo_engine.expressions import iter_references
from arazzo_engine.expressions import parser as parser_module
from arazzo_engine.expressions.nodes import Compare
from arazzo_engine.expressions.nodes import Reference
from arazzo_engine.expressions.nodes import walk
from arazzo_engine.location import Location
from tests.expressions.support import context


def test_compile_is_cached_by_text() -> None:
    assert compile_expression("$inputs.cached") is compile_expression("$inputs.cached")
    assert compile_condition("$statusCode == 299") is compile_condition("$statusCode == 299")
    assert compile_template("a{$url}") is compile_template("a{$url}")


def test_evaluate_does_not_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    condition = compile_condition("$statusCode == 200 && $response.body#/s == 'x'")
    template = compile_template("id={$inputs.id}")

    def refuse(*_args: object) -> None:
        raise AssertionError("parsed during evaluation")

    monkeypatch.setattr(parser_module, "scan_reference", refuse)
    monkeypatch.setattr(parser_module.Parser, "parse", refuse)
    ctx = context(response={"status_code": 200, "body": {"s": "X"}}, inputs={"id": 1})
    for _ in range(3):
        assert condition.evaluate(ctx).passed
        assert template.render(ctx) == "id=1"


def test_nodes_are_immutable() -> None:
    node = compile_condition("$statusCode == 200").node
    assert isinstance(node, Compare)
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.op = "!="  # type: ignore[misc]


def test_references_of_a_condition() -> None:
    condition = compile_condition(
        "$steps.login.outputs.token != null && $inputs.user.name == 'x' "
        "|| $workflows.wf.outputs.id#/a > 1 && $response.body.items[0]"
    )
    found = [(r.kind, r.id, r.field, r.name, r.pointer) for r in condition.references()]
    assert found == [
        ("steps", "login", "outputs", "token", None),
        ("inputs", None, None, "user.name", None),
        ("workflows", "wf", "outputs", "id", ("a",)),
        ("response", None, "body", None, None),
    ]


def test_references_keep_source_offsets() -> None:
    text = "x={$inputs.a}&y={$steps.s.outputs.b}"
    refs = compile_template(text).references()
    assert [text[r.start : r.end] for r in refs] == ["$inputs.a", "$steps.s.outputs.b"]


def test_iter_references_walks_values() -> None:
    value = {"a": ["$inputs.x", {"b": "n={$steps.s.outputs.y}"}], "c": "$not an expression", "d": 3}
    assert [r.text for r in iter_references(value)] == ["$inputs.x", "$steps.s.outputs.y"]


def test_walk_visits_every_node() -> None:
    node = compile_condition("!($inputs.a == 1) && $inputs.b").node
    kinds = [type(n).__name__ for n in walk(node)]
    assert kinds == ["And", "Not", "Compare", "Reference", "Literal", "Reference"]


def test_compile_value_classifies_strings() -> None:
    assert compile_value("plain") is None
    assert compile_value("$inputs.") is None
    assert compile_value("{not an expression}") is None
    assert type(compile_value("$inputs.a")).__name__ == "Expression"
    assert type(compile_value("a {$inputs.a}")).__name__ == "Template"


def test_syntax_error_with_location_renders_a_caret() -> None:
    with pytest.raises(ExpressionSyntaxError) as info:
        compile_condition("$statusCode == == 200")
    where = Location("flow.yaml", 40, 18, "/workflows/0/steps/1/successCriteria/0/condition")
    located = info.value.with_location(where)
    assert located.offset == 15
    lines = located.detailed_message.splitlines()
    assert lines[0].startswith("flow.yaml:40:18 (/workflows/0/steps/1/successCriteria/0/condition)")
    assert lines[1] == "  $statusCode == == 200"
    assert lines[2] == "  " + " " * 15 + "^"


def test_environment_is_frozen_and_evolves() -> None:
    strict = DEFAULT_ENVIRONMENT.evolve(strict=True)
    assert strict.strict
    assert not DEFAULT_ENVIRONMENT.strict
    with pytest.raises(dataclasses.FrozenInstanceError):
        strict.strict = False  # type: ignore[misc]
    assert ExpressionEnvironment() == DEFAULT_ENVIRONMENT


def test_context_evolve_and_defaults() -> None:
    ctx = ExpressionContext()
    assert ctx.status_code is UNDEFINED
    assert ctx.inputs == {}
    later = ctx.evolve(status_code=201)
    assert later.status_code == 201
    assert ctx.status_code is UNDEFINED


def test_context_evolve_changes_any_field_and_only_that() -> None:
    base = ExpressionContext()
    for item in dataclasses.fields(ExpressionContext):
        marker = object()
        changed = base.evolve(**{item.name: marker})
        assert getattr(changed, item.name) is marker
        others = [f.name for f in dataclasses.fields(ExpressionContext) if f.name != item.name]
        assert all(getattr(changed, n) is getattr(base, n) for n in others)
    with pytest.raises(TypeError, match="no field"):
        base.evolve(status=200)


def test_strict_environment_raises_from_evaluate_value() -> None:
    ctx = context(strict=True)
    with pytest.raises(UnresolvedReferenceError):
        evaluate_value({"a": "x={$inputs.nope}"}, ctx)
    assert isinstance(UnresolvedReferenceError("x"), LookupError)


def test_reference_nodes_are_hashable_for_validators() -> None:
    refs = {compile_expression("$inputs.a").node, compile_expression("$inputs.a").node}
    assert len(refs) == 1
    assert isinstance(next(iter(refs)), Reference)
