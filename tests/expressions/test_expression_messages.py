"""Expressions read the real RequestSpec and ResponseView records."""

from __future__ import annotations

import json
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.expressions import ExpressionContext
from arazzo_engine.expressions import compile_condition
from arazzo_engine.expressions import compile_expression


def _messages() -> Any:
    # imported here so that a broken messages module fails these tests, not collection
    from arazzo_engine import messages

    return messages


def _response() -> Any:
    ResponseView = _messages().ResponseView  # noqa: N806
    body = json.dumps({"status": "Active", "items": [{"id": 1}]}).encode()
    headers = (("Content-Type", "application/json"), ("X-Request-Id", "r1"))
    return ResponseView.build(201, headers, body, url="http://127.0.0.1/x")


def _request() -> Any:
    return _messages().RequestSpec(
        method="POST",
        url="http://127.0.0.1/pets?limit=5",
        headers=(("Content-Type", "application/json"), ("Authorization", "Bearer s3cret")),
        path={"petId": "p1"},
        query={"limit": 5},
        header_params={"X-Trace": "t1"},
        payload={"name": "Rex"},
    )


def test_response_parts() -> None:
    ctx = ExpressionContext(request=_request(), response=_response())
    assert compile_expression("$statusCode").evaluate(ctx) == 201
    assert compile_expression("$response.header.x-request-id").evaluate(ctx) == "r1"
    assert compile_expression("$response.body#/items/0/id").evaluate(ctx) == 1
    assert compile_condition("$response.body.status == 'active'").evaluate(ctx).passed


def test_request_parts() -> None:
    ctx = ExpressionContext(request=_request())
    assert compile_expression("$url").evaluate(ctx) == "http://127.0.0.1/pets?limit=5"
    assert compile_expression("$method").evaluate(ctx) == "POST"
    assert compile_expression("$request.path.petId").evaluate(ctx) == "p1"
    assert compile_expression("$request.query.limit").evaluate(ctx) == 5
    assert compile_expression("$request.header.x-trace").evaluate(ctx) == "t1"
    assert compile_expression("$request.header.content-type").evaluate(ctx) == "application/json"
    assert compile_expression("$request.body#/name").evaluate(ctx) == "Rex"
    assert compile_expression("$statusCode").evaluate(ctx) is UNDEFINED


def test_unparseable_json_body_is_undefined() -> None:
    response = _messages().ResponseView.build(
        200, (("Content-Type", "application/json"),), b"{oops"
    )
    ctx = ExpressionContext(response=response)
    assert compile_expression("$response.body").evaluate(ctx) is UNDEFINED
    result = compile_condition("$response.body == null").evaluate(ctx)
    assert result.passed
