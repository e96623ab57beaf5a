"""Property tests: compiling never fails with anything but ExpressionSyntaxError, and
evaluating conditions on random JSON never raises."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from arazzo_engine._types import UNDEFINED
from arazzo_engine.criteria import compile_criterion
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.errors import UnresolvedReferenceError
from arazzo_engine.expressions import compile_condition
from arazzo_engine.expressions import compile_expression
from arazzo_engine.expressions import compile_template
from arazzo_engine.expressions import evaluate_value
from tests.expressions.support import context

SETTINGS = settings(max_examples=200, deadline=None)

# text biased towards the language's own characters so the parser gets deep
ALPHABET = st.sampled_from(
    list("$.#/~01{}[]()!=<>&|' \"-_aAzZ9")
    + ["$statusCode", "$response.body", "$inputs.", "$steps.s.outputs.", "==", "&&", "||"]
    + ["'x'", "null", "true", "1.5e3", "-2", "#/a", "~1", "{$", "$request.header."]
)
SOURCES = st.one_of(st.text(max_size=40), st.lists(ALPHABET, max_size=15).map("".join))

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "data", "0", "a.b"]), inner, max_size=4)
    ),
    max_leaves=12,
)

CONDITIONS = [
    "$response.body.a == $inputs.b",
    "$response.body#/a < $inputs.a.b",
    "$response.body.data[0] >= 1 || !$inputs.a",
    "$inputs.a != null && $response.body#/0/a > 'x'",
    "$response.body.a.b[1] <= -1.5",
    "$response.body",
]


@SETTINGS
@given(SOURCES)
def test_compile_expression_raises_only_syntax_errors(text: str) -> None:
    offset = 0
    try:
        compiled = compile_expression(text)
    except ExpressionSyntaxError as exc:
        offset = exc.offset
    else:
        assert compiled.text == text
    assert 0 <= offset <= len(text)


@SETTINGS
@given(SOURCES)
def test_compile_condition_raises_only_syntax_errors(text: str) -> None:
    offset = 0
    try:
        compile_condition(text)
    except ExpressionSyntaxError as exc:
        offset = exc.offset
    assert 0 <= offset <= len(text)


@SETTINGS
@given(SOURCES)
def test_compile_template_never_fails_and_round_trips(text: str) -> None:
    template = compile_template(text)
    rebuilt = "".join(p if isinstance(p, str) else "{" + p.text + "}" for p in template.node.parts)
    assert rebuilt == text


@SETTINGS
@given(SOURCES, JSON, JSON)
def test_random_conditions_never_raise(text: str, body: Any, inputs: Any) -> None:
    try:
        condition = compile_condition(text)
    except ExpressionSyntaxError:
        return
    result = condition.evaluate(context(response={"body": body}, inputs={"a": inputs}))
    assert (result.reason is None) is result.passed


@SETTINGS
@given(st.sampled_from(CONDITIONS), JSON, JSON, st.booleans())
def test_evaluation_on_random_json_never_raises(
    text: str, body: Any, inputs: Any, strict: bool
) -> None:
    ctx = context(response={"body": body}, inputs={"a": inputs, "b": inputs}, strict=strict)
    result = compile_condition(text).evaluate(ctx)
    assert isinstance(result.passed, bool)
    assert (result.reason is None) is result.passed


@SETTINGS
@given(JSON, st.booleans())
def test_evaluate_value_raises_only_documented_errors(body: Any, strict: bool) -> None:
    value = {"x": ["$response.body#/a", "pre {$response.body} post", "{$inputs.a.b}"]}
    ctx = context(response={"body": body}, inputs={"a": body}, strict=strict)
    try:
        out = evaluate_value(value, ctx)
    except UnresolvedReferenceError:
        assert strict
    else:
        assert isinstance(out["x"][1], str)
        assert out["x"][0] is UNDEFINED or out["x"][0] == body["a"]


@SETTINGS
@given(JSON)
def test_criteria_on_random_json_never_raise(body: Any) -> None:
    for kind, condition in (("jsonpath", "$..a"), ("regex", "a"), ("xpath", "//a")):
        criterion = compile_criterion(condition, context="$response.body", type=kind)
        result = criterion.evaluate(context(response={"body": body}))
        assert (result.reason is None) is result.passed
