"""OpenAPI operations: resolution, request binding and checking (openapi-core as referee)."""

from __future__ import annotations

from arazzo_engine.openapi.binding import BodyValue
from arazzo_engine.openapi.binding import ParameterValue
from arazzo_engine.openapi.binding import bind_request
from arazzo_engine.openapi.binding import merge_parameters
from arazzo_engine.openapi.checking import check_request
from arazzo_engine.openapi.checking import check_response
from arazzo_engine.openapi.operation import ParameterDef
from arazzo_engine.openapi.operation import RequestBodyDef
from arazzo_engine.openapi.operation import ResolvedOperation
from arazzo_engine.openapi.operation import ServerDef
from arazzo_engine.openapi.resolver import resolve_operation

__all__ = [
    "BodyValue",
    "ParameterDef",
    "ParameterValue",
    "RequestBodyDef",
    "ResolvedOperation",
    "ServerDef",
    "bind_request",
    "check_request",
    "check_response",
    "merge_parameters",
    "resolve_operation",
]
