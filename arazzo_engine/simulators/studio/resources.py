"""JSON renderings of the Studio v2 resources, with Twilio's field names and list paging."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any
from typing import Protocol
from urllib.parse import urlencode

from arazzo_engine.simulators.studio.store import ExecutionRecord
from arazzo_engine.simulators.studio.store import FlowRecord
from arazzo_engine.simulators.studio.store import RevisionRecord
from arazzo_engine.simulators.studio.store import StepRecord
from arazzo_engine.simulators.studio.store import format_date

if TYPE_CHECKING:
    from arazzo_engine.simulators.studio.app import StudioApp

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "execution",
    "execution_context",
    "flow",
    "page",
    "revision",
    "step",
    "step_context",
    "test_users",
]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


class _Listing(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def base(self) -> str: ...

    def param(self, name: str) -> str | None: ...


def flow(app: StudioApp, record: FlowRecord, *, listed: bool = False) -> dict[str, Any]:
    """Render a Flow (``studio.v2.flow``).

    Args:
        app: The app (for the account SID and base URL).
        record: The flow.
        listed: Render it as in ListFlow, where definition and validation fields are null.

    Returns:
        The JSON object.
    """
    url = f"{app.base_url}/v2/Flows/{record.sid}"
    return {
        "sid": record.sid,
        "account_sid": app.account_sid,
        "author_sid": None,
        "friendly_name": record.friendly_name,
        "definition": None if listed else record.definition,
        "status": record.status,
        "revision": record.revision,
        "commit_message": record.commit_message,
        "valid": None if listed else True,
        "errors": None if listed else [],
        "warnings": None if listed else [],
        "webhook_url": (
            f"https://webhooks.twilio.com/v1/Accounts/{app.account_sid}/Flows/{record.sid}"
        ),
        "date_created": format_date(record.date_created),
        "date_updated": format_date(record.date_updated),
        "url": url,
        "links": {
            "test_users": f"{url}/TestUsers",
            "revisions": f"{url}/Revisions",
            "executions": f"{url}/Executions",
        },
    }


def revision(app: StudioApp, owner: FlowRecord, record: RevisionRecord) -> dict[str, Any]:
    """Render a Flow Revision (``studio.v2.flow.flow_revision``).

    Args:
        app: The app.
        owner: The revision's flow.
        record: The revision.

    Returns:
        The JSON object.
    """
    return {
        "sid": owner.sid,
        "account_sid": app.account_sid,
        "author_sid": None,
        "friendly_name": record.friendly_name,
        "definition": record.definition,
        "status": record.status,
        "revision": record.revision,
        "commit_message": record.commit_message,
        "valid": True,
        "errors": [],
        "date_created": format_date(record.date_created),
        "date_updated": format_date(record.date_updated),
        "url": f"{app.base_url}/v2/Flows/{owner.sid}/Revisions/{record.revision}",
    }


def test_users(app: StudioApp, owner: FlowRecord) -> dict[str, Any]:
    """Render a flow's Test Users (``studio.v2.flow.test_user``).

    Args:
        app: The app.
        owner: The flow.

    Returns:
        The JSON object.
    """
    return {
        "sid": owner.sid,
        "test_users": list(owner.test_users),
        "url": f"{app.base_url}/v2/Flows/{owner.sid}/TestUsers",
    }


def _execution_url(app: StudioApp, record: ExecutionRecord) -> str:
    return f"{app.base_url}/v2/Flows/{record.flow_sid}/Executions/{record.sid}"


def execution(
    app: StudioApp, record: ExecutionRecord, *, status: str | None = None
) -> dict[str, Any]:
    """Render an Execution (``studio.v2.flow.execution``).

    Args:
        app: The app.
        record: The execution.
        status: Force this status (CreateExecution always answers ``active``).

    Returns:
        The JSON object.
    """
    now = app.store.now()
    ended = None if status == "active" else record.end_time(now)
    url = _execution_url(app, record)
    return {
        "sid": record.sid,
        "account_sid": app.account_sid,
        "flow_sid": record.flow_sid,
        "contact_channel_address": record.contact_channel_address,
        "contact_sid": record.contact_sid,
        "flow_version": record.flow_version,
        "context": record.context,
        "status": "active" if ended is None else "ended",
        "date_created": format_date(record.date_created),
        "date_updated": format_date(ended),
        "initiated_by": record.initiated_by,
        "url": url,
        "links": {"steps": f"{url}/Steps", "execution_context": f"{url}/Context"},
    }


def execution_context(app: StudioApp, record: ExecutionRecord) -> dict[str, Any]:
    """Render an Execution's Context (``execution_context``).

    Args:
        app: The app.
        record: The execution.

    Returns:
        The JSON object.
    """
    return {
        "account_sid": app.account_sid,
        "context": record.context,
        "flow_sid": record.flow_sid,
        "execution_sid": record.sid,
        "url": f"{_execution_url(app, record)}/Context",
    }


def step(app: StudioApp, owner: ExecutionRecord, record: StepRecord) -> dict[str, Any]:
    """Render an Execution Step (``execution_step``).

    Args:
        app: The app.
        owner: The step's execution.
        record: The step.

    Returns:
        The JSON object.
    """
    url = f"{_execution_url(app, owner)}/Steps/{record.sid}"
    return {
        "sid": record.sid,
        "account_sid": app.account_sid,
        "flow_sid": owner.flow_sid,
        "execution_sid": owner.sid,
        "parent_step_sid": record.parent_step_sid,
        "name": record.name,
        "context": record.context,
        "transitioned_from": record.transitioned_from,
        "transitioned_to": record.transitioned_to,
        "type": record.type,
        "date_created": format_date(record.date_created),
        "date_updated": None,
        "url": url,
        "links": {"step_context": f"{url}/Context"},
    }


def step_context(app: StudioApp, owner: ExecutionRecord, record: StepRecord) -> dict[str, Any]:
    """Render an Execution Step's Context (``execution_step_context``).

    Args:
        app: The app.
        owner: The step's execution.
        record: The step.

    Returns:
        The JSON object.
    """
    return {
        "account_sid": app.account_sid,
        "context": record.context,
        "execution_sid": owner.sid,
        "flow_sid": owner.flow_sid,
        "step_sid": record.sid,
        "url": f"{_execution_url(app, owner)}/Steps/{record.sid}/Context",
    }


def page(call: _Listing, items: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Cut one page out of ``items`` and wrap it in Twilio's list envelope.

    ``PageSize`` (1–1000, default 50) and ``Page`` (from 0) pick the page; a
    ``PageToken`` (``PT<offset>``, as found in ``next_page_url``) wins over ``Page``.

    Args:
        call: The routed request (its path, base URL and query parameters).
        items: Every item, in order.
        key: The array's name (``flows``, ``revisions``, ``executions``, ``steps``).

    Returns:
        ``{key: [...], "meta": {...}}``.

    Raises:
        ValueError: A paging parameter is malformed (the app answers 400 / 20001).
    """
    size = _int_param(call, "PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    number = _int_param(call, "Page", 0, 0, None)
    token = call.param("PageToken")
    offset = number * size
    if token is not None:
        if not (token.startswith("PT") and token[2:].isdigit()):
            raise ValueError(f"Invalid parameter PageToken: {token!r}")
        offset = int(token[2:])
    chosen = items[offset : offset + size]
    base = f"{call.base}{call.path}"

    def link(page_number: int, page_offset: int | None) -> str:
        query: dict[str, str | int] = {"PageSize": size, "Page": page_number}
        if page_offset is not None:
            query["PageToken"] = f"PT{page_offset}"
        return f"{base}?{urlencode(query)}"

    has_next = offset + size < len(items)
    has_previous = offset > 0
    return {
        key: chosen,
        "meta": {
            "page": number,
            "page_size": size,
            "first_page_url": link(0, None),
            "previous_page_url": link(number - 1, max(0, offset - size)) if has_previous else None,
            "next_page_url": link(number + 1, offset + size) if has_next else None,
            "url": link(number, offset if token is not None else None),
            "key": key,
        },
    }


def _int_param(call: _Listing, name: str, default: int, low: int, high: int | None) -> int:
    text = call.param(name)
    if text is None:
        return default
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        raise ValueError(f"Invalid parameter {name}: {text!r}")
    return int(text)
