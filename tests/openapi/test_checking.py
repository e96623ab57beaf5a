"""openapi-core as referee: readable findings for requests and responses."""

from __future__ import annotations

import json

import pytest

from arazzo_engine.messages import ResponseView
from arazzo_engine.openapi import BodyValue
from arazzo_engine.openapi import ParameterValue
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import check_request
from arazzo_engine.openapi import check_response
from arazzo_engine.openapi import resolve_operation
from arazzo_engine.openapi.adapter import openapi_for
from arazzo_engine.sources import SourceRegistry
from tests.openapi.support import description
from tests.openapi.support import registry_for

PET = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
}
PROBLEM = {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}}


@pytest.fixture
def registry(tmp_path):
    doc = description(
        {
            "/pets/{petId}": {
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "put": {
                    "operationId": "updatePet",
                    "security": [{"key": []}],
                    "parameters": [
                        {
                            "name": "X-Trace",
                            "in": "header",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "maximum": 10},
                        },
                        {
                            "name": "api_key",
                            "in": "query",
                            "schema": {"type": "string", "pattern": "^k-"},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": PET}},
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": PET}},
                        },
                        "4XX": {
                            "description": "bad",
                            "content": {"application/problem+json": {"schema": PROBLEM}},
                        },
                    },
                },
            }
        },
        components={
            "securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "api_key"}}
        },
    )
    return registry_for(tmp_path, doc)


def _bind(registry, *, body, params=(), key="k-secret"):
    op = resolve_operation(registry, operation_id="updatePet")
    base = [ParameterValue("petId", "path", 7), ParameterValue("X-Trace", "header", "t1")]
    spec = bind_request(
        op, parameters=[*base, *params], body=BodyValue(body), credentials={"key": key}
    )
    return op, spec


def _response(status, body, content_type="application/json"):
    return ResponseView.build(status, (("Content-Type", content_type),), json.dumps(body).encode())


def test_a_conforming_request_and_response_have_no_findings(registry):
    op, spec = _bind(registry, body={"name": "Rex", "age": 2})
    assert check_request(op, spec) == []
    assert check_response(op, spec, _response(200, {"name": "Rex"})) == []


def test_body_findings_name_the_field_the_expectation_and_the_value(registry):
    op, spec = _bind(registry, body={"age": -1})
    findings = check_request(op, spec)
    assert "request body: required property 'name', got {\"age\": -1}" in findings
    assert "request body/age: minimum 0, got -1" in findings


def test_parameter_findings_are_readable(registry):
    op, spec = _bind(registry, body={"name": "a"}, params=[ParameterValue("limit", "query", 50)])
    assert check_request(op, spec) == ["query parameter 'limit': maximum 10, got 50"]
    op = resolve_operation(registry, operation_id="updatePet")
    spec = bind_request(
        op,
        parameters=[ParameterValue("petId", "path", 1)],
        body=BodyValue({"name": "a"}),
        credentials={"key": "k-1"},
    )
    assert check_request(op, spec) == ["header parameter 'X-Trace': required, but not sent"]


def test_an_undeclared_status_is_a_finding_not_a_crash(registry):
    op, spec = _bind(registry, body={"name": "a"})
    findings = check_response(op, spec, _response(502, {}))
    assert findings == ["status: expected one of the declared responses (200, 4XX), got 502"]


def test_plus_json_responses_are_decoded_as_json(registry):
    op, spec = _bind(registry, body={"name": "a"})
    problem = "application/problem+json"
    assert check_response(op, spec, _response(404, {"title": "nope"}, problem)) == []
    assert check_response(op, spec, _response(404, {"title": 1}, problem)) == [
        "response body/title: type string, got 1"
    ]


def test_undeclared_response_media_type_is_reported(registry):
    op, spec = _bind(registry, body={"name": "a"})
    view = ResponseView.build(200, (("Content-Type", "text/html"),), b"<html/>")
    assert check_response(op, spec, view) == [
        "response body: expected media type application/json, got 'text/html'"
    ]


def test_findings_never_show_secrets(registry):
    op, spec = _bind(registry, body={"name": "a"}, key="bad-secret-value")
    findings = check_request(op, spec)
    assert findings == ["query parameter 'api_key': pattern ^k-, got \"[REDACTED]\""]


def test_one_openapi_object_per_source(registry):
    op = resolve_operation(registry, operation_id="updatePet")
    assert openapi_for(op.document) is openapi_for(registry.get("api"))


YAML_DESCRIPTION = """
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /token:
    post:
      operationId: token
      parameters:
        - {name: Content-Type, in: header, schema: {type: string, enum: [text/plain]}}
      requestBody:
        content:
          application/json: {schema: {type: object}}
      responses:
        200:
          description: unquoted status keys are integers in YAML
          content:
            application/json: {schema: {type: object, required: [token]}}
"""


def test_yaml_integer_status_keys_and_ignored_header_definitions(tmp_path):
    (tmp_path / "api.yaml").write_text(YAML_DESCRIPTION)
    registry = SourceRegistry.build([("api", "api.yaml")], base_uri=tmp_path.as_uri() + "/")
    op = resolve_operation(registry, operation_id="token")
    assert op.responses == ("200",)
    spec = bind_request(op, body=BodyValue({"a": 1}))
    # OAS: a header parameter named Content-Type is ignored, so its enum is not enforced.
    assert check_request(op, spec) == []
    assert check_response(op, spec, _response(200, {})) == [
        "response body: required property 'token', got {}"
    ]
