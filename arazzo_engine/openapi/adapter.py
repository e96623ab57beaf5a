"""An httpx-free adapter: openapi-core's request/response protocols over our records."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any
from typing import cast
from urllib.parse import parse_qsl
from urllib.parse import unquote
from urllib.parse import urljoin
from urllib.parse import urlsplit

from arazzo_engine.messages import is_json_media_type
from arazzo_engine.openapi.binding import path_parameter_text

if TYPE_CHECKING:
    from openapi_core import OpenAPI

    from arazzo_engine.messages import RequestSpec
    from arazzo_engine.messages import ResponseView
    from arazzo_engine.openapi.operation import ResolvedOperation
    from arazzo_engine.sources import Source

__all__ = [
    "OpenAPIRequest",
    "OpenAPIResponse",
    "accepts_any_credentials",
    "finder_url",
    "openapi_for",
]
# Requests carry the path template they were bound from; the path finder below reads it
# back instead of matching the URL against every path of the description.
_MARKER = "http://arazzo-engine.operation"


@functools.lru_cache(maxsize=1024)
def finder_url(path_template: str) -> str:
    """Return the URL openapi-core's path finder is asked for, for an ``OpenAPIRequest``.

    Args:
        path_template: The operation's path template.

    Returns:
        What openapi-core's validators compute from the request's ``host_url`` and
        ``path_pattern`` (``urljoin``); the path finder below maps it back to the operation.
    """
    return urljoin(_MARKER, path_template)


class OpenAPIRequest:
    """openapi-core's ``Request`` protocol (plus ``path_pattern``) over a ``RequestSpec``.

    Args:
        op: The operation the request was bound for.
        spec: The bound request.
    """

    def __init__(self, op: ResolvedOperation, spec: RequestSpec) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers
        from werkzeug.datastructures import ImmutableMultiDict

        self._spec = spec
        self.host_url = _MARKER
        self.path = op.path_template
        self.path_pattern = op.path_template
        self.method = spec.method.lower()
        self.body = spec.body
        self.content_type = spec.content_type or ""
        query = parse_qsl(urlsplit(spec.url).query, keep_blank_values=True)
        cookies: list[tuple[str, str]] = []
        for name, value in spec.headers:
            if name.lower() == "cookie":
                for item in value.split(";"):
                    key, _, text = item.strip().partition("=")
                    if key:
                        cookies.append((key, unquote(text)))
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(_compensate(op, "query", query)),
            header=Headers(list(spec.headers)),
            cookie=ImmutableMultiDict(_compensate(op, "cookie", cookies)),
            path=_path_values(op, spec.path),
        )


class OpenAPIResponse:
    """openapi-core's ``Response`` protocol over a ``ResponseView``.

    Args:
        response: The received response.
    """

    def __init__(self, response: ResponseView) -> None:
        from werkzeug.datastructures import Headers

        self.status_code = response.status_code
        content_type = response.header("content-type")
        self.content_type = content_type if isinstance(content_type, str) else ""
        self.headers = Headers(list(response.headers))
        self.data = response.content


def _path_values(op: ResolvedOperation, given: Mapping[str, Any]) -> dict[str, str]:
    # openapi-core reads label/matrix values under ".name"/";name" keys ("*" when exploded).
    out: dict[str, str] = {}
    for name, value in given.items():
        text = unquote(path_parameter_text(op, name, value))
        definition = op.parameter(name, "path")
        style = definition.style if definition else "simple"
        star = "*" if definition is not None and definition.explode else ""
        prefix = {"label": ".", "matrix": ";"}.get(style)
        out[f"{prefix}{name}{star}" if prefix else name] = text
    return out


def _compensate(
    op: ResolvedOperation, where: str, pairs: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    # openapi-core 0.23 splits spaceDelimited values on a literal "%20" and expects an
    # exploded form object under its own name ("a=1&b=2"); present them that way.
    out = list(pairs)
    for p in op.parameters:
        if p.in_ != where or p.content_type is not None:
            continue
        kind = (p.schema or {}).get("type")
        if p.style == "spaceDelimited" and not p.explode:
            out = [(k, v.replace(" ", "%20") if k == p.name else v) for k, v in out]
        elif p.style == "form" and p.explode and kind == "object":
            props = set(((p.schema or {}).get("properties") or {}).keys())
            claimed = {q.name for q in op.parameters if q.in_ == where}
            members = [
                f"{k}={v}" for k, v in pairs if k in props or (not props and k not in claimed)
            ]
            if members and all(k != p.name for k, _ in pairs):
                out.append((p.name, "&".join(members)))
    return out


def _json_media_types(document: Any) -> set[str]:
    found: set[str] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            content = node.get("content")
            if isinstance(content, Mapping):
                found.update(str(k) for k in content if is_json_media_type(str(k)))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    found.discard("application/json")
    return found


def openapi_for(source: Source) -> OpenAPI:
    """Return the source's openapi-core ``OpenAPI`` object, created once and reused.

    Spec validation is off; security is not checked (binding already enforces it);
    every ``+json`` media type of the description is decoded as JSON.

    Args:
        source: A loaded ``openapi`` source.

    Returns:
        The ``OpenAPI`` object.
    """
    cached = source.extras.get("openapi")
    if cached is None:
        from openapi_core import Config
        from openapi_core import OpenAPI
        from openapi_core.deserializing.media_types.util import json_loads

        config = Config(
            # None switches spec validation off (app.check_spec); the annotation omits it.
            spec_validator_cls=cast("Any", None),
            path_finder_cls=_known_path_finder(),
            security_provider_factory=cast("Any", _NoSecurityCheck()),
            extra_media_type_deserializers={
                mt: json_loads for mt in _json_media_types(source.document)
            },
        )
        cached = source.extras["openapi"] = OpenAPI(source.spec, config=config)
    return cast("OpenAPI", cached)


class _NoSecurityCheck:
    def create(self, scheme: Any) -> Any:  # noqa: ARG002 - the protocol's signature
        return lambda parameters: None  # noqa: ARG005


def accepts_any_credentials(factory: object) -> bool:
    """Whether ``factory`` is the security provider factory ``openapi_for`` configures.

    Its providers accept every request, so openapi-core's security step never fails.

    Args:
        factory: A validator's ``security_provider_factory``.

    Returns:
        True for the adapter's accept-everything factory.
    """
    return isinstance(factory, _NoSecurityCheck)


@functools.cache
def _known_path_finder() -> type:
    """The path finder class (built on first use so that importing us stays cheap)."""
    from openapi_core.templating.datatypes import TemplateResult
    from openapi_core.templating.paths.datatypes import PathOperationServer
    from openapi_core.templating.paths.finders import APICallPathFinder

    class KnownPathFinder(APICallPathFinder):
        """Finds the operation from the template the request carries, memoised."""

        def __init__(self, spec: Any, base_url: str | None = None) -> None:
            super().__init__(spec, base_url=base_url)
            self._memo: dict[tuple[str, str], Any] = {}

        def find(self, method: str, name: str) -> Any:
            if not name.startswith(_MARKER + "/"):
                return super().find(method, name)
            template = name[len(_MARKER) :]
            hit = self._memo.get((method, template))
            if hit is None:
                path = self.spec / "paths" / template
                hit = PathOperationServer(
                    path, path / method, None, TemplateResult(template, {}), TemplateResult("", {})
                )
                self._memo[(method, template)] = hit
            return hit

    return KnownPathFinder
