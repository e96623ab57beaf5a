"""The thin HTTP layer: ``RequestSpec`` -> ``httpx.Request`` -> ``ResponseView``.

It sends through a client the caller injects, and turns every ``httpx``
exception into a ``TransportError`` (``TransportTimeoutError`` for timeouts),
so nothing from httpx escapes.
"""

from __future__ import annotations

import functools
import time

import httpx

from arazzo_engine.errors import TransportError
from arazzo_engine.errors import TransportTimeoutError
from arazzo_engine.messages import RequestSpec
from arazzo_engine.messages import ResponseView

__all__ = ["asend", "build_request", "map_transport_error", "send"]


def build_request(client: httpx.Client | httpx.AsyncClient, spec: RequestSpec) -> httpx.Request:
    """Turn a bound request into an ``httpx.Request`` on ``client``."""
    return client.build_request(
        spec.method,
        spec.url,
        headers=list(spec.headers),
        content=spec.body,
    )


def map_transport_error(exc: httpx.HTTPError, spec: RequestSpec) -> TransportError:
    """Translate an httpx exception into our ``TransportError`` family.

    Args:
        exc: What httpx raised.
        spec: The request that was being sent (its secrets are redacted from the message).

    Returns:
        The error to record or raise.
    """
    kind = type(exc).__name__
    detail = spec.redact(str(exc)) or kind
    target = f"{spec.method} {spec.redact(spec.url)}"
    if isinstance(exc, httpx.TimeoutException):
        return TransportTimeoutError(f"{target} timed out ({kind}: {detail})")
    return TransportError(f"{target} failed ({kind}: {detail})")


@functools.lru_cache(maxsize=16)
def _timeout_extension(timeout: float) -> dict[str, float | None]:
    """The request extension httpx reads a per-request timeout from (built once per value)."""
    return httpx.Timeout(timeout).as_dict()


def send(client: httpx.Client, spec: RequestSpec, *, timeout: float | None = None) -> ResponseView:
    """Send ``spec`` with ``client`` and read the whole response.

    Args:
        client: The injected client.
        spec: The request.
        timeout: Per-request timeout in seconds (``None`` keeps the client's).

    Returns:
        The response, its body decoded once.

    Raises:
        TransportError: Connecting, sending or reading failed.
        TransportTimeoutError: It timed out.
    """
    request = build_request(client, spec)
    if timeout is not None:
        request.extensions["timeout"] = dict(_timeout_extension(timeout))
    started = time.perf_counter()
    sync_response: httpx.Response | None = None
    try:
        sync_response = client.send(request)
        content = sync_response.read()
    except httpx.HTTPError as exc:
        raise map_transport_error(exc, spec) from exc
    finally:
        if sync_response is not None:
            sync_response.close()
    response = sync_response
    return ResponseView.build(
        response.status_code,
        tuple(response.headers.multi_items()),
        content,
        url=spec.url,
        elapsed=time.perf_counter() - started,
    )


async def asend(
    client: httpx.AsyncClient, spec: RequestSpec, *, timeout: float | None = None
) -> ResponseView:
    """Send ``spec`` with an async ``client``; the twin of ``send``.

    Raises:
        TransportError: Connecting, sending or reading failed.
        TransportTimeoutError: It timed out.
    """
    request = build_request(client, spec)
    if timeout is not None:
        request.extensions["timeout"] = dict(_timeout_extension(timeout))
    started = time.perf_counter()
    response: httpx.Response | None = None
    try:
        response = await client.send(request)
        content = await response.aread()
    except httpx.HTTPError as exc:
        raise map_transport_error(exc, spec) from exc
    finally:
        if response is not None:
            await response.aclose()
    return ResponseView.build(
        response.status_code,
        tuple(response.headers.multi_items()),
        content,
        url=spec.url,
        elapsed=time.perf_counter() - started,
    )
