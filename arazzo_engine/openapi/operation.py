"""Resolved operations: the frozen records binding works from, built from a source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import urldefrag

if TYPE_CHECKING:
    from arazzo_engine.sources import Source

__all__ = ["ParameterDef", "RequestBodyDef", "ResolvedOperation", "ServerDef", "build_operation"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ParameterDef:
    """An OpenAPI Parameter Object, ``$ref``s resolved, defaults applied.

    Attributes:
        name: Its name.
        in_: ``path``, ``query``, ``header`` or ``cookie``.
        required: Whether it must be sent (always true for path parameters).
        style: The serialization style (defaults per location).
        explode: Whether arrays/objects explode (default true only for ``form``).
        allow_reserved: Query only: reserved characters stay unencoded.
        schema: The (dereferenced) schema, or ``None``.
        content_type: For ``content``-based parameters, the media type; else ``None``.
    """

    name: str
    in_: str
    required: bool = False
    style: str = "simple"
    explode: bool = False
    allow_reserved: bool = False
    schema: Mapping[str, Any] | None = None
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class RequestBodyDef:
    """An OpenAPI Request Body Object, ``$ref``s resolved.

    Attributes:
        required: Whether a body must be sent.
        content: Media type -> Media Type Object (``schema``, ``encoding``), in document order.
    """

    required: bool
    content: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class ServerDef:
    """An OpenAPI Server Object.

    Attributes:
        url: The URL template (may be relative, may hold ``{variables}``).
        variables: Variable name -> Server Variable Object (``default``, ``enum``).
    """

    url: str
    variables: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class ResolvedOperation:
    """Everything needed to bind and check a request for one operation.

    Attributes:
        source: The source description's name.
        method: Upper-case HTTP method.
        path_template: The path as declared (``/pets/{petId}``).
        operation_id: The operation's ``operationId``, when it has one.
        parameters: Path-item and operation parameters merged by ``(name, in)``.
        request_body: The request body definition, or ``None``.
        servers: Effective servers (operation, else path item, else root).
        security: Effective security requirements (alternatives; each maps scheme
            name -> scopes). Empty means none is required.
        security_schemes: Scheme name -> Security Scheme Object, for the schemes named.
        responses: Declared response keys (``"200"``, ``"4XX"``, ``"default"``).
        source_uri: The URI the source description was loaded from.
        pointer: JSON pointer of the operation in the source description.
        document: The loaded source (for the openapi-core objects).
        memo: Values derived from this operation alone, worked out once (parameter
            definitions by ``(name, in)``, base URLs by server override).
    """

    source: str
    method: str
    path_template: str
    operation_id: str | None
    parameters: tuple[ParameterDef, ...]
    request_body: RequestBodyDef | None
    servers: tuple[ServerDef, ...]
    security: tuple[Mapping[str, tuple[str, ...]], ...]
    security_schemes: Mapping[str, Mapping[str, Any]]
    responses: tuple[str, ...]
    source_uri: str
    pointer: str
    document: Source = field(repr=False, compare=False)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def parameter(self, name: str, in_: str) -> ParameterDef | None:
        """Return the declared parameter ``(name, in_)`` (header names case-insensitive)."""
        for p in self.parameters:
            if p.in_ == in_ and (
                p.name == name or (in_ == "header" and p.name.lower() == name.lower())
            ):
                return p
        return None

    def __str__(self) -> str:
        label = self.operation_id or f"{self.method} {self.path_template}"
        return f"{self.source}.{label}"


def build_operation(source: Source, template: str, method: str) -> ResolvedOperation:
    """Build the ``ResolvedOperation`` for ``method`` of path ``template`` in ``source``.

    Args:
        source: A loaded ``openapi`` source.
        template: A key of its ``paths``.
        method: A lower-case method key of that Path Item.

    Returns:
        The operation, every ``$ref`` it uses resolved.

    Raises:
        SourceReferenceError: A ``$ref`` leads nowhere.
    """
    refs, doc = source.refs, source.document
    item: Any = doc["paths"][template]
    item_uri = source.uri
    if isinstance(item, Mapping) and isinstance(item.get("$ref"), str):
        item, target = refs.resolve(item["$ref"], source.uri)
        item_uri = urldefrag(target)[0]
    operation = item[method]
    merged: dict[tuple[str, str], ParameterDef] = {}
    for holder in (item, operation):
        for raw in holder.get("parameters") or ():
            param = _parameter(refs.deref(raw, item_uri))
            merged[(param.name.lower() if param.in_ == "header" else param.name, param.in_)] = param
    body = None
    if "requestBody" in operation:
        rb = refs.deref(operation["requestBody"], item_uri)
        body = RequestBodyDef(
            bool(rb.get("required", False)),
            MappingProxyType({str(k): v or {} for k, v in (rb.get("content") or {}).items()}),
        )
    servers: tuple[ServerDef, ...] = ()
    for holder in (operation, item, doc):
        if holder.get("servers"):
            servers = tuple(
                ServerDef(str(s.get("url", "/")), MappingProxyType(dict(s.get("variables") or {})))
                for s in refs.deref(holder["servers"], item_uri)
            )
            break
    raw_security = operation["security"] if "security" in operation else doc.get("security")
    security = tuple(
        MappingProxyType({str(k): tuple(v or ()) for k, v in req.items()})
        for req in (raw_security or ())
    )
    all_schemes = (doc.get("components") or {}).get("securitySchemes") or {}
    named = {name for req in security for name in req}
    schemes = {
        name: refs.deref(all_schemes[name], source.uri) for name in named if name in all_schemes
    }
    escaped = template.replace("~", "~0").replace("/", "~1")
    return ResolvedOperation(
        source=source.name,
        method=method.upper(),
        path_template=template,
        operation_id=operation.get("operationId"),
        parameters=tuple(merged.values()),
        request_body=body,
        servers=servers,
        security=security,
        security_schemes=MappingProxyType(schemes),
        responses=tuple(str(k) for k in (operation.get("responses") or {})),
        source_uri=source.uri,
        pointer=f"/paths/{escaped}/{method}",
        document=source,
    )


def _parameter(raw: Mapping[str, Any]) -> ParameterDef:
    in_ = str(raw.get("in", "query"))
    default_style = {"query": "form", "cookie": "form"}.get(in_, "simple")
    style = str(raw.get("style", default_style))
    content = raw.get("content") or {}
    content_type = next(iter(content), None) if content else None
    schema = raw.get("schema")
    if content_type is not None:
        schema = (content[content_type] or {}).get("schema")
    return ParameterDef(
        name=str(raw.get("name", "")),
        in_=in_,
        required=bool(raw.get("required", in_ == "path")),
        style=style,
        explode=bool(raw.get("explode", style == "form")),
        allow_reserved=bool(raw.get("allowReserved", False)),
        schema=schema,
        content_type=str(content_type) if content_type is not None else None,
    )
