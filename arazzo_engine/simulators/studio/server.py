"""StudioSimulator: the Studio v2 app served over real HTTP on a loopback port."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.simulators.studio.app import SimRequest
from arazzo_engine.simulators.studio.app import StudioApp
from arazzo_engine.simulators.studio.faults import FaultInjector
from arazzo_engine.simulators.studio.store import StudioStore

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import TracebackType

__all__ = ["DEFAULT_ACCOUNT_SID", "DEFAULT_AUTH_TOKEN", "StudioSimulator"]

DEFAULT_ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
"""The Account SID a simulator accepts when none is configured."""
DEFAULT_AUTH_TOKEN = "simulator-auth-token"  # noqa: S105 - a public, local-only default
"""The Auth Token a simulator accepts when none is configured."""

_POLL_INTERVAL = 0.05
"""How often the serving loop checks for a stop request (bounds how long stop() takes)."""


class _Handler(BaseHTTPRequestHandler):
    """Adapts http.server requests to :class:`StudioApp`."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Small request/response pairs on keep-alive connections: no Nagle delay.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, add=False)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), value)
        response = self.server.app.handle(SimRequest(self.command, self.path, headers, body))
        with self.server.counter_lock:
            self.server.request_count += 1
        if response.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):  # the client may have gone already
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = _serve
    do_POST = _serve
    do_DELETE = _serve
    do_PUT = _serve
    do_PATCH = _serve
    do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        """Stay quiet: the simulator never writes access logs to stderr."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: StudioApp) -> None:
        self.app = app
        self.request_count = 0
        self.counter_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, which can take seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def track(self, connection: socket.socket, *, add: bool) -> None:
        with self._connections_lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
            self._connections.clear()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class StudioSimulator:
    """A local, stateful Twilio Studio v2 API on a loopback port.

    The listening socket is bound when the object is made, so :attr:`url` is known at
    once; :meth:`start` serves requests on a background thread and :meth:`stop` ends it
    (also as a context manager). All options can be changed later through :attr:`faults`
    and :attr:`store`.

    Example::

        with StudioSimulator(execution_duration=0.1) as sim:
            httpx.post(f"{sim.url}/v2/Flows", auth=sim.auth, data={...})

    Args:
        account_sid: The Account SID (Basic username, and ``account_sid`` in responses).
        auth_token: The Auth Token (Basic password for ``account_sid``).
        api_keys: API key SID (``SK…``) → secret pairs also accepted as Basic credentials.
        host: The address to listen on (loopback by default).
        port: The port; 0 picks a free one.
        execution_duration: Seconds an Execution stays ``active`` before it ends; ``None``
            keeps it active until ``UpdateExecution Status=ended``.
        one_active_per_contact: Answer 409 / 20409 to a second active Execution of a flow
            for the same contact.
        latency: Seconds to wait before answering each request.
        error_rate: Probability of answering a request with ``error_status``.
        error_status: Status of the random error responses (500 by default).
        drop_rate: Probability of closing a request's connection without answering.
        seed: Seed for the random faults (same requests → same faults).
        rate_limit: Requests accepted per ``rate_window`` seconds; more get 429 / 20429
            with ``Retry-After``. ``None``: no limit.
        rate_window: The rate limit's window, in seconds.
        base_url: The URL that resource ``url`` fields start with (default: :attr:`url`).

    Raises:
        OSError: The address cannot be bound (for example, the port is taken).
    """

    def __init__(
        self,
        *,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        api_keys: Mapping[str, str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        execution_duration: float | None = 2.0,
        one_active_per_contact: bool = False,
        latency: float = 0.0,
        error_rate: float = 0.0,
        error_status: int = 500,
        drop_rate: float = 0.0,
        seed: int = 0,
        rate_limit: int | None = None,
        rate_window: float = 1.0,
        base_url: str | None = None,
    ) -> None:
        self.account_sid = account_sid
        self._auth_token = auth_token
        self.store = StudioStore(
            execution_duration=execution_duration, one_active_per_contact=one_active_per_contact
        )
        """The simulator's state (flows, executions …)."""
        self.faults = FaultInjector(
            latency=latency,
            error_rate=error_rate,
            error_status=error_status,
            drop_rate=drop_rate,
            seed=seed,
            rate_limit=rate_limit,
            rate_window=rate_window,
        )
        """The fault injector; its attributes may be changed while serving."""
        credentials = {account_sid: auth_token, **dict(api_keys or {})}
        self.app = StudioApp(
            self.store, self.faults, account_sid=account_sid, credentials=credentials
        )
        """The request handler behind the HTTP server."""
        self._server = _Server((host, port), self.app)
        self.app.base_url = base_url or self.url
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        state = "serving" if self._thread is not None else "stopped"
        return f"<StudioSimulator {self.url} account_sid={self.account_sid} {state}>"

    @property
    def url(self) -> str:
        """The base URL to send requests to, e.g. ``http://127.0.0.1:54321``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def port(self) -> int:
        """The port the simulator listens on."""
        return int(self._server.server_address[1])

    @property
    def auth(self) -> tuple[str, str]:
        """The Account SID and Auth Token, ready for ``httpx``'s ``auth=``."""
        return (self.account_sid, self._auth_token)

    @property
    def request_count(self) -> int:
        """How many requests the simulator has answered (or dropped) so far."""
        with self._server.counter_lock:
            return self._server.request_count

    def start(self) -> StudioSimulator:
        """Serve requests on a background (daemon) thread; a no-op when already serving.

        Returns:
            The simulator itself.
        """
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": _POLL_INTERVAL},
                name=f"studio-simulator-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and release the port (idempotent)."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.close_connections()
        self._server.server_close()

    def fail_next(
        self,
        path_prefix: str = "/",
        *,
        status: int = 429,
        count: int = 1,
        retry_after: float | None = 1.0,
        method: str | None = None,
    ) -> None:
        """Answer the next ``count`` requests under ``path_prefix`` with an error.

        A 429 carries Twilio's 20429 body and a ``Retry-After`` header; other statuses
        carry code ``20000 + status`` (20500, 20503 …).

        Args:
            path_prefix: Requests whose path starts with this match.
            status: The HTTP status to answer with.
            count: How many matching requests fail.
            retry_after: Seconds for the ``Retry-After`` header (``None``: no header).
            method: Only this HTTP method matches (``None``: any).
        """
        self.faults.fail_next(
            path_prefix, status=status, count=count, retry_after=retry_after, method=method
        )

    def drop_next(
        self, path_prefix: str = "/", *, count: int = 1, method: str | None = None
    ) -> None:
        """Close the connection of the next ``count`` matching requests without answering.

        Args:
            path_prefix: Requests whose path starts with this match.
            count: How many matching requests are dropped.
            method: Only this HTTP method matches (``None``: any).
        """
        self.faults.drop_next(path_prefix, count=count, method=method)

    def __enter__(self) -> StudioSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
