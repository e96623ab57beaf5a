"""Fetching documents by URL or path: an injectable ``Fetcher`` built on httpx."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias
from urllib.parse import unquote
from urllib.parse import urlsplit

import httpx

from arazzo_engine.errors import DocumentRetrievalError


@dataclass(frozen=True, slots=True)
class Resource:
    """A fetched document.

    Attributes:
        uri: The URI it was fetched from (after redirects).
        text: Its content, decoded.
        content_type: The media type the server declared, if any.
    """

    uri: str
    text: str
    content_type: str | None = None


Fetcher: TypeAlias = Callable[[str], Resource]
"""Fetches an absolute ``http(s)://`` or ``file://`` URI; raises ``DocumentRetrievalError``."""


def path_to_uri(path: str | Path) -> str:
    """Return the absolute ``file://`` URI of a local path."""
    return Path(path).resolve().as_uri()


def uri_to_path(uri: str) -> Path | None:
    """Return the local path of a ``file://`` URI, or ``None`` for other schemes."""
    parts = urlsplit(uri)
    if parts.scheme != "file":
        return None
    return Path(unquote(parts.path))


def display_name(uri: str) -> str:
    """A short name for messages: a path relative to the working directory, else the URI."""
    path = uri_to_path(uri)
    if path is None:
        return uri
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class HttpxFetcher:
    """The default fetcher: local files directly, ``http(s)`` through an ``httpx.Client``.

    Args:
        client: The client to use; one is created (and owned) when omitted.
        timeout: Seconds to wait for a remote document when no client is given.
    """

    def __init__(self, client: httpx.Client | None = None, *, timeout: float = 30.0) -> None:
        self._client = client
        self._timeout = timeout

    def __call__(self, uri: str) -> Resource:
        """Fetch ``uri``.

        Args:
            uri: An absolute ``file://``, ``http://`` or ``https://`` URI.

        Returns:
            The fetched resource.

        Raises:
            DocumentRetrievalError: The file is missing or unreadable, the server
                cannot be reached, or it answers with an error status.
        """
        path = uri_to_path(uri)
        if path is not None:
            try:
                return Resource(uri, path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                raise DocumentRetrievalError(f"cannot read {path}: {reason}") from exc
        scheme = urlsplit(uri).scheme
        if scheme not in ("http", "https"):
            raise DocumentRetrievalError(
                f"cannot fetch {uri!r}: unsupported scheme {scheme!r}",
                hint="use a local path, or an http(s) URL",
            )
        try:
            if self._client is not None:
                response = self._client.get(uri, follow_redirects=True)
            else:
                with httpx.Client(timeout=self._timeout) as client:
                    response = client.get(uri, follow_redirects=True)
        except httpx.HTTPError as exc:
            raise DocumentRetrievalError(
                f"cannot fetch {uri}: {type(exc).__name__}: {exc}"
            ) from exc
        if response.status_code >= 400:
            raise DocumentRetrievalError(
                f"cannot fetch {uri}: the server answered {response.status_code}"
            )
        content_type = response.headers.get("content-type")
        return Resource(str(response.url), response.text, content_type)


DEFAULT_FETCHER: Fetcher = HttpxFetcher()
"""The fetcher used when none is given."""
