"""Binding a step's evaluated parameters and body to an operation: a pure ``RequestSpec``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._memo import memoized
from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import MissingParameterError
from arazzo_engine.errors import RequestBindingError
from arazzo_engine.errors import UnsupportedFeatureError
from arazzo_engine.messages import RequestSpec
from arazzo_engine.openapi.bodies import BodyValue
from arazzo_engine.openapi.bodies import choose_content_type
from arazzo_engine.openapi.bodies import encode_body
from arazzo_engine.openapi.operation import ParameterDef
from arazzo_engine.openapi.operation import ResolvedOperation
from arazzo_engine.openapi.replacements import apply_replacements
from arazzo_engine.openapi.security import apply_security
from arazzo_engine.openapi.serialize import serialize_cookie
from arazzo_engine.openapi.serialize import serialize_header
from arazzo_engine.openapi.serialize import serialize_path
from arazzo_engine.openapi.serialize import serialize_query
from arazzo_engine.openapi.servers import base_url

if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Mapping
    from collections.abc import Sequence

if TYPE_CHECKING:
    from arazzo_engine.location import Location

__all__ = ["BodyValue", "ParameterValue", "bind_request", "merge_parameters"]

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_LOCATIONS = ("path", "query", "header", "cookie")


@dataclass(frozen=True, slots=True)
class ParameterValue:
    """An evaluated Arazzo Parameter Object.

    Attributes:
        name: The parameter's name (header names match case-insensitively).
        in_: ``path``, ``query``, ``header`` or ``cookie``; ``None`` to match by name.
        value: The evaluated value; ``UNDEFINED`` means "not sent".
    """

    name: str
    in_: str | None
    value: Any


def _key(p: ParameterValue) -> tuple[str, str | None]:
    return (p.name.lower() if p.in_ == "header" else p.name, p.in_)


def merge_parameters(
    workflow_level: Iterable[ParameterValue], step_level: Iterable[ParameterValue]
) -> tuple[ParameterValue, ...]:
    """Merge workflow-level and step-level parameters; the step wins per ``(name, in)``.

    Args:
        workflow_level: The workflow's parameters (evaluated).
        step_level: The step's parameters (evaluated).

    Returns:
        The merged parameters: workflow order first, then the step's new ones.
    """
    merged: dict[tuple[str, str | None], ParameterValue] = {}
    for p in workflow_level:
        merged[_key(p)] = p
    for p in step_level:
        merged[_key(p)] = p
    return tuple(merged.values())


def _definition(op: ResolvedOperation, given: ParameterValue) -> ParameterDef:
    key = ("definition", given.name, given.in_)
    return memoized(op.memo, key, lambda: _find_definition(op, given))


def _find_definition(op: ResolvedOperation, given: ParameterValue) -> ParameterDef:
    if given.in_ is None:
        matches = [p for p in op.parameters if p.name == given.name]
        if len(matches) != 1:
            raise RequestBindingError(
                f"parameter {given.name!r} has no 'in' and operation {op} declares "
                f"{'no' if not matches else len(matches)} parameters of that name",
                hint="give the parameter an 'in': path, query, header or cookie",
            )
        return matches[0]
    if given.in_ not in _LOCATIONS:
        raise RequestBindingError(
            f"parameter {given.name!r} has 'in: {given.in_}'; use path, query, header or cookie"
        )
    declared = op.parameter(given.name, given.in_)
    if declared is not None:
        return declared
    # Undeclared: sent anyway with the location's default style.
    style = "form" if given.in_ in ("query", "cookie") else "simple"
    return ParameterDef(given.name, given.in_, style=style, explode=style == "form")


def bind_request(
    op: ResolvedOperation,
    *,
    parameters: Sequence[ParameterValue] = (),
    body: BodyValue | None = None,
    credentials: Mapping[str, Any] | None = None,
    server_url: str | None = None,
    server_variables: Mapping[str, str] | None = None,
    location: Location | None = None,
) -> RequestSpec:
    """Build the exact HTTP request for ``op``.

    Pure: no I/O, except reading ``pathlib.Path`` values of a multipart or binary payload.

    Args:
        op: The resolved operation.
        parameters: Evaluated parameters (merge workflow and step ones first).
        body: The evaluated request body, or ``None``.
        credentials: Security scheme name -> credential (see ``apply_security``).
        server_url: Replaces the operation's server URL (a per-source override).
        server_variables: Server variable values that replace the defaults.
        location: Where the step is; errors raised here carry it.

    Returns:
        The request, with every credential value listed in ``secrets``.

    Raises:
        MissingParameterError: A path parameter has no value.
        MissingCredentialError: The security requirements cannot be met.
        RequestBindingError: A value cannot be serialized, or the server URL is unusable.
        UnsupportedFeatureError: A security scheme that cannot be applied (``mutualTLS``).
    """
    try:
        return _bind(op, parameters, body, credentials, server_url, server_variables)
    except (RequestBindingError, UnsupportedFeatureError) as exc:
        if location is None or exc.location is not None:
            raise
        raise type(exc)(exc.message, location=location, hint=exc.hint) from exc


def _bind(
    op: ResolvedOperation,
    parameters: Sequence[ParameterValue],
    body: BodyValue | None,
    credentials: Mapping[str, Any] | None,
    server_url: str | None,
    server_variables: Mapping[str, str] | None,
) -> RequestSpec:
    values: dict[str, dict[str, Any]] = {loc: {} for loc in _LOCATIONS}
    defs: dict[tuple[str, str], ParameterDef] = {}
    for given in parameters:
        if given.value is UNDEFINED:
            continue
        definition = _definition(op, given)
        values[definition.in_][definition.name] = given.value
        defs[(definition.in_, definition.name)] = definition

    path = _bind_path(op, values["path"], defs)
    query: list[tuple[str, str]] = []
    for name, value in values["query"].items():
        query.extend(serialize_query(defs[("query", name)], value))
    headers: list[tuple[str, str]] = []
    step_content_type: str | None = None
    for name, value in values["header"].items():
        text = serialize_header(defs[("header", name)], value)
        if name.lower() == "content-type":
            step_content_type = text
            continue
        headers.append((name, text))
    cookies: list[tuple[str, str]] = []
    for name, value in values["cookie"].items():
        cookies.extend(serialize_cookie(defs[("cookie", name)], value))

    secrets: frozenset[str] = frozenset()
    if op.security:
        supplied = [(loc, name) for loc in _LOCATIONS for name in values[loc]]
        security = apply_security(op, credentials, supplied=supplied)
        headers.extend(security.headers)
        query.extend(security.query)
        cookies.extend(security.cookies)
        secrets = frozenset(s for s in security.secrets if s)

    content: bytes | None = None
    content_type: str | None = None
    payload: Any = UNDEFINED
    if body is not None and body.payload is not UNDEFINED:
        media = choose_content_type(op, body.content_type or step_content_type, body.payload)
        payload = apply_replacements(body.payload, body.replacements, media)
        content, content_type = encode_body(op, payload, media)
        headers.append(("Content-Type", content_type))
    elif step_content_type is not None:
        headers.append(("Content-Type", step_content_type))
    if cookies:
        headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies)))

    if server_variables:
        url = base_url(op, server_url=server_url, variables=server_variables)
    else:
        key = ("base_url", server_url)
        url = memoized(op.memo, key, lambda: base_url(op, server_url=server_url))
    url += path
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query)
    return RequestSpec(
        method=op.method,
        url=url,
        headers=tuple(headers),
        body=content,
        content_type=content_type,
        path_template=op.path_template,
        path=MappingProxyType(values["path"]),
        query=MappingProxyType(values["query"]),
        header_params=MappingProxyType(values["header"]),
        cookies=MappingProxyType(values["cookie"]),
        payload=payload,
        operation_id=op.operation_id,
        source=op.source,
        secrets=secrets,
    )


def path_parameter_text(op: ResolvedOperation, name: str, value: Any) -> str:
    """Serialize one path parameter of ``op`` as it appears in the URL.

    Args:
        op: The resolved operation.
        name: The parameter's name.
        value: Its value.

    Returns:
        The percent-encoded text for ``{name}``.

    Raises:
        RequestBindingError: The declared style is not a path style.
    """
    definition = op.parameter(name, "path") or ParameterDef(name, "path", required=True)
    return serialize_path(definition, value)


def _describe_empty(value: Any) -> str:
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "nothing was selected"
    return repr(value)


def _template_parts(op: ResolvedOperation) -> tuple[str, ...]:
    """The path template split into literal text (even indexes) and names (odd ones)."""
    return memoized(op.memo, "path_parts", lambda: tuple(_PLACEHOLDER.split(op.path_template)))


def _bind_path(
    op: ResolvedOperation, given: Mapping[str, Any], defs: Mapping[tuple[str, str], ParameterDef]
) -> str:
    parts = _template_parts(op)
    if len(parts) == 1:
        return parts[0]
    pieces = list(parts)
    for index in range(1, len(parts), 2):
        pieces[index] = _path_text(op, parts[index], given, defs)
    return "".join(pieces)


def _path_text(
    op: ResolvedOperation,
    name: str,
    given: Mapping[str, Any],
    defs: Mapping[tuple[str, str], ParameterDef],
) -> str:
    if name not in given:
        raise MissingParameterError(
            f"operation {op} needs path parameter {name!r} ({op.path_template}) "
            "but the step gives no value for it",
            hint=f"add a parameter {{name: {name}, in: path, value: ...}} to the step",
        )
    value = given[name]
    if value is None or value is UNDEFINED or value == "" or value == [] or value == {}:
        raise MissingParameterError(
            f"operation {op} needs path parameter {name!r} ({op.path_template}) "
            f"but the step's value for it is empty ({_describe_empty(value)})",
            hint="a path parameter is always required; check the expression that gives it "
            "(did an earlier step's output select nothing?)",
        )
    definition = defs.get(("path", name)) or ParameterDef(name, "path", required=True)
    return serialize_path(definition, value)
