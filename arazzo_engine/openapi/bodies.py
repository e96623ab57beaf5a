"""Request bodies: choosing the media type, payload replacements, and encoding."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import quote_plus

import httpx

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import RequestBindingError
from arazzo_engine.messages import is_json_media_type
from arazzo_engine.openapi.serialize import scalar_text

if TYPE_CHECKING:
    from arazzo_engine.openapi.operation import ResolvedOperation

__all__ = [
    "BodyValue",
    "choose_content_type",
    "encode_body",
    "media_type_object",
]

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True, slots=True)
class BodyValue:
    """An evaluated Arazzo Request Body Object.

    Attributes:
        payload: The body value (mapping, list, string, bytes or ``pathlib.Path``).
        content_type: The step's ``contentType``, or ``None`` to pick from the operation.
        replacements: ``(target, value)`` pairs: JSON pointers, or XPath for XML payloads.
    """

    payload: Any
    content_type: str | None = None
    replacements: tuple[tuple[str, Any], ...] = ()


def _base(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def choose_content_type(op: ResolvedOperation, given: str | None, payload: Any) -> str:
    """Pick the body's media type.

    The step's ``contentType`` wins; else the operation's only media type; else a JSON
    one; else the first declared. Without a declared request body: JSON for
    mappings/lists, ``text/plain`` for strings, ``application/octet-stream`` for bytes.

    Args:
        op: The resolved operation.
        given: The step's ``contentType``.
        payload: The payload (used only when the operation declares nothing).

    Returns:
        The media type to send.
    """
    if given:
        return given
    declared = list(op.request_body.content) if op.request_body else []
    concrete = [m for m in declared if "*" not in m]
    if len(concrete) == 1:
        return concrete[0]
    for media in concrete:
        if is_json_media_type(media):
            return media
    if concrete:
        return concrete[0]
    if isinstance(payload, bytes | Path):
        return "application/octet-stream"
    return "text/plain" if isinstance(payload, str) else "application/json"


def media_type_object(op: ResolvedOperation, content_type: str) -> Mapping[str, Any]:
    """The operation's Media Type Object for ``content_type`` (wildcards match), or ``{}``."""
    if op.request_body is None:
        return {}
    wanted = _base(content_type)
    for media, obj in op.request_body.content.items():
        if _base(media) == wanted:
            return obj
    for media, obj in op.request_body.content.items():
        if fnmatch(wanted, _base(media)):
            return obj
    return {}


def encode_body(op: ResolvedOperation, payload: Any, content_type: str) -> tuple[bytes, str]:
    """Encode a payload for the wire.

    Args:
        op: The resolved operation (its Media Type and Encoding Objects guide forms).
        payload: The body value, replacements already applied.
        content_type: The media type to send.

    Returns:
        ``(body bytes, Content-Type header value)``; multipart adds its boundary.

    Raises:
        RequestBindingError: The payload cannot be sent as that media type.
    """
    base = _base(content_type)
    if isinstance(payload, bytes):
        return payload, content_type
    if isinstance(payload, Path) and base != MULTIPART:
        return _read(payload), content_type
    if is_json_media_type(base):
        if isinstance(payload, str):
            try:
                json.loads(payload)
            except ValueError:
                payload = json.dumps(payload)
            return payload.encode("utf-8"), content_type
        return json.dumps(payload, ensure_ascii=False).encode("utf-8"), content_type
    if base == FORM:
        if isinstance(payload, str):
            return payload.encode("utf-8"), content_type
        return _form(op, payload, content_type).encode("ascii"), content_type
    if base == MULTIPART:
        return _multipart(op, payload, content_type)
    if isinstance(payload, str):
        return payload.encode("utf-8"), content_type
    if "xml" in base:
        raise RequestBindingError(f"an XML body ({content_type}) needs a string payload")
    return scalar_text(payload).encode("utf-8"), content_type


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RequestBindingError(f"cannot read the file {str(path)!r}: {exc.strerror}") from exc


def _declared_types(schema: Mapping[str, Any] | None) -> set[str]:
    kind = (schema or {}).get("type")
    if isinstance(kind, str):
        return {kind}
    return {str(k) for k in kind} if isinstance(kind, list) else set()


def _form(op: ResolvedOperation, payload: Any, content_type: str) -> str:
    if not isinstance(payload, Mapping):
        raise RequestBindingError(
            f"a {FORM} body needs an object (or an already encoded string) as payload"
        )
    media = media_type_object(op, content_type)
    properties = (media.get("schema") or {}).get("properties") or {}
    encoding = media.get("encoding") or {}
    pairs: list[tuple[str, str]] = []
    for key, value in payload.items():
        if value is UNDEFINED:
            continue
        enc = encoding.get(key) or {}
        types = _declared_types(properties.get(key))
        explode = bool(enc.get("explode", enc.get("style", "form") == "form"))
        jsonish = is_json_media_type(enc.get("contentType"))
        if isinstance(value, list | tuple) and "array" in types and not jsonish:
            if explode:
                pairs.extend((key, scalar_text(v)) for v in value)
            else:
                pairs.append((key, ",".join(scalar_text(v) for v in value)))
        elif isinstance(value, Mapping) and "object" in types and not jsonish:
            if enc.get("style") == "deepObject":
                pairs.extend((f"{key}[{k}]", scalar_text(v)) for k, v in value.items())
            elif explode:
                pairs.extend((str(k), scalar_text(v)) for k, v in value.items())
            else:
                pairs.append((key, ",".join(f"{k},{scalar_text(v)}" for k, v in value.items())))
        elif isinstance(value, list | tuple | Mapping):
            # Untyped (or JSON-encoded) structured fields travel as JSON text.
            pairs.append((key, json.dumps(value, separators=(",", ":"), ensure_ascii=False)))
        else:
            pairs.append((key, scalar_text(value)))
    reserved = {k for k, e in encoding.items() if (e or {}).get("allowReserved")}
    return "&".join(
        f"{quote_plus(k)}={quote_plus(v, safe=':/?[]@!$()*,;' if k in reserved else '')}"
        for k, v in pairs
    )


def _multipart(op: ResolvedOperation, payload: Any, content_type: str) -> tuple[bytes, str]:
    if not isinstance(payload, Mapping):
        raise RequestBindingError(f"a {MULTIPART} body needs an object as payload")
    encoding = media_type_object(op, content_type).get("encoding") or {}
    # Every part goes through httpx's encoder as a "file" entry; a part without a
    # filename and without a content type renders exactly like a plain form field.
    parts: list[tuple[str, tuple[str | None, bytes, str | None]]] = []
    for key, value in payload.items():
        part_type = (encoding.get(key) or {}).get("contentType")
        if isinstance(value, bytes | Path):
            content = value if isinstance(value, bytes) else _read(value)
            filename = value.name if isinstance(value, Path) else key
            parts.append((key, (filename, content, part_type or "application/octet-stream")))
        elif isinstance(value, Mapping) or (
            isinstance(value, list | tuple) and is_json_media_type(part_type)
        ):
            text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            parts.append((key, (None, text.encode("utf-8"), part_type or "application/json")))
        elif isinstance(value, list | tuple):
            parts.extend((key, (None, scalar_text(v).encode("utf-8"), part_type)) for v in value)
        elif value is not UNDEFINED:
            parts.append((key, (None, scalar_text(value).encode("utf-8"), part_type)))
    # A boundary derived from the content keeps binding deterministic.
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    boundary = f"arazzo-{digest}"
    header = f"{MULTIPART}; boundary={boundary}"
    if not parts:
        return f"--{boundary}--\r\n".encode("ascii"), header
    request = httpx.Request(
        "POST", "http://localhost/", files=parts, headers={"Content-Type": header}
    )
    return request.read(), header
