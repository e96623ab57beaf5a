"""Helpers for the OpenAPI binding tests: write a description, load it, bind and decode."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.openapi import ResolvedOperation
from arazzo_engine.openapi import resolve_operation
from arazzo_engine.openapi.adapter import OpenAPIRequest
from arazzo_engine.openapi.adapter import openapi_for
from arazzo_engine.sources import SourceRegistry

if TYPE_CHECKING:
    from pathlib import Path

    from arazzo_engine.messages import RequestSpec

SERVER = "https://api.example.com/v1"


def description(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A minimal OpenAPI 3.0 description with the given paths."""
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "test", "version": "1"},
        "servers": [{"url": SERVER}],
        "paths": paths,
    }
    doc.update(extra)
    return doc


def registry_for(tmp_path: Path, doc: dict[str, Any], name: str = "api") -> SourceRegistry:
    """Write ``doc`` as JSON next to a (virtual) Arazzo file and load it as source ``name``."""
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return SourceRegistry.build(
        [(name, path.name, "openapi")], base_uri=(tmp_path / "x.arazzo.yaml").as_uri()
    )


def operation(tmp_path: Path, doc: dict[str, Any], operation_id: str) -> ResolvedOperation:
    return resolve_operation(registry_for(tmp_path, doc), operation_id=operation_id)


def decode(op: ResolvedOperation, spec: RequestSpec) -> Any:
    """Let openapi-core unmarshal the request; returns its result (parameters, body, errors)."""
    return openapi_for(op.document).unmarshal_request(OpenAPIRequest(op, spec))
