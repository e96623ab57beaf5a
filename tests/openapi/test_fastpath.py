"""Prebuilt checking plans: they agree with openapi-core on every message, and are built once."""

from __future__ import annotations

import itertools
import json
import warnings

import pytest

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import RequestBindingError
from arazzo_engine.messages import ResponseView
from arazzo_engine.openapi import BodyValue
from arazzo_engine.openapi import ParameterValue
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import check_request
from arazzo_engine.openapi import check_response
from arazzo_engine.openapi import resolve_operation
from arazzo_engine.openapi.adapter import OpenAPIRequest
from arazzo_engine.openapi.adapter import OpenAPIResponse
from arazzo_engine.openapi.adapter import finder_url
from arazzo_engine.openapi.adapter import openapi_for
from arazzo_engine.openapi.checking import describe_error
from arazzo_engine.openapi.fastpath import request_plan
from arazzo_engine.openapi.fastpath import response_plan
from tests.openapi.support import description
from tests.openapi.support import registry_for

PET = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
}
PROBLEM = {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}}
OPERATION = {
    "operationId": "putThing",
    "parameters": [
        {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 10}},
        {
            "name": "tags",
            "in": "query",
            "explode": False,
            "schema": {"type": "array", "items": {"type": "string", "minLength": 2}},
        },
        {"name": "mode", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}},
        {"name": "note", "in": "query", "schema": {"type": "string"}},
        {
            "name": "X-Trace",
            "in": "header",
            "required": True,
            "schema": {"type": "string", "pattern": "^t"},
        },
        {"name": "session", "in": "cookie", "schema": {"type": "string", "minLength": 3}},
        {
            "name": "filter",
            "in": "query",
            "content": {"application/json": {"schema": {"properties": {"a": {"type": "integer"}}}}},
        },
    ],
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": PET},
            "application/x-www-form-urlencoded": {"schema": PET},
        },
    },
    "responses": {
        "200": {
            "description": "ok",
            "headers": {"X-Rate": {"required": True, "schema": {"type": "integer"}}},
            "content": {"application/json": {"schema": PET}},
        },
        "4XX": {
            "description": "bad",
            "content": {"application/problem+json": {"schema": PROBLEM}},
        },
        "default": {
            "description": "anything else",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
    },
}
PATH_ITEM = {
    "parameters": [
        {
            "name": "id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
    ],
    "put": OPERATION,
}
MISSING = UNDEFINED


@pytest.fixture(scope="module")
def op(tmp_path_factory):
    registry = registry_for(
        tmp_path_factory.mktemp("fastpath"), description({"/things/{id}": PATH_ITEM})
    )
    return resolve_operation(registry, operation_id="putThing")


def _referee_request(op, spec):
    """openapi-core's own findings for a request, never through a plan."""
    app = openapi_for(op.document)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        errors = list(app.iter_request_errors(OpenAPIRequest(op, spec)))
    return [spec.redact(m) for e in errors for m in describe_error(e)]


def _referee_response(op, spec, response):
    app = openapi_for(op.document)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        errors = list(app.iter_response_errors(OpenAPIRequest(op, spec), OpenAPIResponse(response)))
    return [spec.redact(m) for e in errors for m in describe_error(e)]


def _bind(op, *, thing_id=7, params=(), body=MISSING, content_type="application/json"):
    given = [ParameterValue("id", "path", thing_id)]
    given += [ParameterValue(n, where, v) for n, where, v in params if v is not MISSING]
    payload = None if body is MISSING else BodyValue(body, content_type)
    return bind_request(op, parameters=given, body=payload)


REQUEST_CASES = [
    *(
        {"thing_id": i, "params": [("limit", "query", lim), ("X-Trace", "header", tr)]}
        for i, lim, tr in itertools.product((7, 0, "seven"), (MISSING, 3, 50), (MISSING, "t1", "x"))
    ),
    *(
        {"params": [("X-Trace", "header", "t1"), (name, where, v)]}
        for name, where, values in [
            ("tags", "query", (["ab", "cd"], ["ab", "c"], [])),
            ("mode", "query", ("a", "c")),
            ("note", "query", ("hi", "")),
            ("session", "cookie", ("abc", "ab")),
            ("filter", "query", ({"a": 1}, {"a": "one"})),
        ]
        for v in values
    ),
]
BODIES = [
    (MISSING, "application/json"),
    *itertools.product(
        ({"name": "Rex", "age": 2}, {"age": -1}, {"name": 5}),
        ("application/json", "application/x-www-form-urlencoded"),
    ),
]
VALID = [("X-Trace", "header", "t1")]
CASES = [
    *({**case, "body": {"name": "Rex"}} for case in REQUEST_CASES),
    *(
        {"params": params, "body": body, "content_type": ct}
        for params in (VALID, [*VALID, ("limit", "query", 50)])
        for body, ct in BODIES
    ),
]


def test_request_plans_agree_with_openapi_core(op):
    app = openapi_for(op.document)
    plan = request_plan(op.document, app, "put", finder_url(op.path_template))
    assert plan is not None
    conforming = checked = 0
    for case in CASES:
        try:
            spec = _bind(op, **case)
        except RequestBindingError:
            continue
        expected = _referee_request(op, spec)
        assert plan.conforms(OpenAPIRequest(op, spec)) is (expected == []), (case, expected)
        assert check_request(op, spec) == expected
        checked += 1
        conforming += expected == []
    assert checked > len(CASES) // 2
    assert 0 < conforming < checked


def _response(status, body, content_type, rate):
    headers = [("Content-Type", content_type)] if content_type else []
    if rate is not MISSING:
        headers.append(("X-Rate", rate))
    content = b"" if body is MISSING else json.dumps(body).encode()
    return ResponseView.build(status, tuple(headers), content)


RESPONSE_CASES = [
    *itertools.product(
        (200, 201, 404, 500),
        ({"name": "Rex"}, {"title": "nope"}, MISSING),
        ("application/json", "application/problem+json", "text/plain", "text/html", None),
        ("5",),
    ),
    (200, {"name": "Rex"}, "application/json", "five"),
    (200, {"name": "Rex"}, "application/json", MISSING),
    (200, {"name": 5}, "application/json", "5"),
    (404, {"title": 5}, "application/problem+json", MISSING),
]


def test_response_plans_agree_with_openapi_core(op):
    spec = _bind(op, params=[("X-Trace", "header", "t1")], body={"name": "Rex"})
    app = openapi_for(op.document)
    plan = response_plan(op.document, app, "put", finder_url(op.path_template))
    assert plan is not None
    conforming = 0
    for case in RESPONSE_CASES:
        response = _response(*case)
        expected = _referee_response(op, spec, response)
        assert plan.conforms(OpenAPIResponse(response)) is (expected == []), (case, expected)
        assert check_response(op, spec, response) == expected
        conforming += expected == []
    assert 0 < conforming < len(RESPONSE_CASES)


def test_a_plan_is_built_once_and_creates_no_validators_per_call(op, monkeypatch):
    app = openapi_for(op.document)
    url = finder_url(op.path_template)
    params = [("X-Trace", "header", "t1"), ("limit", "query", 2)]
    spec = _bind(op, params=params, body={"name": "a"})
    response = _response(200, {"name": "a"}, "application/json", "1")
    assert check_request(op, spec) == []
    assert check_response(op, spec, response) == []
    plan = request_plan(op.document, app, "put", url)
    assert request_plan(op.document, app, "put", url) is plan
    assert response_plan(op.document, app, "put", url) is response_plan(
        op.document, app, "put", url
    )
    created = []
    for validator in (app.request_validator, app.response_validator):
        factory = validator.schema_validators_factory
        original = factory.create

        def counting(*args, _original=original, **kwargs):
            created.append(args)
            return _original(*args, **kwargs)

        monkeypatch.setattr(factory, "create", counting)
    for _ in range(3):
        assert check_request(op, spec) == []
        assert check_response(op, spec, response) == []
    assert created == []
    # a finding still goes through openapi-core, which builds its validators as before
    bad = _bind(op, params=[("X-Trace", "header", "t1"), ("limit", "query", 20)], body={})
    assert check_request(op, bad) == [
        "query parameter 'limit': maximum 10, got 20",
        "request body: required property 'name', got {}",
    ]
    assert created != []


def test_plans_are_kept_per_source(op, tmp_path):
    other = resolve_operation(
        registry_for(tmp_path, description({"/things/{id}": PATH_ITEM})),
        operation_id="putThing",
    )
    url = finder_url(op.path_template)
    mine = request_plan(op.document, openapi_for(op.document), "put", url)
    theirs = request_plan(other.document, openapi_for(other.document), "put", url)
    assert mine is not None
    assert theirs is not None
    assert mine is not theirs
