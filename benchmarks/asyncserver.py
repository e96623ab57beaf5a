"""The shop API on an asyncio HTTP/1.1 server (h11), for concurrency measurements.

A thread-per-connection server spends its own CPU and GIL on every one of 20 concurrent
requests, and that shows up as client "overhead". This one answers each request after
``delay`` seconds with an event-loop timer, so 20 sleeping requests cost it nothing.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re

import h11

__all__ = ["serve"]

_ITEM = re.compile(rb"^/items/(\d+)(?:\?.*)?$")


def _answer(method: bytes, target: bytes, orders: itertools.count[int]) -> tuple[int, bytes]:
    if method == b"POST" and target == b"/login":
        return 200, json.dumps({"token": "tok-alice"}).encode()
    match = _ITEM.match(target)
    if method == b"GET" and match:
        body = {"id": int(match.group(1)), "name": "widget", "price": 2.5}
        return 200, json.dumps(body).encode()
    if method == b"POST" and target == b"/orders":
        return 201, json.dumps({"orderId": f"ord-{next(orders)}"}).encode()
    return 404, json.dumps({"error": "no route"}).encode()


async def _connection(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    delay: float,
    orders: itertools.count[int],
) -> None:
    conn = h11.Connection(h11.SERVER)
    try:
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                data = await reader.read(65536)
                conn.receive_data(data)
                if not data:
                    return
                continue
            if isinstance(event, h11.Request):
                method, target = event.method, event.target
                continue
            if isinstance(event, h11.Data):
                continue
            if isinstance(event, h11.EndOfMessage):
                if delay:
                    await asyncio.sleep(delay)
                status, body = _answer(method, target, orders)
                headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
                writer.write(
                    conn.send(h11.Response(status_code=status, headers=headers))
                    + conn.send(h11.Data(data=body))
                    + conn.send(h11.EndOfMessage())
                )
                await writer.drain()
                conn.start_next_cycle()
                continue
            return  # ConnectionClosed or a protocol error: hang up
    except (h11.RemoteProtocolError, ConnectionError):
        return
    finally:
        writer.close()


async def serve(delay: float, started: asyncio.Future[str], stop: asyncio.Event) -> None:
    """Serve until ``stop`` is set; ``started`` receives the base URL."""
    orders = itertools.count(1)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _connection(reader, writer, delay, orders)

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=256)
    host, port = server.sockets[0].getsockname()[:2]
    started.set_result(f"http://{host}:{port}")
    async with server:
        await stop.wait()
