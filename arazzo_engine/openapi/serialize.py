"""OpenAPI parameter serialization: ``style``/``explode`` for path, query, header and cookie."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import quote

from arazzo_engine.errors import RequestBindingError
from arazzo_engine.messages import is_json_media_type

if TYPE_CHECKING:
    from arazzo_engine.openapi.operation import ParameterDef

__all__ = [
    "scalar_text",
    "serialize_cookie",
    "serialize_header",
    "serialize_path",
    "serialize_query",
]

# RFC 3986 reserved characters that allowReserved leaves alone; '&' and '#' are still
# encoded because they would end the value or the query.
_RESERVED_SAFE = ":/?[]@!$'()*+,;="
# cookie-octet (RFC 6265) minus '%', which starts our escapes.
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


def scalar_text(value: Any) -> str:
    """Render one value as parameter text: ``true``/``false``, numbers, JSON for containers.

    Args:
        value: A JSON value.

    Returns:
        Its text form (``""`` for ``None``).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _content_text(param: ParameterDef, value: Any) -> str:
    if isinstance(value, str) and not is_json_media_type(param.content_type):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _items(value: Any) -> list[tuple[str, Any]] | None:
    if isinstance(value, Mapping):
        return [(str(k), v) for k, v in value.items()]
    return None


def _path_enc(text: str) -> str:
    return quote(text, safe="")


def serialize_path(param: ParameterDef, value: Any) -> str:
    """Serialize a path parameter into its (percent-encoded) path text.

    Styles: ``simple`` (default), ``label`` (``.`` prefix) and ``matrix`` (``;name=``).
    Every reserved character in a value, ``/`` included, is percent-encoded.

    Args:
        param: The parameter definition.
        value: The value: a primitive, a list or a mapping.

    Returns:
        The text that replaces ``{name}`` in the path template.

    Raises:
        RequestBindingError: The style is not valid for a path parameter.
    """
    name, explode, enc = param.name, param.explode, _path_enc
    if param.content_type is not None:
        return enc(_content_text(param, value))
    items = _items(value)
    is_list = isinstance(value, list | tuple)
    if param.style == "simple":
        if items is not None:
            sep = "=" if explode else ","
            return ",".join(f"{enc(k)}{sep}{enc(scalar_text(v))}" for k, v in items)
        if is_list:
            return ",".join(enc(scalar_text(v)) for v in value)
        return enc(scalar_text(value))
    if param.style == "label":
        if items is not None:
            if explode:
                return "".join(f".{enc(k)}={enc(scalar_text(v))}" for k, v in items)
            return "." + ",".join(f"{enc(k)},{enc(scalar_text(v))}" for k, v in items)
        if is_list:
            sep = "." if explode else ","
            return "." + sep.join(enc(scalar_text(v)) for v in value)
        return "." + enc(scalar_text(value))
    if param.style == "matrix":
        if items is not None:
            if explode:
                return "".join(f";{enc(k)}={enc(scalar_text(v))}" for k, v in items)
            return f";{enc(name)}=" + ",".join(f"{enc(k)},{enc(scalar_text(v))}" for k, v in items)
        if is_list:
            if explode:
                return "".join(f";{enc(name)}={enc(scalar_text(v))}" for v in value)
            return f";{enc(name)}=" + ",".join(enc(scalar_text(v)) for v in value)
        return f";{enc(name)}={enc(scalar_text(value))}"
    raise RequestBindingError(
        f"path parameter {name!r} has style {param.style!r}; "
        "path parameters use simple, label or matrix"
    )


def serialize_query(param: ParameterDef, value: Any) -> list[tuple[str, str]]:
    """Serialize a query parameter into percent-encoded ``(name, value)`` pairs.

    Styles: ``form`` (default), ``spaceDelimited``, ``pipeDelimited``, ``deepObject``.
    Values are percent-encoded per RFC 3986 unless ``allowReserved`` is set.

    Args:
        param: The parameter definition.
        value: The value: a primitive, a list or a mapping.

    Returns:
        Encoded pairs, in order; join them as ``name=value`` with ``&``.

    Raises:
        RequestBindingError: The style does not fit the value.
    """
    safe = _RESERVED_SAFE if param.allow_reserved else ""

    def enc(text: str) -> str:
        return quote(text, safe=safe)

    name = quote(param.name, safe="")
    if param.content_type is not None:
        return [(name, enc(_content_text(param, value)))]
    items = _items(value)
    is_list = isinstance(value, list | tuple)
    style, explode = param.style, param.explode
    if style == "deepObject":
        if items is None:
            raise RequestBindingError(
                f"query parameter {param.name!r} has style deepObject "
                "but its value is not an object"
            )
        return _deep(param.name, items, enc)
    delimiter = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "%7C"}.get(style)
    if delimiter is None:
        raise RequestBindingError(
            f"query parameter {param.name!r} has style {style!r}; "
            "query parameters use form, spaceDelimited, pipeDelimited or deepObject"
        )
    if items is not None:
        if explode:
            return [(quote(k, safe=""), enc(scalar_text(v))) for k, v in items]
        return [
            (name, delimiter.join(f"{enc(k)}{delimiter}{enc(scalar_text(v))}" for k, v in items))
        ]
    if is_list:
        if explode:
            return [(name, enc(scalar_text(v))) for v in value]
        return [(name, delimiter.join(enc(scalar_text(v)) for v in value))]
    return [(name, enc(scalar_text(value)))]


def _deep(prefix: str, items: list[tuple[str, Any]], enc: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in items:
        full = f"{prefix}[{key}]"
        nested = _items(value)
        if nested is not None:
            out.extend(_deep(full, nested, enc))
        elif isinstance(value, list | tuple):
            out.extend((quote(full, safe=""), enc(scalar_text(v))) for v in value)
        else:
            out.append((quote(full, safe=""), enc(scalar_text(value))))
    return out


def serialize_header(param: ParameterDef, value: Any) -> str:
    """Serialize a header parameter (style ``simple``).

    Args:
        param: The parameter definition.
        value: The value: a primitive, a list or a mapping.

    Returns:
        The header value.

    Raises:
        RequestBindingError: The value would contain a line break.
    """
    if param.content_type is not None:
        text = _content_text(param, value)
    else:
        items = _items(value)
        if items is not None:
            sep = "=" if param.explode else ","
            text = ",".join(f"{k}{sep}{scalar_text(v)}" for k, v in items)
        elif isinstance(value, list | tuple):
            text = ",".join(scalar_text(v) for v in value)
        else:
            text = scalar_text(value)
    if "\r" in text or "\n" in text:
        raise RequestBindingError(f"header parameter {param.name!r} contains a line break")
    return text


def serialize_cookie(param: ParameterDef, value: Any) -> list[tuple[str, str]]:
    r"""Serialize a cookie parameter (style ``form``) into ``(name, value)`` cookie pairs.

    Characters a cookie value cannot hold (space, ``"``, ``,``, ``;``, ``\\``, non-ASCII)
    are percent-encoded; ``,`` separates the items of a non-exploded list or object.

    Args:
        param: The parameter definition.
        value: The value: a primitive, a list or a mapping.

    Returns:
        Cookie pairs, in order.
    """

    def enc(text: str) -> str:
        return quote(text, safe=_COOKIE_SAFE)

    if param.content_type is not None:
        return [(param.name, enc(_content_text(param, value)))]
    items = _items(value)
    if items is not None:
        if param.explode:
            return [(k, enc(scalar_text(v))) for k, v in items]
        return [(param.name, ",".join(f"{enc(k)},{enc(scalar_text(v))}" for k, v in items))]
    if isinstance(value, list | tuple):
        if param.explode:
            return [(param.name, enc(scalar_text(v))) for v in value]
        return [(param.name, ",".join(enc(scalar_text(v)) for v in value))]
    return [(param.name, enc(scalar_text(value)))]
