"""Security requirements applied from credentials; missing ones fail before sending."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import MissingCredentialError
from arazzo_engine.errors import RequestBindingError
from arazzo_engine.location import Location
from arazzo_engine.openapi import ParameterValue
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import check_request
from arazzo_engine.openapi import resolve_operation
from tests.openapi.support import description
from tests.openapi.support import registry_for

SCHEMES = {
    "basicAuth": {"type": "http", "scheme": "basic"},
    "bearerAuth": {"type": "http", "scheme": "bearer"},
    "headerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
    "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session"},
    "oauth": {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "https://a/t", "scopes": {}}},
    },
    "oidc": {
        "type": "openIdConnect",
        "openIdConnectUrl": "https://a/.well-known/openid-configuration",
    },
}


def _ok(op_id, security=None):
    op = {"operationId": op_id, "responses": {"200": {"description": "ok"}}}
    if security is not None:
        op["security"] = security
    return op


@pytest.fixture
def registry(tmp_path):
    doc = description(
        {
            "/default": {"get": _ok("inherits")},
            "/open": {"get": _ok("open", [])},
            "/either": {
                "get": _ok("either", [{"oauth": ["write"]}, {"headerKey": [], "queryKey": []}])
            },
            "/optional": {"get": _ok("optional", [{"bearerAuth": []}, {}])},
            **{f"/{name}": {"get": _ok(name, [{name: []}])} for name in SCHEMES},
        },
        security=[{"basicAuth": []}],
        components={"securitySchemes": SCHEMES},
    )
    return registry_for(tmp_path, doc, "studioApi")


def _bind(registry, op_id, credentials, parameters=()):
    op = resolve_operation(registry, operation_id=op_id)
    return op, bind_request(op, credentials=credentials, parameters=list(parameters))


def test_root_security_applies_http_basic_from_a_tuple_or_user_pass(registry):
    for creds in (("AC123", "s3cret"), "AC123:s3cret", ["AC123", "s3cret"]):
        op, spec = _bind(registry, "inherits", {"basicAuth": creds})
        token = base64.b64encode(b"AC123:s3cret").decode()
        assert spec.header("Authorization") == f"Basic {token}"
        assert {token, "s3cret"} <= spec.secrets
        assert check_request(op, spec) == []


def test_bearer_oauth2_and_openidconnect_send_a_bearer_token(registry):
    for name in ("bearerAuth", "oauth", "oidc"):
        _, spec = _bind(registry, name, {name: "tok-123"})
        assert spec.header("authorization") == "Bearer tok-123"
        assert "tok-123" in spec.secrets


def test_api_keys_go_where_the_scheme_says(registry):
    _, spec = _bind(registry, "headerKey", {"headerKey": "k1"})
    assert spec.header("X-API-Key") == "k1"
    _, spec = _bind(registry, "queryKey", {"queryKey": "k 2"})
    assert parse_qs(urlsplit(spec.url).query) == {"api_key": ["k 2"]}
    assert spec.query == {}  # credentials are not step parameters
    _, spec = _bind(registry, "cookieKey", {"cookieKey": "k3"})
    assert spec.header("cookie") == "session=k3"


def test_operation_security_empty_list_means_none(registry):
    _, spec = _bind(registry, "open", None)
    assert not spec.secrets
    assert all(k.lower() != "authorization" for k, _ in spec.headers)


def test_first_fully_satisfiable_alternative_wins(registry):
    _, spec = _bind(registry, "either", {"headerKey": "h", "queryKey": "q"})
    assert spec.header("X-API-Key") == "h"
    assert "api_key=q" in spec.url
    assert all(k.lower() != "authorization" for k, _ in spec.headers)
    _, spec = _bind(registry, "either", {"oauth": "t", "headerKey": "h", "queryKey": "q"})
    assert spec.header("authorization") == "Bearer t"
    assert spec.header("X-API-Key") is UNDEFINED
    assert "api_key" not in spec.url


def test_an_empty_alternative_makes_security_optional(registry):
    _, spec = _bind(registry, "optional", {})
    assert not spec.secrets
    _, spec = _bind(registry, "optional", {"bearerAuth": "t"})
    assert spec.header("authorization") == "Bearer t"


def test_missing_credential_names_the_scheme_and_how_to_supply_it(registry):
    op = resolve_operation(registry, operation_id="inherits")
    location = Location("flow.yaml", 30, 7, "/workflows/0/steps/1")
    with pytest.raises(MissingCredentialError) as info:
        bind_request(op, credentials={}, location=location)
    assert info.value.location == location
    text = str(info.value)
    assert "'basicAuth' (http basic)" in text
    assert "--auth studioApi.basicAuth=USER:PASS" in text
    assert "auth={'studioApi': {'basicAuth': (user, password)}}" in text


def test_missing_credential_lists_every_alternative(registry):
    op = resolve_operation(registry, operation_id="either")
    with pytest.raises(
        MissingCredentialError,
        match=r"one of 'oauth' \(oauth2\) or "
        r"'headerKey' \(apiKey in header 'X-API-Key'\) \+ 'queryKey'",
    ):
        bind_request(op, credentials={"headerKey": "only-one"})


def test_a_credential_the_step_sends_itself_satisfies_the_scheme(registry):
    _, spec = _bind(
        registry, "bearerAuth", None, [ParameterValue("Authorization", "header", "Bearer x")]
    )
    assert spec.header("authorization") == "Bearer x"


def test_wrongly_shaped_credentials_are_refused_without_echoing_them(registry):
    op = resolve_operation(registry, operation_id="inherits")
    with pytest.raises(RequestBindingError) as info:
        bind_request(op, credentials={"basicAuth": "no-colon-secret"})
    assert "no-colon-secret" not in str(info.value)
