"""From a step's ``operationId`` / ``operationPath`` to a frozen ``ResolvedOperation``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import cast
from urllib.parse import urljoin

from arazzo_engine.errors import AmbiguousOperationError
from arazzo_engine.errors import OperationNotFoundError
from arazzo_engine.errors import SourceReferenceError
from arazzo_engine.fetch import display_name
from arazzo_engine.openapi.operation import ParameterDef
from arazzo_engine.openapi.operation import RequestBodyDef
from arazzo_engine.openapi.operation import ResolvedOperation
from arazzo_engine.openapi.operation import ServerDef
from arazzo_engine.openapi.operation import build_operation
from arazzo_engine.openapi.refs import HTTP_METHODS
from arazzo_engine.openapi.refs import nearest_hint
from arazzo_engine.openapi.refs import pointer_tokens

if TYPE_CHECKING:
    from arazzo_engine.location import Location
    from arazzo_engine.sources import Source
    from arazzo_engine.sources import SourceRegistry

__all__ = [
    "ParameterDef",
    "RequestBodyDef",
    "ResolvedOperation",
    "ServerDef",
    "index_operations",
    "resolve_operation",
]

_QUALIFIER = "$sourceDescriptions."


def index_operations(source: Source) -> dict[str, tuple[str, str]]:
    """Index a source's operations by ``operationId`` from its raw document.

    Args:
        source: An ``openapi`` source.

    Returns:
        ``operationId -> (path template, method)``; the first of duplicates wins.
    """
    out: dict[str, tuple[str, str]] = {}
    paths = source.document.get("paths") or {}
    for template, item in paths.items():
        if isinstance(item, Mapping) and isinstance(item.get("$ref"), str):
            try:
                item, _ = source.refs.resolve(item["$ref"], source.uri)
            except SourceReferenceError:
                continue  # reported when that path is resolved
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, Mapping):
                op_id = op.get("operationId")
                if isinstance(op_id, str) and op_id not in out:
                    out[op_id] = (str(template), method)
    return out


def resolve_operation(
    registry: SourceRegistry,
    *,
    operation_id: str | None = None,
    operation_path: str | None = None,
    location: Location | None = None,
) -> ResolvedOperation:
    """Find the operation a step names.

    Args:
        registry: The loaded sources.
        operation_id: ``opId`` or ``$sourceDescriptions.<name>.<opId>``.
        operation_path: ``{$sourceDescriptions.<name>.url}#/paths/~1pets/get`` (or a
            bare ``#/paths/...`` when there is a single OpenAPI source).
        location: Where the step is, for error messages.

    Returns:
        The resolved operation (cached per source).

    Raises:
        OperationNotFoundError: Nothing matches (the hint names the nearest ids or paths),
            or not exactly one of ``operation_id`` and ``operation_path`` is given.
        AmbiguousOperationError: An unqualified id exists in several sources.
        SourceReferenceError: A ``$ref`` inside the operation leads nowhere.
        SourceError: The named source does not exist.
    """
    if (operation_id is None) == (operation_path is None):
        raise OperationNotFoundError(
            "a step must name its operation by exactly one of operationId and operationPath",
            location=location,
        )
    if operation_id is not None:
        source, template, method = _by_id(registry, operation_id, location)
    else:
        assert operation_path is not None
        source, template, method = _by_path(registry, operation_path, location)
    return _resolved(source, template, method, location)


def _by_id(
    registry: SourceRegistry, operation_id: str, location: Location | None
) -> tuple[Source, str, str]:
    if operation_id.startswith(_QUALIFIER):
        name, dot, op_id = operation_id[len(_QUALIFIER) :].partition(".")
        if name not in registry or not dot:
            raise OperationNotFoundError(
                f"operationId {operation_id!r} names no source description {name!r}",
                location=location,
                hint=nearest_hint(name, registry.names),
            )
        source = registry.get(name)
        if op_id in source.operations:
            return (source, *source.operations[op_id])
        raise OperationNotFoundError(
            f"no operationId {op_id!r} in source description {name!r}",
            location=location,
            hint=nearest_hint(op_id, source.operations),
        )
    found = [s for s in registry.openapi_sources if operation_id in s.operations]
    if len(found) == 1:
        return (found[0], *found[0].operations[operation_id])
    if found:
        names = ", ".join(f"{_QUALIFIER}{s.name}.{operation_id}" for s in found)
        raise AmbiguousOperationError(
            f"operationId {operation_id!r} exists in several source descriptions: {names}",
            location=location,
            hint="qualify it, e.g. " + f"{_QUALIFIER}{found[0].name}.{operation_id}",
        )
    every = [op for s in registry.openapi_sources for op in s.operations]
    raise OperationNotFoundError(
        f"no operationId {operation_id!r} in any source description",
        location=location,
        hint=nearest_hint(operation_id, every),
    )


def _by_path(
    registry: SourceRegistry, operation_path: str, location: Location | None
) -> tuple[Source, str, str]:
    base, _, fragment = operation_path.partition("#")
    source = _source_for(registry, base, operation_path, location)
    try:
        tokens = pointer_tokens(fragment)
    except ValueError as exc:
        raise OperationNotFoundError(
            f"operationPath {operation_path!r}: {exc}", location=location
        ) from exc
    where = f"source description {source.name!r} ({display_name(source.uri)})"
    if not tokens or tokens[0] != "paths":
        raise OperationNotFoundError(
            f"operationPath {operation_path!r} does not point into /paths of {where}",
            location=location,
            hint="use {$sourceDescriptions.<name>.url}#/paths/<~1-escaped path>/<method>",
        )
    paths = source.document.get("paths") or {}
    if len(tokens) < 2 or tokens[1] not in paths:
        wanted = tokens[1] if len(tokens) > 1 else ""
        raise OperationNotFoundError(
            f"operationPath {operation_path!r}: no path {wanted!r} in {where}",
            location=location,
            hint=nearest_hint(wanted, [str(p) for p in paths]),
        )
    template = tokens[1]
    item = paths[template]
    if isinstance(item, Mapping) and isinstance(item.get("$ref"), str):
        item, _ = source.refs.resolve(item["$ref"], source.uri)
    methods = [m for m in HTTP_METHODS if isinstance(item, Mapping) and m in item]
    if len(tokens) == 2:
        raise OperationNotFoundError(
            f"operationPath {operation_path!r} points to the Path Item {template!r}, "
            f"not to an operation",
            location=location,
            hint="append the method, e.g. "
            + "/".join([operation_path, *(methods[:1] or ["get"])])
            + (f" (methods there: {', '.join(methods)})" if methods else ""),
        )
    method = tokens[2]
    if method not in methods:
        raise OperationNotFoundError(
            f"operationPath {operation_path!r}: path {template!r} has no {method!r} operation",
            location=location,
            hint=f"methods there: {', '.join(methods) or 'none'}",
        )
    if len(tokens) > 3:
        raise OperationNotFoundError(
            f"operationPath {operation_path!r} points inside the {method.upper()} operation, "
            "not to the operation itself",
            location=location,
            hint="end the pointer at the method segment",
        )
    return source, template, method


def _source_for(
    registry: SourceRegistry, base: str, operation_path: str, location: Location | None
) -> Source:
    base = base.strip()
    if base.startswith("{") and base.endswith("}"):
        expr = base[1:-1].strip()
        name = expr[len(_QUALIFIER) :].rpartition(".url")[0] if expr.endswith(".url") else ""
        if not expr.startswith(_QUALIFIER) or name not in registry:
            raise OperationNotFoundError(
                f"operationPath {operation_path!r} does not name a source description",
                location=location,
                hint=nearest_hint(name, registry.names) if name else None,
            )
        return registry.get(name)
    if not base:
        sources = registry.openapi_sources
        if len(sources) == 1:
            return sources[0]
        raise OperationNotFoundError(
            f"operationPath {operation_path!r} has no source and there are "
            f"{len(sources)} OpenAPI source descriptions",
            location=location,
            hint="write {$sourceDescriptions.<name>.url}#/paths/...",
        )
    absolute = _absolute(base, registry.base_uri)
    for source in registry.openapi_sources:
        if base == source.url or absolute in (source.uri, _absolute(source.url, registry.base_uri)):
            return source
    raise OperationNotFoundError(
        f"operationPath {operation_path!r}: no source description has the URL {base!r}",
        location=location,
    )


def _resolved(
    source: Source, template: str, method: str, location: Location | None
) -> ResolvedOperation:
    key = (template, method)
    cached = source.resolved.get(key)
    if cached is not None:
        return cast("ResolvedOperation", cached)
    try:
        op = build_operation(source, template, method)
    except SourceReferenceError as exc:
        raise SourceReferenceError(
            f"{exc.message} (while resolving {method.upper()} {template} in source "
            f"description {source.name!r})",
            location=location,
            hint=exc.hint,
        ) from exc
    source.resolved[key] = op
    return op


def _absolute(url: str, base_uri: str | None) -> str:
    return urljoin(base_uri, url) if base_uri else url
