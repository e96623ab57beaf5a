"""The Studio v2 API as a plain request → response function (no sockets here)."""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from http import HTTPStatus
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlsplit

from arazzo_engine.simulators.studio import resources
from arazzo_engine.simulators.studio.definitions import parse_definition
from arazzo_engine.simulators.studio.store import ExecutionRecord
from arazzo_engine.simulators.studio.store import FlowRecord
from arazzo_engine.simulators.studio.store import StudioStore
from arazzo_engine.simulators.studio.store import new_sid

if TYPE_CHECKING:
    from arazzo_engine.simulators.studio.faults import FaultInjector

__all__ = ["SimRequest", "SimResponse", "StudioApp"]

FLOW_STATUSES = ("draft", "published")
EXECUTION_STATUSES = ("active", "ended")
FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class SimRequest:
    """An HTTP request as the app sees it.

    Attributes:
        method: Upper-case method.
        target: The request target: path plus optional ``?query``.
        headers: Header names lower-cased, the first value of each.
        body: The raw body.
    """

    method: str
    target: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class SimResponse:
    """An HTTP response, or an instruction to drop the connection.

    Attributes:
        status: The status code.
        headers: Header name/value pairs.
        body: The body bytes.
        drop: Close the connection without answering (``status`` is then meaningless).
    """

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    drop: bool = False

    def json(self) -> Any:
        """Decode the body as JSON.

        Returns:
            The decoded value.
        """
        return json.loads(self.body)


@dataclass(frozen=True)
class _Call:
    """One routed request: what the handlers read."""

    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    args: dict[str, str]
    base: str

    def field(self, name: str) -> str | None:
        values = self.form.get(name)
        return values[0] if values else None

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


class _Rejected(Exception):  # noqa: N818 - internal control flow, never leaves StudioApp
    """An error response, raised inside a handler and turned into a response by the app."""

    def __init__(self, response: SimResponse) -> None:
        super().__init__(response.status)
        self.response = response


_Handler = Callable[["StudioApp", _Call], SimResponse]
_SID = {"FW": r"FW[0-9a-fA-F]{32}", "FN": r"FN[0-9a-fA-F]{32}", "FT": r"FT[0-9a-fA-F]{32}"}


def error_response(
    status: int,
    code: int,
    message: str,
    *,
    details: Any = None,
    retry_after: float | None = None,
) -> SimResponse:
    """Build a Twilio error response (``{code, message, more_info, status}``).

    Args:
        status: The HTTP status.
        code: The Twilio error code (20001, 20003, 20404, 20429, 81022 …).
        message: The message.
        details: An optional ``details`` value (sent for 81022).
        retry_after: Seconds for a ``Retry-After`` header, or ``None``.

    Returns:
        The response.
    """
    body: dict[str, Any] = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    if details is not None:
        body["details"] = details
    extra: tuple[tuple[str, str], ...] = ()
    if status == HTTPStatus.UNAUTHORIZED:
        extra = (("WWW-Authenticate", 'Basic realm="Twilio API"'),)
    if retry_after is not None:
        extra += (("Retry-After", f"{retry_after:g}"),)
    return _json(status, body, extra)


def _json(status: int, body: Any, extra: tuple[tuple[str, str], ...] = ()) -> SimResponse:
    headers = (
        ("Content-Type", "application/json"),
        ("Twilio-Request-Id", new_sid("RQ")),
        *extra,
    )
    return SimResponse(status, headers, json.dumps(body).encode())


def _reject(status: int, code: int, message: str, **kwargs: Any) -> _Rejected:
    return _Rejected(error_response(status, code, message, **kwargs))


class StudioApp:
    """Studio v2's REST API over a :class:`StudioStore`, with auth and injected faults.

    Args:
        store: The state.
        faults: The fault injector (latency, rate limit, errors, drops).
        account_sid: The Account SID in responses and accepted as a Basic username.
        credentials: Accepted Basic credentials, username → password (the Account SID
            with its Auth Token, and API key SIDs with their secrets).
        base_url: The URL that resource ``url`` fields start with.
        sleep: How to wait for injected latency (tests may inject one).
    """

    def __init__(
        self,
        store: StudioStore,
        faults: FaultInjector,
        *,
        account_sid: str,
        credentials: Mapping[str, str],
        base_url: str = "https://studio.twilio.com",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.faults = faults
        self.account_sid = account_sid
        self.credentials = dict(credentials)
        self.base_url = base_url
        self._sleep = sleep

    def handle(self, request: SimRequest) -> SimResponse:
        """Answer one request.

        Args:
            request: The request.

        Returns:
            The response (possibly an injected fault, or a drop instruction).
        """
        if self.faults.latency > 0:
            self._sleep(self.faults.latency)
        parts = urlsplit(request.target)
        path = parts.path
        fault = self.faults.decide(request.method, path)
        if fault is not None:
            if fault.drop:
                return SimResponse(0, drop=True)
            phrase = HTTPStatus(fault.status).phrase if fault.status in _STATUSES else "Error"
            return error_response(
                fault.status, 20000 + fault.status, phrase, retry_after=fault.retry_after
            )
        if not self._authorized(request.headers.get("authorization")):
            return error_response(401, 20003, "Authenticate")
        handler, args = _route(request.method, path)
        if handler is None:
            if args:  # the path exists, the method does not
                return error_response(405, 20004, "Method not allowed")
            return error_response(404, 20404, f"The requested resource {path} was not found")
        form: dict[str, list[str]] = {}
        content_type = request.headers.get("content-type", "")
        if content_type.split(";")[0].strip().lower() == FORM_TYPE:
            # Twilio reads form bodies only; any other body is as good as no parameters.
            form = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        call = _Call(path, parse_qs(parts.query, keep_blank_values=True), form, args, self.base_url)
        try:
            with self.store.lock:
                return handler(self, call)
        except _Rejected as rejected:
            return rejected.response

    def _authorized(self, header: str | None) -> bool:
        if not header or header[:6].lower() != "basic ":
            return False
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        username, sep, password = decoded.partition(":")
        return bool(sep) and self.credentials.get(username) == password

    # -- helpers -----------------------------------------------------------------------

    def _flow(self, call: _Call, key: str = "sid") -> FlowRecord:
        flow = self.store.get_flow(call.args[key])
        if flow is None:
            raise _not_found(call.path)
        return flow

    def _execution(self, call: _Call) -> tuple[FlowRecord, ExecutionRecord]:
        flow = self._flow(call, "flow")
        execution = self.store.get_execution(flow, call.args["execution"])
        if execution is None:
            raise _not_found(call.path)
        return flow, execution

    def _definition(self, text: str) -> dict[str, Any]:
        definition, issues = parse_definition(text)
        if issues or definition is None:
            raise _reject(
                400,
                81022,
                "Flow definition validation failed",
                details={"errors": [i.to_dict() for i in issues], "warnings": []},
            )
        return definition

    # -- flows -------------------------------------------------------------------------

    def create_flow(self, call: _Call) -> SimResponse:
        """CreateFlow: ``POST /v2/Flows``."""
        name = _required(call, "FriendlyName")
        status = _enum(call, "Status", FLOW_STATUSES, required=True)
        definition = self._definition(_required(call, "Definition"))
        flow = self.store.create_flow(name, status, definition, call.field("CommitMessage"))
        return _json(201, resources.flow(self, flow))

    def list_flows(self, call: _Call) -> SimResponse:
        """ListFlow: ``GET /v2/Flows``."""
        items = [resources.flow(self, f, listed=True) for f in self.store.flows.values()]
        return _json(200, _page(call, items, "flows"))

    def validate_flow(self, call: _Call) -> SimResponse:
        """UpdateFlowValidate: ``POST /v2/Flows/Validate``."""
        _required(call, "FriendlyName")
        _enum(call, "Status", FLOW_STATUSES, required=True)
        self._definition(_required(call, "Definition"))
        return _json(200, {"valid": True})

    def fetch_flow(self, call: _Call) -> SimResponse:
        """FetchFlow: ``GET /v2/Flows/{Sid}``."""
        return _json(200, resources.flow(self, self._flow(call)))

    def update_flow(self, call: _Call) -> SimResponse:
        """UpdateFlow: ``POST /v2/Flows/{Sid}``."""
        flow = self._flow(call)
        status = _enum(call, "Status", FLOW_STATUSES, required=True)
        text = call.field("Definition")
        definition = self._definition(text) if text else None
        name = call.field("FriendlyName")
        self.store.update_flow(flow, status, name, definition, call.field("CommitMessage"))
        return _json(200, resources.flow(self, flow))

    def delete_flow(self, call: _Call) -> SimResponse:
        """DeleteFlow: ``DELETE /v2/Flows/{Sid}``."""
        if not self.store.delete_flow(self._flow(call).sid):
            raise _not_found(call.path)
        return SimResponse(204, (("Twilio-Request-Id", new_sid("RQ")),))

    def list_revisions(self, call: _Call) -> SimResponse:
        """ListFlowRevision: ``GET /v2/Flows/{Sid}/Revisions``."""
        flow = self._flow(call)
        items = [resources.revision(self, flow, r) for r in reversed(flow.revisions)]
        return _json(200, _page(call, items, "revisions"))

    def fetch_revision(self, call: _Call) -> SimResponse:
        """FetchFlowRevision: ``GET /v2/Flows/{Sid}/Revisions/{Revision}``."""
        flow = self._flow(call)
        found = flow.find_revision(call.args["revision"])
        if found is None:
            raise _not_found(call.path)
        return _json(200, resources.revision(self, flow, found))

    def fetch_test_users(self, call: _Call) -> SimResponse:
        """FetchTestUser: ``GET /v2/Flows/{Sid}/TestUsers``."""
        return _json(200, resources.test_users(self, self._flow(call)))

    def update_test_users(self, call: _Call) -> SimResponse:
        """UpdateTestUser: ``POST /v2/Flows/{Sid}/TestUsers``."""
        flow = self._flow(call)
        _required(call, "TestUsers")
        flow.test_users = [u for u in call.form["TestUsers"] if u]
        return _json(200, resources.test_users(self, flow))

    # -- executions --------------------------------------------------------------------

    def create_execution(self, call: _Call) -> SimResponse:
        """CreateExecution: ``POST /v2/Flows/{FlowSid}/Executions``."""
        flow = self._flow(call, "flow")
        to = _required(call, "To")
        from_ = _required(call, "From")
        if len(to.encode()) + len(from_.encode()) > 300:
            raise _reject(
                400,
                81023,
                "Creating an Execution via REST API failed due to malformed contact parameters",
            )
        parameters: Any = {}
        raw = call.field("Parameters")
        if raw:
            try:
                parameters = json.loads(raw)
            except ValueError:
                raise _reject(400, 20001, "Parameters must be a JSON string") from None
        if self.store.one_active_per_contact and self.store.active_execution_for(flow, to):
            raise _reject(409, 20409, f"Contact {to} already has an active Execution of this Flow")
        execution = self.store.create_execution(flow, to, from_, parameters)
        return _json(201, resources.execution(self, execution, status="active"))

    def list_executions(self, call: _Call) -> SimResponse:
        """ListExecution: ``GET /v2/Flows/{FlowSid}/Executions``."""
        flow = self._flow(call, "flow")
        wanted = _enum_query(call, "status", EXECUTION_STATUSES)
        start = _date_query(call, "DateCreatedFrom")
        end = _date_query(call, "DateCreatedTo")
        now = self.store.now()
        chosen = [
            e
            for e in flow.executions.values()
            if (wanted is None or e.status(now) == wanted)
            and (start is None or e.date_created >= start)
            and (end is None or e.date_created <= end)
        ]
        items = [resources.execution(self, e) for e in chosen]
        return _json(200, _page(call, items, "executions"))

    def fetch_execution(self, call: _Call) -> SimResponse:
        """FetchExecution: ``GET /v2/Flows/{FlowSid}/Executions/{Sid}``."""
        return _json(200, resources.execution(self, self._execution(call)[1]))

    def update_execution(self, call: _Call) -> SimResponse:
        """UpdateExecution: ``POST /v2/Flows/{FlowSid}/Executions/{Sid}``."""
        _, execution = self._execution(call)
        if _enum(call, "Status", EXECUTION_STATUSES, required=True) == "ended":
            self.store.end_execution(execution)
        return _json(200, resources.execution(self, execution))

    def delete_execution(self, call: _Call) -> SimResponse:
        """DeleteExecution: ``DELETE /v2/Flows/{FlowSid}/Executions/{Sid}``."""
        flow, execution = self._execution(call)
        self.store.delete_execution(flow, execution.sid)
        return SimResponse(204, (("Twilio-Request-Id", new_sid("RQ")),))

    def fetch_execution_context(self, call: _Call) -> SimResponse:
        """FetchExecutionContext: ``GET …/Executions/{ExecutionSid}/Context``."""
        return _json(200, resources.execution_context(self, self._execution(call)[1]))

    def list_steps(self, call: _Call) -> SimResponse:
        """ListExecutionStep: ``GET …/Executions/{ExecutionSid}/Steps``."""
        _, execution = self._execution(call)
        items = [resources.step(self, execution, s) for s in execution.steps]
        return _json(200, _page(call, items, "steps"))

    def fetch_step(self, call: _Call) -> SimResponse:
        """FetchExecutionStep: ``GET …/Steps/{Sid}``."""
        _, execution = self._execution(call)
        return _json(200, resources.step(self, execution, self._step(call, execution)))

    def fetch_step_context(self, call: _Call) -> SimResponse:
        """FetchExecutionStepContext: ``GET …/Steps/{StepSid}/Context``."""
        _, execution = self._execution(call)
        step = self._step(call, execution)
        return _json(200, resources.step_context(self, execution, step))

    def _step(self, call: _Call, execution: ExecutionRecord) -> Any:
        found = next((s for s in execution.steps if s.sid == call.args["step"]), None)
        if found is None:
            raise _not_found(call.path)
        return found


_STATUSES = {s.value for s in HTTPStatus}

_FLOW = f"/v2/Flows/(?P<sid>{_SID['FW']})"
_EXEC = f"/v2/Flows/(?P<flow>{_SID['FW']})/Executions"
_ONE_EXEC = f"{_EXEC}/(?P<execution>{_SID['FN']})"
_STEP = f"{_ONE_EXEC}/Steps/(?P<step>{_SID['FT']})"

# Order matters: the literal /v2/Flows/Validate comes before /v2/Flows/{Sid}.
_ROUTE_TABLE: tuple[tuple[str, dict[str, _Handler]], ...] = (
    ("/v2/Flows", {"GET": StudioApp.list_flows, "POST": StudioApp.create_flow}),
    ("/v2/Flows/Validate", {"POST": StudioApp.validate_flow}),
    (
        _FLOW,
        {
            "GET": StudioApp.fetch_flow,
            "POST": StudioApp.update_flow,
            "DELETE": StudioApp.delete_flow,
        },
    ),
    (f"{_FLOW}/Revisions", {"GET": StudioApp.list_revisions}),
    (f"{_FLOW}/Revisions/(?P<revision>[^/]+)", {"GET": StudioApp.fetch_revision}),
    (
        f"{_FLOW}/TestUsers",
        {"GET": StudioApp.fetch_test_users, "POST": StudioApp.update_test_users},
    ),
    (_EXEC, {"GET": StudioApp.list_executions, "POST": StudioApp.create_execution}),
    (
        _ONE_EXEC,
        {
            "GET": StudioApp.fetch_execution,
            "POST": StudioApp.update_execution,
            "DELETE": StudioApp.delete_execution,
        },
    ),
    (f"{_ONE_EXEC}/Context", {"GET": StudioApp.fetch_execution_context}),
    (f"{_ONE_EXEC}/Steps", {"GET": StudioApp.list_steps}),
    (_STEP, {"GET": StudioApp.fetch_step}),
    (f"{_STEP}/Context", {"GET": StudioApp.fetch_step_context}),
)

_ROUTES = tuple((re.compile(pattern + r"\Z"), handlers) for pattern, handlers in _ROUTE_TABLE)


def _route(method: str, path: str) -> tuple[_Handler | None, dict[str, str]]:
    """Find the handler; ``(None, {})`` for no path, ``(None, args)`` for a wrong method."""
    for pattern, handlers in _ROUTES:
        match = pattern.match(path)
        if match:
            return handlers.get(method), {"_path": path, **match.groupdict()}
    return None, {}


def _page(call: _Call, items: list[dict[str, Any]], key: str) -> dict[str, Any]:
    try:
        return resources.page(call, items, key)
    except ValueError as exc:
        raise _reject(400, 20001, str(exc)) from None


def _not_found(path: str) -> _Rejected:
    return _reject(404, 20404, f"The requested resource {path} was not found")


def _required(call: _Call, name: str) -> str:
    value = call.field(name)
    if not value:
        raise _reject(400, 20001, f"Missing required parameter {name} in the post body")
    return value


def _enum(call: _Call, name: str, allowed: tuple[str, ...], *, required: bool) -> str:
    value = _required(call, name) if required else (call.field(name) or "")
    if value not in allowed:
        raise _reject(
            400, 20001, f"Invalid parameter {name}: {value!r} is not one of {', '.join(allowed)}"
        )
    return value


def _enum_query(call: _Call, name: str, allowed: tuple[str, ...]) -> str | None:
    value = call.param(name)
    if value is not None and value not in allowed:
        raise _reject(400, 20001, f"Invalid parameter {name}: {value!r}")
    return value


def _date_query(call: _Call, name: str) -> float | None:
    value = call.param(name)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise _reject(400, 20001, f"Invalid parameter {name}: {value!r}") from None
