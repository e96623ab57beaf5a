"""Conformance: the shared runtime-expression, template and criterion vectors.

Every vector must pass, or be listed by name in a deviations table below with the
DESIGN.md rule that overrides it. Deviations are asserted too: our behaviour must
be the documented opposite, so the tables cannot go stale.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from arazzo_engine.criteria import compile_criterion
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.expressions import compile_condition
from arazzo_engine.expressions import compile_expression
from arazzo_engine.expressions import compile_template
from arazzo_engine.expressions import evaluate_value
from tests.expressions.support import context
from tests.expressions.support import spec_file

EXPRESSIONS = json.loads(spec_file("runtime-expressions.json").read_text())
TEMPLATES = json.loads(spec_file("runtime-expression-templates.json").read_text())
CRITERIA = json.loads(spec_file("criterion-vectors.json").read_text())

ONLY_11 = "Arazzo 1.1 only ($self, $message): DESIGN intro, 1.0.0/1.0.1 now, 1.1.0 next"
BRACES = "DESIGN 1: JSON pointers stop at '{' / '}' (1.1 clarification applied to 1.0.x)"
WRAPPED = "DESIGN 2: '{$...}' is a template (compile_template / evaluate_value), not an expression"
SHAPE = (
    "DESIGN 1: 1.1 ABNF shape: $steps.<id>.outputs.<name>, $workflows.<id>.inputs|outputs.<name>"
)
SOURCE = "DESIGN 1: $sourceDescriptions.<name>.<reference>, no JSON pointer"
POINTERS = "DESIGN 1: $inputs.<name>[#ptr] and $workflows.<id>.inputs.<name>[#ptr] take pointers"
EMPTY = "DESIGN 1: a name has at least one character (an empty name names nothing)"
UNICODE = "DESIGN 1 / spec-notes 3.1: CHAR is RFC 7159's (any Unicode), not RFC 5234's ASCII"
LENIENT = "DESIGN 2: lenient scanner, every brace not starting a valid {$...} is literal text"
DQUOTE = "DESIGN 3: strings are single-quoted ('' escape); double quotes are not Arazzo"
NAVIGATION = "DESIGN 3: '.'/'[n]' navigate any operand's value ($response.body.x = body + .x)"
INPUT_NAME = "DESIGN 1: $inputs.<name>#ptr: an input named 'body' with a pointer is valid"
NO_ARRAYS = "DESIGN 3: literals are null, true, false, numbers and strings; no array literals"

EXPRESSION_DEVIATIONS: dict[tuple[str, str], str] = {
    ("arazzo-1.1", "$self"): ONLY_11,
    **{
        ("arazzo-1.1", e["expression"]): ONLY_11
        for e in EXPRESSIONS
        if "$message" in e["expression"]
    },
    ("arazzo-1.1", "$request.query."): EMPTY,
    ("arazzo-1.1", "$request.path."): EMPTY,
    ("arazzo-1.0.x", "$request.body#/foo}"): BRACES,
    ("arazzo-1.0.x", "$request.body#/foo{"): BRACES,
    ("arazzo-1.0.x", "$request.body#/{foo}"): BRACES,
    ("speakeasy-1.0.x", "{$url}"): WRAPPED,
    ("speakeasy-1.0.x", "{$request.body}"): WRAPPED,
    ("speakeasy-1.0.x", "{$request.body}#/some/path"): WRAPPED,
    ("speakeasy-1.0.x", "{$response.header.some-header}"): WRAPPED,
    (
        "speakeasy-1.0.x",
        "{$sourceDescriptions.petStoreDescription.url}#/paths/~1pet~1findByStatus/get",
    ): WRAPPED,
    ("speakeasy-1.0.x", "$steps.someStep"): SHAPE,
    ("speakeasy-1.0.x", "$workflows.someWorkflow"): SHAPE,
    ("speakeasy-1.0.x", "$sourceDescriptions.someSourceDescription"): SOURCE,
    (
        "speakeasy-1.0.x",
        "$sourceDescriptions.museum-api.url#/paths/~1special-events~1{eventId}/get",
    ): SOURCE,
    ("speakeasy-1.0.x", "$request.query.somé-name"): UNICODE,
    ("speakeasy-1.0.x", "$request.path.somé-name"): UNICODE,
    ("speakeasy-1.0.x", "$inputs.someInput#/some/path"): POINTERS,
    ("speakeasy-1.0.x", "$workflows.someWorkflow.inputs.someInput#/some/path"): POINTERS,
}

TEMPLATE_DEVIATIONS: dict[tuple[str, str, str], str] = {
    **{(g, "{{$url}}", "x"): LENIENT for g in ("arazzo-1.1", "arazzo-1.0.x")},
    ("arazzo-1.1", "{{$url}}", "r"): LENIENT,
    **{(g, "{$url}}", "x"): LENIENT for g in ("arazzo-1.1", "arazzo-1.0.x")},
    ("arazzo-1.1", '{"x":1}-{$inputs.username}', "r"): LENIENT,
    ("arazzo-1.0.x", "{$request.body#/url}", "x"): BRACES,
    ("arazzo-1.0.x", "{$response.body#/status}", "x"): BRACES,
    ("arazzo-1.0.x", "{$request.body#/user/uuid}", "x"): BRACES,
    ("speakeasy-1.0.x", "{$request.body}#/some/path", "x"): WRAPPED,
    (
        "speakeasy-1.0.x",
        "{$inputs.pet_id}#/some/json/pointer {$inputs.coupon_code}{$inputs.quantity}",
        "x",
    ): WRAPPED,
    (
        "speakeasy-1.0.x",
        "{$inputs.pet_id}#/some/json/pointer {$some thing similar to an expression}",
        "x",
    ): WRAPPED,
}

CONDITION_DEVIATIONS: dict[tuple[str, str], str] = {
    ("swaggerexpert", "$self == null"): ONLY_11,
    **{
        ("redocly", v["condition"]): DQUOTE
        for v in CRITERIA["redocly_respect_lint"]["vectors"]
        if '"' in v["condition"] and v["valid"]
    },
    ("redocly", "$steps.someStep.pets"): SHAPE,
    ("redocly", "$response.body#/items == []"): NO_ARRAYS,
    (
        "redocly",
        "$response.body.name == 'Mermaid Treasure Identification and Analysis'",
    ): NAVIGATION,
    ("redocly", "$url.body.name == 'Mermaid Treasure Identification and Analysis'"): NAVIGATION,
    ("redocly", "$method.body.name == 'Mermaid Treasure Identification and Analysis'"): NAVIGATION,
    (
        "redocly",
        "$statusCode.body.name == 'Mermaid Treasure Identification and Analysis'",
    ): NAVIGATION,
    (
        "redocly",
        "$inputs.body#/name == 'Mermaid Treasure Identification and Analysis'",
    ): INPUT_NAME,
}


def _compiles(compile_: Any, text: str) -> bool:
    try:
        compile_(text)
    except ExpressionSyntaxError:
        return False
    return True


@pytest.mark.parametrize(
    "vector", EXPRESSIONS, ids=[f"{v['grammar']}:{v['expression']!r}" for v in EXPRESSIONS]
)
def test_runtime_expression_vector(vector: dict[str, Any]) -> None:
    key = (vector["grammar"], vector["expression"])
    expected = vector["valid"]
    if key in EXPRESSION_DEVIATIONS:
        expected = not expected
    assert _compiles(compile_expression, vector["expression"]) is expected
    if EXPRESSION_DEVIATIONS.get(key) == WRAPPED:
        # the brace-wrapped forms are templates with exactly one embedded expression
        assert len(compile_template(vector["expression"]).expressions) == 1


def test_every_expression_deviation_names_a_vector() -> None:
    keys = {(v["grammar"], v["expression"]) for v in EXPRESSIONS}
    assert set(EXPRESSION_DEVIATIONS) <= keys


def _extract(text: str) -> list[str]:
    """What evaluate_value treats as expressions in ``text``, as written."""
    if _compiles(compile_expression, text):
        return [text]
    return [e.text for e in compile_template(text).expressions]


def _unwrap(raw: str) -> str:
    return raw[1:-1] if raw.startswith("{") and raw.endswith("}") else raw


TEMPLATE_CASES = [(v, "r" if "expected" in v else "x") for v in TEMPLATES]


@pytest.mark.parametrize(
    ("vector", "mode"),
    TEMPLATE_CASES,
    ids=[f"{v['grammar']}:{m}:{v['template']!r}" for v, m in TEMPLATE_CASES],
)
def test_template_vector(vector: dict[str, Any], mode: str) -> None:
    key = (vector["grammar"], vector["template"], mode)
    deviates = key in TEMPLATE_DEVIATIONS
    if mode == "x":
        expected = vector.get("extracted")
        if expected is None:
            expected = [_unwrap(raw) for raw in vector["extracted_raw"]]
        assert (_extract(vector["template"]) == expected) is not deviates
        return
    constant = "https://example.com" if "example.com" in vector["resolver"] else "X"
    ctx = context(url=constant, inputs={"username": constant})
    rendered = evaluate_value(vector["template"], ctx)
    assert (rendered == vector["expected"]) is not deviates


def test_every_template_deviation_names_a_vector() -> None:
    keys = {(v["grammar"], v["template"], m) for v, m in TEMPLATE_CASES}
    assert set(TEMPLATE_DEVIATIONS) <= keys


SYNTAX = [("swaggerexpert", v) for v in CRITERIA["simple_condition_syntax"]["vectors"]] + [
    ("redocly", v) for v in CRITERIA["redocly_respect_lint"]["vectors"]
]


@pytest.mark.parametrize(
    ("origin", "vector"), SYNTAX, ids=[f"{o}:{v['condition']!r}" for o, v in SYNTAX]
)
def test_condition_syntax_vector(origin: str, vector: dict[str, Any]) -> None:
    expected = vector["valid"] is not ((origin, vector["condition"]) in CONDITION_DEVIATIONS)
    assert _compiles(compile_condition, vector["condition"]) is expected


def test_every_condition_deviation_names_a_vector() -> None:
    assert set(CONDITION_DEVIATIONS) <= {(o, v["condition"]) for o, v in SYNTAX}


EVALUATION = CRITERIA["simple_condition_evaluation"]


def _evaluation_context() -> Any:
    values = EVALUATION["resolver_context"]
    return context(
        status_code=values["$statusCode"],
        response={"status_code": values["$statusCode"], "body": values["$response.body"]},
        inputs={k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("$inputs.")},
    )


@pytest.mark.parametrize(
    "vector", EVALUATION["vectors"], ids=[v["condition"] for v in EVALUATION["vectors"]]
)
def test_condition_evaluation_vector(vector: dict[str, Any]) -> None:
    result = compile_condition(vector["condition"]).evaluate(_evaluation_context())
    assert result.passed is vector["expected"]
    assert (result.reason is None) is result.passed


JSONPATH = CRITERIA["jsonpath_rfc9535_facts"]["vectors"]


@pytest.mark.parametrize(
    "vector",
    JSONPATH,
    ids=[f"{v['condition']}:{json.dumps(v['context_value'])}" for v in JSONPATH],
)
def test_jsonpath_fact(vector: dict[str, Any]) -> None:
    criterion = compile_criterion(vector["condition"], context="$response.body", type="jsonpath")
    result = criterion.evaluate(context(response={"body": vector["context_value"]}))
    assert result.passed is vector["passes"]
    assert result.actual == vector["nodelist"]
    if not result.passed:
        assert result.reason == "jsonpath selected nothing"
