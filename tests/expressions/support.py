"""Test helpers: stand-ins with the attributes expressions read of RequestSpec/ResponseView."""

from __future__ import annotations

import os
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.expressions import DEFAULT_ENVIRONMENT
from arazzo_engine.expressions import ExpressionContext

REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = Path(os.environ.get("ARAZZO_SPEC_DIR", REPO.parent / "shared" / "arazzo-spec"))
CASES = Path(__file__).resolve().parent / "cases"


def _first(headers: tuple[tuple[str, str], ...], name: str) -> Any:
    for key, value in headers:
        if key.lower() == name.lower():
            return value
    return UNDEFINED


@dataclass(frozen=True)
class FakeRequest:
    method: str = "GET"
    url: str = "http://127.0.0.1/x"
    headers: tuple[tuple[str, str], ...] = ()
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    header_params: dict[str, Any] = field(default_factory=dict)
    payload: Any = UNDEFINED

    def header(self, name: str) -> Any:
        return _first(self.headers, name)


@dataclass(frozen=True)
class FakeResponse:
    status_code: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = None

    def header(self, name: str) -> Any:
        return _first(self.headers, name)


def context(
    *,
    request: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    **fields: Any,
) -> ExpressionContext:
    """Build a context from plain data.

    ``request``/``response`` are FakeRequest/FakeResponse keyword arguments;
    ``strict`` and ``case_sensitive`` set the environment.
    """
    environment = DEFAULT_ENVIRONMENT.evolve(
        strict=fields.pop("strict", False),
        case_insensitive=not fields.pop("case_sensitive", False),
    )
    fields["environment"] = environment
    if request is not None:
        if "headers" in request:
            request = {**request, "headers": tuple(map(tuple, request["headers"]))}
        fields["request"] = FakeRequest(**request)
    if response is not None:
        if "headers" in response:
            response = {**response, "headers": tuple(map(tuple, response["headers"]))}
        fields["response"] = FakeResponse(**response)
    return ExpressionContext(**fields)


def spec_file(name: str) -> Path:
    path = SPEC_DIR / name
    if not path.is_file():
        raise FileNotFoundError(
            f"Arazzo conformance data {path} not found: set ARAZZO_SPEC_DIR or place the "
            "shared/ folder beside the checkout"
        )
    return path
