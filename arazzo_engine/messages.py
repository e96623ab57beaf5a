"""HTTP messages as plain frozen records: what a step sends and what it received.

``RequestSpec`` is built by request binding (no I/O) and turned into an
``httpx.Request`` by the transport; ``ResponseView`` is what expressions and
criteria may read of a response. Both are independent of httpx.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine._types import Headers

if TYPE_CHECKING:
    from collections.abc import Mapping

_EMPTY: Mapping[str, Any] = MappingProxyType({})

REDACTED = "[REDACTED]"
"""What a secret is replaced with wherever it would be shown."""


def header_value(headers: Headers, name: str) -> Any:
    """Return the first value of header ``name`` (case-insensitive), or ``UNDEFINED``."""
    lowered = name.lower()
    for key, value in headers:
        if key.lower() == lowered:
            return value
    return UNDEFINED


def is_json_media_type(content_type: str | None) -> bool:
    """Tell whether a media type is JSON (``application/json`` or ``*/*+json``)."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


@dataclass(frozen=True, slots=True)
class RequestSpec:
    """A fully bound HTTP request, ready to send.

    Attributes:
        method: Upper-case HTTP method.
        url: Absolute URL including the query string.
        headers: Headers to send, including ``Content-Type``, ``Cookie`` and credentials.
        body: Encoded body bytes, or ``None``.
        content_type: Media type of ``body``, or ``None``.
        path_template: The OpenAPI path template (``/v2/Flows/{Sid}``), for reports.
        path: Path parameter values before serialization (``$request.path.<name>``).
        query: Query parameter values before serialization (``$request.query.<name>``).
        header_params: Header parameter values as given by the step.
        cookies: Cookie parameter values as given by the step.
        payload: The body value before encoding (``$request.body``), or ``UNDEFINED``.
        operation_id: The operation's id, when it has one.
        source: Name of the source description the operation came from.
        secrets: Credential values that must never be shown; see ``redact``.
    """

    method: str
    url: str
    headers: Headers = ()
    body: bytes | None = None
    content_type: str | None = None
    path_template: str | None = None
    path: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    query: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    header_params: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    cookies: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    payload: Any = UNDEFINED
    operation_id: str | None = None
    source: str | None = None
    secrets: frozenset[str] = field(default=frozenset(), repr=False)

    def header(self, name: str) -> Any:
        """Return the first value of a header sent (case-insensitive), or ``UNDEFINED``."""
        return header_value(self.headers, name)

    def redact(self, text: str) -> str:
        """Replace every secret of this request that occurs in ``text``."""
        if not self.secrets:
            return text
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret:
                text = text.replace(secret, REDACTED)
        return text

    def redacted_headers(self) -> Headers:
        """Headers with credential values replaced by ``[REDACTED]``."""
        sensitive = {"authorization", "proxy-authorization", "cookie"}
        out = []
        for key, value in self.headers:
            if key.lower() in sensitive and self.secrets:
                value = self.redact(value)
                if key.lower() == "authorization":
                    scheme = value.split(" ", 1)[0] if " " in value else ""
                    value = f"{scheme} {REDACTED}".strip()
            else:
                value = self.redact(value)
            out.append((key, value))
        return tuple(out)

    def __repr__(self) -> str:
        return f"<RequestSpec {self.method} {self.redact(self.url)}>"


@dataclass(frozen=True, slots=True)
class ResponseView:
    """What a step may read of the response it received.

    Build it with ``ResponseView.build`` so that the body is decoded once.

    Attributes:
        status_code: The HTTP status code.
        headers: Response headers in order.
        content: The raw body.
        body: The decoded body: parsed JSON for JSON media types (``UNDEFINED``
            when it does not parse), else text (``str``), or ``None`` when empty.
        url: The URL the response came from.
        elapsed: Seconds between sending and the end of the body.
    """

    status_code: int
    headers: Headers = ()
    content: bytes = b""
    body: Any = None
    url: str = ""
    elapsed: float = 0.0

    @classmethod
    def build(
        cls,
        status_code: int,
        headers: Headers = (),
        content: bytes = b"",
        *,
        url: str = "",
        elapsed: float = 0.0,
    ) -> ResponseView:
        """Create a view, decoding the body according to its ``Content-Type``.

        Args:
            status_code: The HTTP status code.
            headers: Response headers.
            content: The raw body.
            url: The request URL.
            elapsed: Seconds the exchange took.

        Returns:
            The view.
        """
        content_type = header_value(headers, "content-type")
        body: Any = None
        if content:
            text = content.decode(_charset(content_type), errors="replace")
            if is_json_media_type(content_type if isinstance(content_type, str) else None):
                try:
                    body = json.loads(text)
                except ValueError:
                    body = UNDEFINED
            else:
                body = text
        return cls(status_code, headers, content, body, url, elapsed)

    @property
    def content_type(self) -> str | None:
        """The response's media type, without parameters, or ``None``."""
        value = header_value(self.headers, "content-type")
        if not isinstance(value, str):
            return None
        return value.split(";", 1)[0].strip().lower() or None

    @property
    def text(self) -> str:
        """The body decoded as text."""
        return self.content.decode(
            _charset(header_value(self.headers, "content-type")), errors="replace"
        )

    def header(self, name: str) -> Any:
        """Return the first value of a response header (case-insensitive), or ``UNDEFINED``."""
        return header_value(self.headers, name)


def _charset(content_type: object) -> str:
    if isinstance(content_type, str):
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
                try:
                    "".encode(charset)
                except LookupError:
                    break
                return charset
    return "utf-8"
