"""Credentials never show: not in RequestSpec's repr, not in error messages or findings."""

from __future__ import annotations

import pytest

from arazzo_engine.errors import RequestBindingError
from arazzo_engine.messages import REDACTED
from arazzo_engine.openapi import ParameterValue
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import resolve_operation
from tests.openapi.support import description
from tests.openapi.support import registry_for

SCHEMES = {
    "basic": {"type": "http", "scheme": "basic"},
    "key": {"type": "apiKey", "in": "query", "name": "token"},
}


@pytest.fixture
def op(tmp_path):
    doc = description(
        {
            "/flows/{sid}": {
                "get": {
                    "operationId": "getFlow",
                    "security": [{"basic": [], "key": []}],
                    "parameters": [
                        {
                            "name": "sid",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        components={"securitySchemes": SCHEMES},
    )
    return resolve_operation(registry_for(tmp_path, doc), operation_id="getFlow")


def test_request_spec_repr_hides_credentials(op):
    spec = bind_request(
        op,
        parameters=[ParameterValue("sid", "path", "FW1")],
        credentials={"basic": ("ACuser", "auth-token-123"), "key": "query-key-456"},
    )
    assert "query-key-456" in spec.url  # it is really sent...
    shown = repr(spec) + str(spec.redacted_headers())
    for secret in ("auth-token-123", "query-key-456", "ACuser:auth-token-123"):
        assert secret not in shown  # ...but never shown
    assert REDACTED in repr(spec)
    assert "secrets" not in repr(spec)


def test_binding_errors_do_not_echo_credentials(op):
    with pytest.raises(RequestBindingError) as info:
        bind_request(
            op,
            parameters=[ParameterValue("sid", "path", "FW1")],
            credentials={"basic": "no-colon-password", "key": "query-key-456"},
        )
    assert "no-colon-password" not in str(info.value)
    assert "query-key-456" not in str(info.value)
