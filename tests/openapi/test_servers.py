"""Server selection: operation -> path item -> root, variables, relative URLs, overrides."""

from __future__ import annotations

import json

import pytest

from arazzo_engine.errors import RequestBindingError
from arazzo_engine.fetch import Resource
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import resolve_operation
from arazzo_engine.sources import SourceRegistry
from tests.openapi.support import description
from tests.openapi.support import registry_for

ROOT = {
    "url": "https://{env}.example.com/{base}",
    "variables": {"env": {"default": "api", "enum": ["api", "staging"]}, "base": {"default": "v1"}},
}


def _get(op_id, **extra):
    return {"get": {"operationId": op_id, "responses": {"200": {"description": "ok"}}, **extra}}


def _doc(servers=None):
    return description(
        {
            "/root": _get("root"),
            "/item": {"servers": [{"url": "https://items.example.com"}], **_get("item")},
            "/op": {
                "servers": [{"url": "https://items.example.com"}],
                **_get("op", servers=[{"url": "https://op.example.com/x/"}]),
            },
        },
        servers=servers if servers is not None else [ROOT],
    )


def _url(registry, op_id, **kwargs):
    return bind_request(resolve_operation(registry, operation_id=op_id), **kwargs).url


def test_servers_come_from_operation_then_path_item_then_root(tmp_path):
    registry = registry_for(tmp_path, _doc())
    assert _url(registry, "root") == "https://api.example.com/v1/root"
    assert _url(registry, "item") == "https://items.example.com/item"
    assert _url(registry, "op") == "https://op.example.com/x/op"


def test_server_variables_override_defaults_and_respect_enums(tmp_path):
    registry = registry_for(tmp_path, _doc())
    assert (
        _url(registry, "root", server_variables={"env": "staging"})
        == "https://staging.example.com/v1/root"
    )
    with pytest.raises(RequestBindingError, match="not one of its enum values"):
        _url(registry, "root", server_variables={"env": "prod"})


def test_server_url_override_replaces_the_whole_server_url(tmp_path):
    registry = registry_for(tmp_path, _doc())
    assert _url(registry, "op", server_url="http://127.0.0.1:8765/") == "http://127.0.0.1:8765/op"


def test_relative_server_resolves_against_an_http_source():
    text = json.dumps(
        description(
            {"/pets": {"get": {"operationId": "list", "responses": {}}}},
            servers=[{"url": "/api/v2"}],
        )
    )

    def fetch(uri):
        return Resource(uri, text)

    registry = SourceRegistry.build(
        [("pets", "https://docs.example.com/specs/pets.json")], fetcher=fetch
    )
    assert _url(registry, "list") == "https://docs.example.com/api/v2/pets"


def test_relative_server_of_a_local_file_needs_an_override(tmp_path):
    registry = registry_for(tmp_path, _doc(servers=[{"url": "/api"}]))
    with pytest.raises(RequestBindingError, match="no absolute server URL") as info:
        _url(registry, "root")
    assert "--server api=" in (info.value.hint or "")
    assert _url(registry, "root", server_url="http://localhost:1") == "http://localhost:1/root"


def test_no_servers_means_slash(tmp_path):
    registry = registry_for(tmp_path, _doc(servers=[]))
    with pytest.raises(RequestBindingError, match=r"'/' relative to"):
        _url(registry, "root")
