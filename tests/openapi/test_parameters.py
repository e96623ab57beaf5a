"""Parameter serialization: every style/explode combination round-trips through openapi-core."""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import pytest

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import MissingParameterError
from arazzo_engine.errors import RequestBindingError
from arazzo_engine.location import Location
from arazzo_engine.openapi import ParameterValue
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import check_request
from arazzo_engine.openapi import merge_parameters
from tests.openapi.support import decode
from tests.openapi.support import description
from tests.openapi.support import operation

SCHEMAS = {
    "primitive": {"type": "integer"},
    "array": {"type": "array", "items": {"type": "integer"}},
    "object": {
        "type": "object",
        "properties": {"role": {"type": "string"}, "firstName": {"type": "string"}},
    },
}
VALUES = {"primitive": 5, "array": [3, 4, 5], "object": {"role": "admin", "firstName": "Alex"}}

CASES = [
    *(
        (loc, style, explode, kind)
        for (loc, styles) in [
            ("path", ("simple", "label", "matrix")),
            ("query", ("form",)),
            ("header", ("simple",)),
            ("cookie", ("form",)),
        ]
        for style, explode, kind in itertools.product(styles, (False, True), SCHEMAS)
    ),
    ("query", "spaceDelimited", False, "array"),
    ("query", "spaceDelimited", False, "object"),
    ("query", "pipeDelimited", False, "array"),
    ("query", "pipeDelimited", False, "object"),
    ("query", "deepObject", True, "object"),
]


def _op_for(tmp_path, loc, style, explode, kind, name="p", version="3.0.3"):
    template = "/things/{p}" if loc == "path" else "/things"
    param = {
        "name": name,
        "in": loc,
        "required": True,
        "style": style,
        "explode": explode,
        "schema": SCHEMAS[kind],
    }
    doc = description(
        {
            template: {
                "get": {
                    "operationId": "op",
                    "parameters": [param],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        openapi=version,
    )
    return operation(tmp_path, doc, "op")


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize(("loc", "style", "explode", "kind"), CASES, ids=lambda v: str(v))
def test_style_round_trips_through_openapi_core(tmp_path, loc, style, explode, kind, version):
    """The request we build is accepted by openapi-core and decodes back to the input value."""
    name = "X-Things" if loc == "header" else "p"
    op = _op_for(tmp_path, loc, style, explode, kind, name, version)
    spec = bind_request(op, parameters=[ParameterValue(name, loc, VALUES[kind])])
    assert check_request(op, spec) == []
    result = decode(op, spec)
    assert result.errors == []
    assert getattr(result.parameters, loc)[name] == VALUES[kind]


@pytest.mark.parametrize(
    ("style", "explode", "kind", "expected"),
    [
        ("simple", False, "array", "/things/3,4,5"),
        ("simple", True, "object", "/things/role=admin,firstName=Alex"),
        ("label", True, "array", "/things/.3.4.5"),
        ("matrix", True, "array", "/things/;p=3;p=4;p=5"),
        ("matrix", False, "object", "/things/;p=role,admin,firstName,Alex"),
    ],
)
def test_path_styles_render_as_the_openapi_table_says(tmp_path, style, explode, kind, expected):
    op = _op_for(tmp_path, "path", style, explode, kind)
    spec = bind_request(op, parameters=[ParameterValue("p", "path", VALUES[kind])])
    assert urlsplit(spec.url).path == "/v1" + expected


def test_path_values_encode_reserved_characters_including_slash(tmp_path):
    doc = description(
        {
            "/files/{name}": {
                "get": {
                    "operationId": "op",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }
    )
    op = operation(tmp_path, doc, "op")
    spec = bind_request(op, parameters=[ParameterValue("name", "path", "a/b c?d#e,f%")])
    assert spec.url == "https://api.example.com/v1/files/a%2Fb%20c%3Fd%23e%2Cf%25"
    assert decode(op, spec).parameters.path["name"] == "a/b c?d#e,f%"


def _query_op(tmp_path, allow_reserved):
    doc = description(
        {
            "/search": {
                "get": {
                    "operationId": "op",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string"},
                            "allowReserved": allow_reserved,
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }
    )
    return operation(tmp_path, doc, "op")


def test_query_values_are_percent_encoded_per_rfc3986(tmp_path):
    op = _query_op(tmp_path, False)
    spec = bind_request(op, parameters=[ParameterValue("q", "query", "a b&c=d/e+é")])
    assert spec.url.endswith("/search?q=a%20b%26c%3Dd%2Fe%2B%C3%A9")
    assert decode(op, spec).parameters.query["q"] == "a b&c=d/e+é"


def test_allow_reserved_leaves_reserved_characters_unencoded(tmp_path):
    op = _query_op(tmp_path, True)
    spec = bind_request(op, parameters=[ParameterValue("q", "query", "a/b:c,d")])
    assert spec.url.endswith("/search?q=a/b:c,d")


def test_content_parameter_is_sent_as_json_text(tmp_path):
    doc = description(
        {
            "/search": {
                "get": {
                    "operationId": "op",
                    "parameters": [
                        {
                            "name": "filter",
                            "in": "query",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"a": {"type": "integer"}},
                                    }
                                }
                            },
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }
    )
    op = operation(tmp_path, doc, "op")
    spec = bind_request(op, parameters=[ParameterValue("filter", "query", {"a": 1})])
    assert spec.url.endswith("?filter=%7B%22a%22%3A1%7D")
    assert check_request(op, spec) == []
    assert decode(op, spec).parameters.query["filter"] == {"a": 1}


def test_header_names_match_case_insensitively(tmp_path):
    op = _op_for(tmp_path, "header", "simple", False, "array", name="X-Rate")
    spec = bind_request(op, parameters=[ParameterValue("x-rate", "header", [1, 2])])
    assert spec.header("X-Rate") == "1,2"
    assert ("X-Rate", "1,2") in spec.headers  # the declared spelling is used


def test_undeclared_parameters_are_still_sent(tmp_path):
    op = _query_op(tmp_path, False)
    spec = bind_request(
        op,
        parameters=[
            ParameterValue("extra", "query", True),
            ParameterValue("X-Trace", "header", "abc"),
            ParameterValue("session", "cookie", "s1"),
        ],
    )
    assert spec.url.endswith("/search?extra=true")
    assert spec.header("x-trace") == "abc"
    assert spec.header("cookie") == "session=s1"
    assert spec.query == {"extra": True}


def test_undefined_values_are_not_sent(tmp_path):
    op = _query_op(tmp_path, False)
    spec = bind_request(op, parameters=[ParameterValue("q", "query", UNDEFINED)])
    assert spec.url.endswith("/search")


def test_missing_path_parameter_names_it_and_the_operation(tmp_path):
    op = _op_for(tmp_path, "path", "simple", False, "primitive")
    location = Location("flow.yaml", 12, 9, "/workflows/0/steps/0")
    with pytest.raises(MissingParameterError, match=r"api\.op needs path parameter 'p'") as info:
        bind_request(op, parameters=[], location=location)
    assert "in: path" in (info.value.hint or "")
    assert info.value.location == location
    assert str(info.value).startswith("flow.yaml:12:9 (/workflows/0/steps/0): ")


def test_parameter_without_in_matches_by_name(tmp_path):
    op = _query_op(tmp_path, False)
    spec = bind_request(op, parameters=[ParameterValue("q", None, "x")])
    assert spec.url.endswith("?q=x")
    with pytest.raises(RequestBindingError, match="has no 'in'"):
        bind_request(op, parameters=[ParameterValue("nope", None, "x")])


def test_header_values_with_line_breaks_are_refused(tmp_path):
    op = _op_for(tmp_path, "header", "simple", False, "primitive", name="X-P")
    with pytest.raises(RequestBindingError, match="line break"):
        bind_request(op, parameters=[ParameterValue("X-P", "header", "a\r\nInjected: 1")])


def test_merge_parameters_step_wins_by_name_and_in():
    workflow = [ParameterValue("a", "query", 1), ParameterValue("X-Id", "header", "w")]
    step = [ParameterValue("x-id", "header", "s"), ParameterValue("a", "path", 2)]
    merged = merge_parameters(workflow, step)
    assert [(p.name, p.in_, p.value) for p in merged] == [
        ("a", "query", 1),
        ("x-id", "header", "s"),
        ("a", "path", 2),
    ]
